/* Guard pages under thread stacks: the platform calls and core/sched. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/plat/paging.h>
#include <uk/test.h>
#include <uk/thread.h>

TESTCASE(stack_guard, page_calls)
{
	struct uk_alloc *a = uk_alloc_get_default();
	volatile char *p = uk_palloc(a, 2);

	EXPECT_NE(p, NULL);
	if (!p)
		return;
	p[0] = 1;
	EXPECT_EQ(ukplat_page_guard((void *)(p + 8)), -EINVAL);
	EXPECT_EQ(ukplat_page_unguard((void *)p), -EINVAL); /* not guarded */
	EXPECT_EQ(ukplat_page_guard((void *)p), 0);
	EXPECT_EQ(ukplat_page_guard((void *)p), -EFAULT); /* already */
	p[__PAGE_SIZE] = 2; /* the next page is still there */
	EXPECT_EQ(ukplat_page_unguard((void *)p), 0);
	EXPECT_EQ(p[0], 1);
	EXPECT_EQ(p[__PAGE_SIZE], 2);
	uk_pfree(a, (void *)p, 2);
}

/* Uses most of a 16 KiB stack: the guard page is below, not inside. */
static void use_stack(void *arg)
{
	volatile char buf[12 * 1024];
	unsigned int i;

	for (i = 0; i < sizeof(buf); i += 512)
		buf[i] = (char)(i / 512);
	*(int *)arg = buf[11 * 512];
}

/*
 * Many threads, each with a guard page taken from the heap and given
 * back: a page left unmapped after a thread is freed would fault when
 * the heap hands it out again.
 */
TESTCASE(stack_guard, threads_reuse_stacks)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread *t;
	volatile char *p;
	unsigned int i, guarded = 0;
	int out;

	for (i = 0; i < 64; i++) {
		out = 0;
		t = uk_thread_create("use_stack", use_stack, &out, 16 * 1024);
		EXPECT_FALSE(UK_PTRISERR(t));
		if (UK_PTRISERR(t))
			return;
		guarded += t->stack_guard;
		EXPECT_EQ(uk_thread_join(t, NULL), 0);
		EXPECT_EQ(out, 11);
		/* Most likely the run (guard page first) just given back. */
		p = uk_palloc(a, 5);
		EXPECT_NE(p, NULL);
		if (!p)
			return;
		p[0] = 1;
		uk_pfree(a, (void *)p, 5);
	}
	EXPECT_EQ(guarded, 64);
}
