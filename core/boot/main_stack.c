/*
 * The stack main() runs on: CONFIG_UK_MAIN_STACK_SIZE bytes from the heap
 * with a guard page below, instead of the platform's small boot stack
 * (x86_64 16 KiB), so that programs with deep call chains (SQLite's
 * parser, recursive code) run as on Linux, and an overflow ends in a crash
 * report.
 */
#include <uk/alloc.h>
#include <uk/boot_stack.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/plat/paging.h>
#include <uk/plat/thread.h>
#include <uk/print.h>
#include "main_stack.h"

/* The smallest stack worth switching to: the arm64 boot stack's size. */
#define MAIN_STACK_MIN (64 * 1024)

static struct ukplat_ctx boot_ctx, main_ctx;

void uk_boot_run_on_main_stack(void (*fn)(void *arg), void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t size = UK_ALIGN_UP(CONFIG_UK_MAIN_STACK_SIZE, __PAGE_SIZE);
	char *base = NULL;

	/* Halve until the heap can give it: small VMs still boot. */
	for (; size >= MAIN_STACK_MIN; size /= 2) {
		base = uk_palloc(a, size / __PAGE_SIZE + 1);
		if (base)
			break;
	}
	if (!base) {
		uk_pr_warn("no memory for main()'s stack: it runs on the boot "
			   "stack\n");
		fn(arg);
		return;
	}
	if (size < CONFIG_UK_MAIN_STACK_SIZE)
		uk_pr_warn("main() gets a %zu KiB stack (main_stack_size asks "
			   "for %zu KiB)\n",
			   size / 1024,
			   (size_t)CONFIG_UK_MAIN_STACK_SIZE / 1024);
	/* Without a guard (a platform that cannot), the page is unused. */
	if (ukplat_page_guard(base) < 0)
		uk_pr_debug("no guard page below main()'s stack\n");
	uk_boot_main_stack_size_set(size);
	ukplat_ctx_init(&main_ctx, base + __PAGE_SIZE, size, fn, arg);
	/* fn never returns (it ends in exit()), so boot_ctx is never resumed. */
	ukplat_ctx_switch(&boot_ctx, &main_ctx);
}
