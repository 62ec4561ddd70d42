/*
 * In-kernel tests of libc in the code that secondary CPUs run (lcpu
 * functions): each CPU's own thread descriptor, thread id and errno, FILE
 * locks and futexes shared with the boot CPU's threads, sleeps, and the
 * CPUs as libc counts them.
 */
#define _GNU_SOURCE /* gettid(), sched_getcpu(), CPU_COUNT() */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uk/config.h>
#include <uk/plat/lcpu.h>
#include <uk/test.h>

#define NCPU CONFIG_UKPLAT_LCPU_MAXCOUNT
#define STACK_SIZE (16 * 1024)
#define LINES 5000
#define MS 1000000LL

static char stacks[NCPU][STACK_SIZE] __aligned(16);
static volatile unsigned int arrived;

static pthread_t self_of[NCPU];
static int tid_of[NCPU];
static int *errno_of[NCPU];
static volatile int errno_kept[NCPU];
static FILE *shared;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static volatile int locked_by_cpu, cpu_holds, thread_saw_hold;
static volatile long long slept_ns[NCPU];
static volatile int getcpu_of[NCPU];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Waits until every CPU got here: they then run the rest together. */
static void all_arrive(void)
{
	__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) <
	       ukplat_lcpu_count())
		;
}

/* Runs fn on every CPU at once: the others by IPI, then this one. */
static void run_everywhere(void (*fn)(struct __regs *, void *))
{
	struct ukplat_lcpu_func f = { fn, NULL };
	struct __regs none;

	memset(&none, 0, sizeof(none));
	arrived = 0;
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f, UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  0);
	fn(&none, NULL);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
}

/* Runs fn on CPU 1 without waiting for it. */
static void run_on_cpu1(void (*fn)(struct __regs *, void *))
{
	struct ukplat_lcpu_func f = { fn, NULL };
	__lcpuidx one = 1;
	unsigned int num = 1;

	EXPECT_EQ(ukplat_lcpu_run(&one, &num, &f, UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  0);
}

static void wait_cpu1(void)
{
	__lcpuidx one = 1;
	unsigned int num = 1;

	EXPECT_EQ(ukplat_lcpu_wait(&one, &num, 0), 0);
}

TESTCASE(lcpu_libc, start)
{
	void *sp[NCPU];
	unsigned int i, num = 0;

	EXPECT_GE(ukplat_lcpu_count(), 2);
	for (i = 0; i < NCPU; i++)
		sp[i] = stacks[i] + STACK_SIZE;
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, NULL, 0), 0);
	EXPECT_EQ(num, ukplat_lcpu_count() - 1);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	/* A started CPU's thread pointer is fixed: too late to set one. */
	EXPECT_EQ(ukplat_lcpu_set_tlsp(1, 0), -EBUSY);
	EXPECT_EQ(ukplat_lcpu_set_tlsp(0, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_set_tlsp(ukplat_lcpu_count(), 0), -EINVAL);
}

static void ids_fn(struct __regs *regs __unused, void *arg __unused)
{
	unsigned int i = ukplat_lcpu_idx();

	self_of[i] = pthread_self();
	tid_of[i] = gettid();
	errno_of[i] = &errno;
	errno = 1000 + (int)i;
	all_arrive();
	errno_kept[i] = errno == 1000 + (int)i;
}

TESTCASE(lcpu_libc, own_thread_ids_and_errno)
{
	unsigned int i, j, n = ukplat_lcpu_count();

	run_everywhere(ids_fn);
	errno = 0;
	EXPECT_EQ(tid_of[0], getpid());
	for (i = 0; i < n; i++) {
		EXPECT_EQ(errno_kept[i], 1);
		EXPECT_GT(tid_of[i], 0);
		for (j = 0; j < i; j++) {
			EXPECT_NE(tid_of[i], tid_of[j]);
			EXPECT_TRUE(self_of[i] != self_of[j]);
			EXPECT_TRUE(errno_of[i] != errno_of[j]);
		}
	}
}

static void lines_fn(struct __regs *regs __unused, void *arg __unused)
{
	unsigned int i = ukplat_lcpu_idx();
	int k;

	all_arrive();
	for (k = 0; k < LINES; k++) {
		if (k % 2) {
			fprintf(shared, "cpu %u line %d\n", i, k);
			continue;
		}
		/* One line in two calls: the lock must be recursive. */
		flockfile(shared);
		fprintf(shared, "cpu %u ", i);
		fprintf(shared, "line %d\n", k);
		funlockfile(shared);
	}
}

/*
 * Every CPU, the boot CPU's thread included, prints into one FILE at the
 * same time, by single calls and by two calls under flockfile: each line
 * must come out whole, and each CPU's in order.
 */
TESTCASE(lcpu_libc, shared_file_keeps_lines_whole)
{
	unsigned int n = ukplat_lcpu_count(), cpu, next[NCPU] = { 0 };
	int k, lines = 0, bad = 0;
	char *buf = NULL, *line, *save;
	size_t len = 0;
	char want[32];

	shared = open_memstream(&buf, &len);
	EXPECT_TRUE(shared != NULL);
	if (!shared)
		return;
	run_everywhere(lines_fn);
	EXPECT_EQ(fclose(shared), 0);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lines++;
		if (sscanf(line, "cpu %u line %d", &cpu, &k) != 2 || cpu >= n) {
			bad++;
			continue;
		}
		snprintf(want, sizeof(want), "cpu %u line %d", cpu,
			 (int)next[cpu]);
		if (strcmp(line, want))
			bad++;
		else
			next[cpu]++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(lines, (int)n * LINES);
	for (cpu = 0; cpu < n; cpu++)
		EXPECT_EQ(next[cpu], LINES);
	free(buf);
}

static void lock_fn(struct __regs *regs __unused, void *arg __unused)
{
	pthread_mutex_lock(&mutex);
	locked_by_cpu = 1;
	pthread_mutex_unlock(&mutex);
}

static void hold_fn(struct __regs *regs __unused, void *arg __unused)
{
	long long t0;

	pthread_mutex_lock(&mutex);
	cpu_holds = 1;
	/*
	 * Held until the thread saw it: a hold of fixed length could start
	 * and end while the boot CPU's vCPU is descheduled on the host, and
	 * the thread would then wait for cpu_holds forever.
	 */
	while (!thread_saw_hold)
		;
	t0 = now_ns();
	while (now_ns() - t0 < 20 * MS)
		;
	cpu_holds = 0;
	pthread_mutex_unlock(&mutex);
}

/*
 * A CPU waits (spinning) for a mutex that a thread holds while it sleeps;
 * then the thread blocks on the mutex that the CPU holds, and is woken by
 * the CPU's unlock although the boot CPU idles with no timer armed.
 */
TESTCASE(lcpu_libc, mutex_between_cpu_and_thread)
{
	struct timespec ts = { 0, 20 * MS };
	long long t0;

	pthread_mutex_lock(&mutex);
	run_on_cpu1(lock_fn);
	nanosleep(&ts, NULL);
	EXPECT_EQ(locked_by_cpu, 0);
	pthread_mutex_unlock(&mutex);
	wait_cpu1();
	EXPECT_EQ(locked_by_cpu, 1);

	thread_saw_hold = 0;
	run_on_cpu1(hold_fn);
	while (!cpu_holds)
		;
	thread_saw_hold = 1;
	t0 = now_ns();
	EXPECT_EQ(pthread_mutex_lock(&mutex), 0);
	EXPECT_EQ(cpu_holds, 0);
	EXPECT_GT(now_ns() - t0, 0);
	pthread_mutex_unlock(&mutex);
	wait_cpu1();
}

static void sleep_fn(struct __regs *regs __unused, void *arg __unused)
{
	struct timespec ts = { 0, 5 * MS };
	unsigned int i = ukplat_lcpu_idx();
	long long t0 = now_ns();

	if (!nanosleep(&ts, NULL))
		slept_ns[i] = now_ns() - t0;
}

TESTCASE(lcpu_libc, cpus_sleep_without_a_thread)
{
	struct ukplat_lcpu_func f = { sleep_fn, NULL };
	unsigned int i;

	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f, 0), 0);
	for (i = 1; i < ukplat_lcpu_count(); i++)
		EXPECT_GE(slept_ns[i], 5 * MS);
}

static void getcpu_fn(struct __regs *regs __unused, void *arg __unused)
{
	getcpu_of[ukplat_lcpu_idx()] = sched_getcpu();
}

/* The platform's CPUs are libc's online CPUs; getcpu names the caller's. */
TESTCASE(lcpu_libc, cpus_seen_by_libc)
{
	unsigned int i, n = ukplat_lcpu_count();
	cpu_set_t set;

	EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), (long)n);
	EXPECT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	EXPECT_EQ(CPU_COUNT(&set), (int)n);
	run_everywhere(getcpu_fn);
	for (i = 0; i < n; i++)
		EXPECT_EQ(getcpu_of[i], (int)i);
}
