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

/*
 * QEMU's isa-debugcon (Bochs' port 0xe9) where the runner listens for
 * the exit line: isa-debug-exit's process status alone cannot tell a guest
 * exit 0 from QEMU's own error exit 1. Without the device writes vanish.
 */
#define X86_DEBUGCON_PORT 0xe9

void ukplat_terminate(int status)
{
	char line[UKPLAT_EXIT_LINE_SIZE];
	const char *c;

	ukplat_exit_line(line, status);
	for (c = line; *c; c++)
		outb(X86_DEBUGCON_PORT, (uint8_t)*c);
	outl(X86_DEBUG_EXIT_PORT, (uint32_t)status & 0xff);
	x86_halt_forever();
}
