/* Power-off with an exit status: semihosting, then PSCI, then halt. */
#include <uk/plat/bootstrap.h>
#include <arm64/psci.h>
#include <arm64/semihost.h>

static volatile int terminating;

void ukplat_terminate(int status)
{
	/* AArch64 SYS_EXIT takes a block: reason, then the exit status. */
	volatile uint64_t blk[2] = { SEMIHOST_ADP_STOPPED_APPLICATION_EXIT,
				     (uint64_t)(int64_t)status };
	char line[UKPLAT_EXIT_LINE_SIZE];

	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	/* A fault on the way out (e.g. no PSCI conduit) lands here again. */
	if (!terminating) {
		terminating = 1;
		/*
		 * The exit line goes to the semihosting console, which the
		 * runner points at a file of its own (see bootstrap.h).
		 */
		ukplat_exit_line(line, status);
		arm64_semihost_call(SEMIHOST_SYS_WRITE0, (uintptr_t)line);
		/* QEMU with -semihosting-config enable=on exits with status. */
		arm64_semihost_call(SEMIHOST_SYS_EXIT, (uintptr_t)blk);
		/* PSCI SYSTEM_OFF cannot carry a status: QEMU exits with 0. */
		arm64_psci_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	}
	for (;;)
		__asm__ __volatile__("wfi");
}
