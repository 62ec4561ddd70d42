/*
 * The in-kernel test runner: TAP output for every TESTCASE, each case's
 * guest time on a comment line before its result (to find the slow one
 * of an image under TCG; not checked by any test).
 */
#include <uk/plat/time.h>
#include <uk/test.h>

extern const struct uk_testcase __uk_testtab_start[];
extern const struct uk_testcase __uk_testtab_end[];

static bool test_failed;

void _uk_test_fail(const char *file, int line, const char *expr)
{
	test_failed = true;
	uk_printk("# %s:%d: expected %s\n", file, line, expr);
}

void _uk_test_fail_eq(const char *file, int line, const char *expr, long long a,
		      long long b)
{
	test_failed = true;
	uk_printk("# %s:%d: expected %s (%lld vs %lld)\n", file, line, expr, a,
		  b);
}

int uk_test_run_all(void)
{
	const struct uk_testcase *t;
	int n = __uk_testtab_end - __uk_testtab_start;
	int i = 0, failed = 0;

	uk_printk("TAP version 13\n1..%d\n", n);
	for (t = __uk_testtab_start; t < __uk_testtab_end; t++) {
		__nsec t0 = ukplat_monotonic_clock();

		test_failed = false;
		t->fn();
		i++;
		uk_printk("# %s.%s: %lu ms\n", t->suite, t->name,
			  (unsigned long)((ukplat_monotonic_clock() - t0) /
					  1000000));
		if (test_failed)
			failed++;
		uk_printk("%sok %d - %s.%s\n", test_failed ? "not " : "", i,
			  t->suite, t->name);
	}
	uk_printk("# tessera-test: done, %d passed, %d failed\n", n - failed,
		  failed);
	return failed;
}
