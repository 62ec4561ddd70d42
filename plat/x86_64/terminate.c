/* Machine power-off for QEMU through the isa-debug-exit device. */
#include <uk/asm/io.h>
#include <uk/plat/bootstrap.h>
#include <x86/cpu.h>

/*
 * QEMU's `-device isa-debug-exit,iobase=0xf4,iosize=0x04` exits with
 * status (value << 1) | 1 on a write. Without that device the write is
 * ignored and we halt instead.
 */
#define X86_DEBUG_EXIT_PORT 0xf4

void ukplat_terminate(int status)
{
	outl(X86_DEBUG_EXIT_PORT, (uint32_t)status & 0xff);
	x86_halt_forever();
}
