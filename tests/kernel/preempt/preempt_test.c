/*
 * Preemption through musl threads (core/sched/preempt.c). Each part
 * prints "preempt: <part> ok" or a failure, then the image exits 0 only
 * if all passed:
 * - busy: a thread spinning in for(;;) with no syscall does not starve
 *   main, which sleeps and wakes several times (under a cooperative
 *   scheduler main never wakes: the test times out);
 * - regs: two threads keep values in the general and vector registers
 *   and flags in a tight loop (regs_<arch>.c) while the tick preempts
 *   them in turn; every check must hold;
 * - alloc: threads malloc and free in a loop while main makes syscalls
 *   that allocate in the kernel (pipe, close): a thread preempted inside
 *   the heap lock would leave main's kernel code spinning forever.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uk/preempt.h>
#include "regs.h"

#define NAP_NS (20 * 1000 * 1000L)
#define REGS_THREADS 2
#define REGS_ROUNDS 20000
#define ALLOC_THREADS 3

static atomic_int stop;
static atomic_ulong spins;
static int failures;

static void nap(void)
{
	struct timespec ts = { 0, NAP_NS };

	nanosleep(&ts, NULL);
}

static void check(int ok, const char *part)
{
	printf("preempt: %s %s\n", part, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static void *busy(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		atomic_fetch_add_explicit(&spins, 1, memory_order_relaxed);
	return NULL;
}

static void test_busy(void)
{
	pthread_t t;
	unsigned long seen = 0;
	int i, grew = 0;

	atomic_store(&stop, 0);
	pthread_create(&t, NULL, busy, NULL);
	for (i = 0; i < 5; i++) {
		unsigned long now;

		nap();
		now = atomic_load(&spins);
		printf("preempt: busy: main woke %d, spinner at %s\n", i,
		       now > seen ? "a new count" : "the same count");
		grew += now > seen;
		seen = now;
	}
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	check(grew >= 4, "busy");
}

static void *regs(void *arg)
{
	unsigned long seed = (unsigned long)arg, rounds = 0;
	int bad = 0;

	while (!bad && !atomic_load(&stop)) {
		bad = preempt_regs_loop(seed, REGS_ROUNDS);
		rounds++;
	}
	printf("preempt: regs: thread %lu ran %lu loops%s\n", seed / 1000,
	       rounds, bad ? ", registers CORRUPTED" : "");
	return (void *)(long)bad;
}

static void test_regs(void)
{
	pthread_t t[REGS_THREADS];
	unsigned long before = uk_preempt_count(), during;
	int i, bad = 0;
	void *rc;

	atomic_store(&stop, 0);
	for (i = 0; i < REGS_THREADS; i++)
		pthread_create(&t[i], NULL, regs,
			       (void *)(unsigned long)(1000 * (i + 1)));
	/* The two loops take turns at each tick while main sleeps. */
	for (i = 0; i < 10; i++)
		nap();
	atomic_store(&stop, 1);
	for (i = 0; i < REGS_THREADS; i++) {
		pthread_join(t[i], &rc);
		bad |= rc != NULL;
	}
	during = uk_preempt_count() - before;
	printf("preempt: regs: %s preemptions\n",
	       during >= 10 ? "at least 10" : "too few");
	check(!bad && during >= 10, "regs");
}

static void *churn(void *arg)
{
	unsigned long seed = (unsigned long)arg, n = 0;
	int bad = 0;

	while (!atomic_load(&stop)) {
		size_t size = 16 + (seed = seed * 1103515245 + 12345) % 3000;
		unsigned char *p = malloc(size);

		if (!p)
			continue;
		memset(p, (int)(seed & 0xff), size);
		if (p[size - 1] != (unsigned char)(seed & 0xff))
			bad = 1;
		free(p);
		n++;
	}
	return (void *)(long)(bad || !n);
}

static void test_alloc(void)
{
	pthread_t t[ALLOC_THREADS];
	int i, fds[2], bad = 0;
	void *rc;

	atomic_store(&stop, 0);
	for (i = 0; i < ALLOC_THREADS; i++)
		pthread_create(&t[i], NULL, churn, (void *)(unsigned long)i);
	for (i = 0; i < 300; i++) {
		if (pipe(fds)) {
			bad = 1;
			break;
		}
		close(fds[0]);
		close(fds[1]);
		if (i % 30 == 0)
			nap();
	}
	atomic_store(&stop, 1);
	for (i = 0; i < ALLOC_THREADS; i++) {
		pthread_join(t[i], &rc);
		bad |= rc != NULL;
	}
	check(!bad, "alloc");
}

int main(void)
{
	test_busy();
	test_regs();
	test_alloc();
	printf("preempt: done, %d failed\n", failures);
	return failures ? 1 : 0;
}
