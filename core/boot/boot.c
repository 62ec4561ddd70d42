/* The portable boot sequence: inittab, argv, then musl and main(). */
#include <uk/argparse.h>
#include <uk/boot.h>
#include <uk/config.h>
#include <uk/init.h>
#include <uk/plat/bootstrap.h>
#include <uk/preempt.h>
#include <uk/print.h>
#include "heap.h"
#include "libc_start.h"
#include "main_stack.h"

/* Exit status when an init function fails, distinct from common app codes. */
#define UK_BOOT_INIT_FAILED 126

extern const struct uk_inittab_entry __uk_inittab_start[];
extern const struct uk_inittab_entry __uk_inittab_end[];

/* The application's; musl passes envp as a third argument. */
int main(int argc, char *argv[], char *envp[]);

static char boot_cmdline[4096];
static char *boot_argv[UK_BOOT_MAXARGS + 1];
static int boot_argc;

/* main()'s argv[0] when the command line does not name the program. */
#define BOOT_PROGRAM_NAME "tessera"

static int boot_args(const struct ukplat_bootinfo *bi)
{
	/* argv[0] is ours unless the loader named the program. */
	int first = bi->cmdline_has_program ? 0 : 1;
	size_t i;
	int argc;

	for (i = 0; bi->cmdline[i] && i < sizeof(boot_cmdline) - 1; i++)
		boot_cmdline[i] = bi->cmdline[i];
	boot_cmdline[i] = '\0';
	argc = uk_argparse(boot_cmdline, boot_argv + first,
			   UK_BOOT_MAXARGS - first);
	if (argc < 0) {
		uk_pr_warn("more than %d arguments, the rest are dropped\n",
			   UK_BOOT_MAXARGS);
		argc = UK_BOOT_MAXARGS - first;
	}
	argc += first;
	if (argc == 0 || first) {
		/* No program name: still give main() an argv[0]. */
		boot_argv[0] = BOOT_PROGRAM_NAME;
		argc = UK_MAX(argc, 1);
	}
	boot_argv[argc] = NULL;
	return argc;
}

/* musl's start, then main(); ends in exit(), never returns. */
static void boot_main(void *arg __unused)
{
	/* From here on the thread runs application code: preemptible. */
	uk_preempt_enable();
	uk_boot_libc_start(main, boot_argc, boot_argv);
}

void uk_boot_entry(struct ukplat_bootinfo *bi)
{
	const struct uk_inittab_entry *e;
	int rc;

	uk_pr_info("Tessera booting\n");
	/* Before the heap can reuse the boot loader's memory. */
	uk_boot_cmdline_init(bi->cmdline);
	rc = uk_boot_heap_init(bi);
	if (rc < 0) {
		uk_pr_err("no memory for the heap: %d\n", rc);
		ukplat_terminate(UK_BOOT_INIT_FAILED);
	}
	for (e = __uk_inittab_start; e < __uk_inittab_end; e++) {
		rc = e->fn();
		if (rc < 0) {
			uk_pr_err("init %s failed: %d\n", e->name, rc);
			ukplat_terminate(UK_BOOT_INIT_FAILED);
		}
	}
	boot_argc = boot_args(bi);
	uk_boot_run_on_main_stack(boot_main, NULL);
	__builtin_unreachable();
}
