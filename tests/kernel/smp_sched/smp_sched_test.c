/*
 * In-kernel tests of threads on every CPU (smp_threads on): mutex,
 * condition variable, semaphore and futex hand-offs between threads with
 * the invariants checked at each step (no lost wake-up: every wait ends
 * within a bounded time; no double run: a per-thread running flag taken
 * by atomic exchange), create/join, threads spread over the CPUs, and
 * affinity honoured. Run at -smp 1, 2 and 4; SMP_SCHED_ROUNDS scales the
 * work (the manual stress variant raises it).
 */
#define _GNU_SOURCE /* sched_getcpu(), CPU_* */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat/lcpu.h>
#include <uk/test.h>

#ifndef SMP_SCHED_ROUNDS
#define SMP_SCHED_ROUNDS 30
#endif
#define NTHREADS 6
/* Linux's futex operations (musl has no <linux/futex.h>). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
/* A hand-off not done within this is a lost wake-up. */
#define WAIT_S 10

struct worker {
	int id;
	int running; /* set while it runs a step */
	unsigned long cpus_seen; /* bit per sched_getcpu() observed */
	int errors; /* double runs, wait timeouts, wrong CPUs */
	pthread_t thread;
};

static struct worker workers[NTHREADS];

static void deadline_in(struct timespec *ts, int s)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += s;
}

/* One step of w: nobody else runs it meanwhile; records its CPU. */
static void step_begin(struct worker *w)
{
	int cpu = sched_getcpu();

	if (__atomic_exchange_n(&w->running, 1, __ATOMIC_ACQ_REL))
		w->errors++;
	if (cpu >= 0 && cpu < 64)
		w->cpus_seen |= 1UL << cpu;
}

static void step_end(struct worker *w)
{
	if (!__atomic_exchange_n(&w->running, 0, __ATOMIC_ACQ_REL))
		w->errors++;
}

static void workers_reset(void)
{
	int i;

	for (i = 0; i < NTHREADS; i++) {
		workers[i].id = i;
		workers[i].running = 0;
		workers[i].cpus_seen = 0;
		workers[i].errors = 0;
	}
}

static void workers_run(void *(*fn)(void *))
{
	int i;

	workers_reset();
	for (i = 0; i < NTHREADS; i++)
		EXPECT_EQ(pthread_create(&workers[i].thread, NULL, fn,
					 &workers[i]),
			  0);
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_EQ(pthread_join(workers[i].thread, NULL), 0);
		EXPECT_EQ(workers[i].errors, 0);
	}
}

/* The number of CPUs some worker ran on. */
static int workers_cpus(void)
{
	unsigned long all = 0;
	int i;

	for (i = 0; i < NTHREADS; i++)
		all |= workers[i].cpus_seen;
	return __builtin_popcountl(all);
}

/* Every CPU the platform brought up runs threads. */
TESTCASE(smp_sched, cpus_online)
{
	cpu_set_t set;

	EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), (long)ukplat_lcpu_count());
	EXPECT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	EXPECT_EQ(CPU_COUNT(&set), (int)ukplat_lcpu_count());
}

/* A token passed round the ring of workers under one mutex and condvar. */
static pthread_mutex_t ring_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_cond = PTHREAD_COND_INITIALIZER;
static int ring_turn, ring_passes;

static void *ring_worker(void *arg)
{
	struct worker *w = arg;
	struct timespec ts;
	int r;

	for (r = 0; r < SMP_SCHED_ROUNDS; r++) {
		pthread_mutex_lock(&ring_mutex);
		deadline_in(&ts, WAIT_S);
		while (ring_turn != w->id) {
			if (pthread_cond_timedwait(&ring_cond, &ring_mutex,
						   &ts) == ETIMEDOUT) {
				w->errors++;
				break;
			}
		}
		step_begin(w);
		ring_passes++;
		ring_turn = (w->id + 1) % NTHREADS;
		step_end(w);
		pthread_cond_broadcast(&ring_cond);
		pthread_mutex_unlock(&ring_mutex);
	}
	return NULL;
}

TESTCASE(smp_sched, mutex_condvar_ring)
{
	ring_turn = 0;
	ring_passes = 0;
	workers_run(ring_worker);
	/*
	 * Not checked: that the ring used several CPUs. Its hand-offs run
	 * one thread at a time, and when the host holds one vCPU off, the
	 * other steals the woken threads back (seen under TCG on a loaded
	 * host). yielding_threads checks the spread with threads that are
	 * runnable together.
	 */
	EXPECT_EQ(ring_passes, NTHREADS * SMP_SCHED_ROUNDS);
}

/* Semaphore ping-pong: worker 2k posts 2k+1 and waits for its answer. */
static sem_t sem_to[NTHREADS];

static void *sem_worker(void *arg)
{
	struct worker *w = arg;
	int peer = w->id ^ 1, r;
	struct timespec ts;

	for (r = 0; r < SMP_SCHED_ROUNDS; r++) {
		if (w->id & 1) {
			deadline_in(&ts, WAIT_S);
			if (sem_timedwait(&sem_to[w->id], &ts))
				w->errors++;
			step_begin(w);
			step_end(w);
			sem_post(&sem_to[peer]);
		} else {
			step_begin(w);
			step_end(w);
			sem_post(&sem_to[peer]);
			deadline_in(&ts, WAIT_S);
			if (sem_timedwait(&sem_to[w->id], &ts))
				w->errors++;
		}
	}
	return NULL;
}

TESTCASE(smp_sched, semaphore_ping_pong)
{
	int i, v;

	for (i = 0; i < NTHREADS; i++)
		EXPECT_EQ(sem_init(&sem_to[i], 0, 0), 0);
	workers_run(sem_worker);
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_EQ(sem_getvalue(&sem_to[i], &v), 0);
		EXPECT_EQ(v, 0);
		sem_destroy(&sem_to[i]);
	}
}

/* Raw futex hand-off: each worker waits for the word to reach its id. */
static int futex_word, futex_steps;

static void *futex_worker(void *arg)
{
	struct worker *w = arg;
	struct timespec rel = { .tv_sec = WAIT_S };
	int r, cur;

	for (r = 0; r < SMP_SCHED_ROUNDS; r++) {
		while ((cur = __atomic_load_n(&futex_word, __ATOMIC_ACQUIRE)) !=
		       w->id) {
			if (syscall(SYS_futex, &futex_word, FUTEX_WAIT, cur,
				    &rel, NULL, 0) &&
			    errno == ETIMEDOUT) {
				w->errors++;
				break;
			}
		}
		step_begin(w);
		futex_steps++;
		step_end(w);
		__atomic_store_n(&futex_word, (w->id + 1) % NTHREADS,
				 __ATOMIC_RELEASE);
		syscall(SYS_futex, &futex_word, FUTEX_WAKE, NTHREADS, NULL,
			NULL, 0);
	}
	return NULL;
}

TESTCASE(smp_sched, futex_ring)
{
	futex_word = 0;
	futex_steps = 0;
	workers_run(futex_worker);
	EXPECT_EQ(futex_steps, NTHREADS * SMP_SCHED_ROUNDS);
}

/*
 * CPU-bound workers that only yield, never blocking: they never run
 * twice at once, and while they are runnable together, more of them than
 * CPUs, every CPU runs some. A worker spins (yielding) at a gate until
 * the last one is created: without it, under TCG a worker could finish
 * its rounds before its creator, slowed by the TLB shootdown of each new
 * stack's guard page, made the next one, so that the workers never
 * overlapped and all ran on the one CPU that was idle (issue 14).
 *
 * Their rounds take some 20-60 ms at -smp 4 under TCG, and a loaded host
 * may hold a vCPU off for all of that: an idle CPU then steals the thread
 * queued on the absent one, which runs nothing (1 run in 3 failed "3 vs
 * 4" at load 6, a different CPU missing each time). So the workers go on
 * yielding after their rounds until every CPU ran one of them, for at
 * most WAIT_S: a CPU that the scheduler never gives a runnable thread
 * (an idle CPU left halted while threads wait elsewhere) still fails.
 */
static int spin_gate;
static unsigned long spin_cpus; /* CPUs some worker ran on */

static bool spin_all_seen(int n)
{
	return __builtin_popcountl(
		       __atomic_load_n(&spin_cpus, __ATOMIC_RELAXED)) >= n;
}

static void *spin_worker(void *arg)
{
	struct worker *w = arg;
	int n = (int)ukplat_lcpu_count(), r, i;
	volatile unsigned long x = 0;
	struct timespec now, end;

	if (n > NTHREADS)
		n = NTHREADS;
	while (!__atomic_load_n(&spin_gate, __ATOMIC_ACQUIRE))
		sched_yield();
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += WAIT_S;
	for (r = 0;; r++) {
		if (r >= SMP_SCHED_ROUNDS) {
			if (spin_all_seen(n))
				break;
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > end.tv_sec ||
			    (now.tv_sec == end.tv_sec &&
			     now.tv_nsec >= end.tv_nsec))
				break;
		}
		step_begin(w);
		__atomic_or_fetch(&spin_cpus, w->cpus_seen, __ATOMIC_RELAXED);
		for (i = 0; i < 20000; i++)
			x += i;
		step_end(w);
		sched_yield();
	}
	return NULL;
}

TESTCASE(smp_sched, yielding_threads)
{
	int i, n = NTHREADS;

	if ((int)ukplat_lcpu_count() < n)
		n = (int)ukplat_lcpu_count();
	workers_reset();
	__atomic_store_n(&spin_cpus, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&spin_gate, 0, __ATOMIC_RELEASE);
	for (i = 0; i < NTHREADS; i++)
		EXPECT_EQ(pthread_create(&workers[i].thread, NULL, spin_worker,
					 &workers[i]),
			  0);
	__atomic_store_n(&spin_gate, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_EQ(pthread_join(workers[i].thread, NULL), 0);
		EXPECT_EQ(workers[i].errors, 0);
	}
	/* All CPUs used, within WAIT_S. */
	EXPECT_EQ(workers_cpus(), n);
}

/* Threads created and joined from several threads at once. */
static void *leaf(void *arg)
{
	return (void *)((long)arg * 2);
}

static void *create_join_worker(void *arg)
{
	struct worker *w = arg;
	pthread_t t;
	void *ret;
	long r;

	for (r = 0; r < SMP_SCHED_ROUNDS / 10; r++) {
		if (pthread_create(&t, NULL, leaf, (void *)r) ||
		    pthread_join(t, &ret) || (long)ret != r * 2)
			w->errors++;
	}
	return NULL;
}

TESTCASE(smp_sched, create_join)
{
	workers_run(create_join_worker);
}

/* Pinned to the last CPU: every observation, sleeping or not, is on it. */
static void *pinned_worker(void *arg)
{
	struct worker *w = arg;
	int k = (int)ukplat_lcpu_count() - 1, r;
	struct timespec ns = { .tv_nsec = 100000 };

	for (r = 0; r < SMP_SCHED_ROUNDS / 10; r++) {
		step_begin(w);
		if (sched_getcpu() != k)
			w->errors++;
		step_end(w);
		if (r & 1)
			sched_yield();
		else
			nanosleep(&ns, NULL);
	}
	return NULL;
}

TESTCASE(smp_sched, affinity_pins)
{
	int k = (int)ukplat_lcpu_count() - 1;
	cpu_set_t set, got;
	int i;

	/* The caller itself moves at once. */
	CPU_ZERO(&set);
	CPU_SET(k, &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
	EXPECT_EQ(sched_getcpu(), k);
	EXPECT_EQ(sched_getaffinity(0, sizeof(got), &got), 0);
	EXPECT_TRUE(CPU_EQUAL(&set, &got));
	/* Threads it creates inherit the mask. */
	workers_reset();
	for (i = 0; i < NTHREADS; i++)
		EXPECT_EQ(pthread_create(&workers[i].thread, NULL,
					 pinned_worker, &workers[i]),
			  0);
	for (i = 0; i < NTHREADS; i++) {
		EXPECT_EQ(pthread_join(workers[i].thread, NULL), 0);
		EXPECT_EQ(workers[i].errors, 0);
		EXPECT_EQ(workers[i].cpus_seen, 1UL << k);
	}
	/* Back to every CPU, and to the boot CPU. */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
	EXPECT_EQ(sched_getcpu(), 0);
	for (i = 0; i < (int)ukplat_lcpu_count(); i++)
		CPU_SET(i, &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
	/* A CPU that does not run threads is refused. */
	CPU_ZERO(&set);
	CPU_SET(ukplat_lcpu_count(), &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), -1);
	EXPECT_EQ(errno, EINVAL);
}

/* A thread that spins on one CPU, publishing the CPU it runs on. */
static int busy_cpu = -1, busy_stop;

static void *busy_worker(void *arg)
{
	int k = *(int *)arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(k, &set);
	sched_setaffinity(0, sizeof(set), &set);
	while (!__atomic_load_n(&busy_stop, __ATOMIC_ACQUIRE))
		__atomic_store_n(&busy_cpu, sched_getcpu(), __ATOMIC_RELEASE);
	return NULL;
}

/* Waits up to WAIT_S for busy_cpu to be cpu. */
static int busy_reaches(int cpu)
{
	struct timespec ms = { .tv_nsec = 1000000 };
	int i;

	for (i = 0; i < WAIT_S * 1000; i++) {
		if (__atomic_load_n(&busy_cpu, __ATOMIC_ACQUIRE) == cpu)
			return 1;
		nanosleep(&ms, NULL);
	}
	return 0;
}

/*
 * Moving a thread that runs on another CPU, alone there and never
 * blocking: it moves within a tick (before, it ran on where it was as
 * long as nothing else was queued on that CPU).
 */
TESTCASE(smp_sched, affinity_moves_a_busy_thread)
{
	int k = (int)ukplat_lcpu_count() - 1;
	cpu_set_t set;
	pthread_t t;

	if (k == 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
	__atomic_store_n(&busy_stop, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&busy_cpu, -1, __ATOMIC_RELEASE);
	EXPECT_EQ(pthread_create(&t, NULL, busy_worker, &k), 0);
	EXPECT_TRUE(busy_reaches(k));
	EXPECT_EQ(pthread_setaffinity_np(t, sizeof(set), &set), 0);
	EXPECT_TRUE(busy_reaches(0));
	__atomic_store_n(&busy_stop, 1, __ATOMIC_RELEASE);
	EXPECT_EQ(pthread_join(t, NULL), 0);
	for (k = 0; k < (int)ukplat_lcpu_count(); k++)
		CPU_SET(k, &set);
	EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
}

/* Every thread gets the preemption tick's slice, 10 ms (preempt on). */
TESTCASE(smp_sched, rr_interval_is_the_slice)
{
	struct timespec slice = { .tv_sec = -1 };

	EXPECT_EQ(sched_rr_get_interval(0, &slice), 0);
	EXPECT_EQ(slice.tv_sec, 0);
	EXPECT_EQ(slice.tv_nsec, 10 * 1000 * 1000);
	EXPECT_EQ(sched_rr_get_interval(-1, &slice), -1);
	EXPECT_EQ(errno, EINVAL);
}
