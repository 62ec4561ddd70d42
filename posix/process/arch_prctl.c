/*
 * arch_prctl (x86_64 only; on arm64 the record is dropped). The thread
 * pointer (ARCH_SET_FS/ARCH_GET_FS) is the platform's, which the scheduler
 * saves and restores per thread. The GS base holds the kernel's per-CPU
 * pointer, so ARCH_SET_GS gives EPERM; the program's own GS base reads as
 * 0, the value it starts with on Linux. CPUID cannot be made to fault
 * (ARCH_SET_CPUID: ENODEV, as Linux without CPUID faulting).
 */
#include <errno.h>
#include <uk/plat/thread.h>
#include <uk/syscall.h>
#include "process_impl.h"

/* <asm/prctl.h>'s codes. */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012
/* Linux's TASK_SIZE_MAX on x86_64 with 4-level paging. */
#define ARCH_ADDR_LIMIT 0x7ffffffff000UL

UK_SYSCALL_DEFINE(int, arch_prctl, int, code, unsigned long, addr)
{
	unsigned long *out = (unsigned long *)addr;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= ARCH_ADDR_LIMIT)
			return -EPERM;
		ukplat_tlsp_set(addr);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		if (!out)
			return -EFAULT;
		*out = code == ARCH_GET_FS ? ukplat_tlsp_get() : 0;
		return 0;
	case ARCH_SET_GS:
		return -EPERM;
	case ARCH_GET_CPUID:
		return 1;
	case ARCH_SET_CPUID:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}
