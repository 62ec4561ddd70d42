/*
 * exit, exit_group and reboot. musl's exit() has already run the atexit
 * handlers and flushed stdio when it calls exit_group, so the kernel only
 * powers the machine off, with the status as the VMM's exit code.
 */
#include <errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/syscall.h>
#include "process_impl.h"

void posix_process_terminate(int status)
{
	/* Linux reports the low 8 bits of the status to the parent. */
	ukplat_terminate(status & 0xff);
}

UK_SYSCALL_DEFINE(long, exit_group, long, status)
{
	posix_process_terminate((int)status);
}

/* Ends the calling thread only; the last one ends the process. */
UK_SYSCALL_DEFINE(long, exit, long, status)
{
	posix_thread_exit((int)status);
}

/* Linux's reboot(2) magic numbers and commands (<linux/reboot.h>). */
#define REBOOT_MAGIC1 0xfee1deadu
#define REBOOT_MAGIC2 672274793u
#define REBOOT_MAGIC2A 85072278u
#define REBOOT_MAGIC2B 369367448u
#define REBOOT_MAGIC2C 537993216u
#define REBOOT_CMD_RESTART 0x01234567u
#define REBOOT_CMD_HALT 0xcdef0123u
#define REBOOT_CMD_CAD_ON 0x89abcdefu
#define REBOOT_CMD_CAD_OFF 0x00000000u
#define REBOOT_CMD_POWER_OFF 0x4321fedcu
#define REBOOT_CMD_RESTART2 0xa1b2c3d4u
#define REBOOT_CMD_SW_SUSPEND 0xd000fce2u
#define REBOOT_CMD_KEXEC 0x45584543u

/*
 * Power off, halt and restart all end the guest with status 0 (the VM has
 * no firmware to restart into: the VMM's user restarts it). Ctrl-Alt-Del
 * settings are accepted; there is no image to kexec (EINVAL, as Linux
 * without a loaded one) and no hibernation (ENOSYS, as Linux without it).
 */
UK_SYSCALL_DEFINE(int, reboot, unsigned int, magic1, unsigned int, magic2,
		  unsigned int, cmd, void *, arg __unused)
{
	if (magic1 != REBOOT_MAGIC1 ||
	    (magic2 != REBOOT_MAGIC2 && magic2 != REBOOT_MAGIC2A &&
	     magic2 != REBOOT_MAGIC2B && magic2 != REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_RESTART:
	case REBOOT_CMD_RESTART2:
	case REBOOT_CMD_HALT:
	case REBOOT_CMD_POWER_OFF:
		posix_process_terminate(0);
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		return 0;
	case REBOOT_CMD_KEXEC:
		return -EINVAL;
	case REBOOT_CMD_SW_SUSPEND:
		return -ENOSYS;
	default:
		return -EINVAL;
	}
}
