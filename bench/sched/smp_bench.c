/*
 * SMP benchmark (issue 14), for an image with smp_threads on:
 *
 * - cpu-bound: THREADS pthreads share a fixed amount of work (each walks
 *   its share of a hash chain, no I/O, no shared data); the elapsed
 *   monotonic time from the first create to the last join, and the CPUs
 *   the threads were seen on. Run at -smp 1 and -smp 2 for the speed-up.
 *   With two CPUs or more, again with thread i pinned to CPU i mod CPUs:
 *   no placement, stealing or migration, to tell the scheduler's part.
 * - same-CPU context switch: two pthreads pinned to CPU 0 yield to each
 *   other (ns per switch).
 * - cross-CPU wake-up: a pthread pinned to CPU 0 and one pinned to CPU 1
 *   hand a turn back and forth through futexes, each blocking in
 *   FUTEX_WAIT until the other wakes it (ns per round trip: two wake-ups).
 */
#define _GNU_SOURCE /* sched_getcpu(), CPU_* */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define WORK (1L << 26) /* hash steps in all, split between the threads */
#define SWITCHES_YIELD 100000 /* per thread: 2x that many switches */
#define ROUNDS_PINGPONG 500 /* cross-CPU round trips */

/* Linux's futex operations (<linux/futex.h>, which musl does not ship). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

struct worker {
	pthread_t tid;
	uint64_t hash; /* the chain's end, so the work cannot be elided */
	unsigned long cpus_seen; /* bit per sched_getcpu() observed */
	long steps;
	int idx, cpu; /* cpu: the one to pin to, or -1 */
};

/* FNV-1a over the previous value's bytes, steps times. */
static void *worker_run(void *arg)
{
	struct worker *w = arg;
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)w->idx;
	long i;
	int b;

	if (w->cpu >= 0 && pin(w->cpu))
		return (void *)1;
	for (i = 0; i < w->steps; i++) {
		uint64_t v = h;

		for (b = 0; b < 8; b++) {
			h ^= v & 0xff;
			h *= 1099511628211ULL;
			v >>= 8;
		}
		if (!(i & 0xffff))
			w->cpus_seen |= 1UL << (sched_getcpu() & 63);
	}
	w->cpus_seen |= 1UL << (sched_getcpu() & 63);
	w->hash = h;
	return NULL;
}

/* ncpus > 0: thread i pinned to CPU i mod ncpus; 0: threads placed freely. */
static int bench_cpu_bound(int ncpus)
{
	struct worker w[THREADS] = { 0 };
	unsigned long seen = 0;
	uint64_t sum = 0;
	long long t0, t1;
	int i, spread = 0;

	t0 = now_ns();
	for (i = 0; i < THREADS; i++) {
		w[i].steps = WORK / THREADS;
		w[i].idx = i;
		w[i].cpu = ncpus ? i % ncpus : -1;
		if (pthread_create(&w[i].tid, NULL, worker_run, &w[i]))
			return -1;
	}
	for (i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(w[i].tid, &r);
		if (r)
			return -1;
	}
	t1 = now_ns();
	for (i = 0; i < THREADS; i++) {
		seen |= w[i].cpus_seen;
		sum += w[i].hash;
	}
	for (i = 0; i < 64; i++)
		spread += !!(seen & (1UL << i));
	printf("smp_bench: cpu-bound%s: %lld us (%d threads, %ld hash steps, "
	       "on %d CPUs, chain %016llx)\n",
	       ncpus ? " pinned" : "", (t1 - t0) / 1000, THREADS, WORK, spread,
	       (unsigned long long)sum);
	return 0;
}

static void *yield_loop(void *arg)
{
	long n = (long)arg;

	if (pin(0))
		return (void *)1;
	while (n--)
		sched_yield();
	return NULL;
}

static int bench_same_cpu_switch(void)
{
	pthread_t a, b;
	void *ra, *rb;
	long long t0, t1;

	t0 = now_ns();
	if (pthread_create(&a, NULL, yield_loop, (void *)SWITCHES_YIELD) ||
	    pthread_create(&b, NULL, yield_loop, (void *)SWITCHES_YIELD))
		return -1;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	t1 = now_ns();
	if (ra || rb)
		return -1;
	printf("smp_bench: same-CPU switch: %.1f ns/switch "
	       "(2 threads pinned to CPU 0, %d switches)\n",
	       (double)(t1 - t0) / (2.0 * SWITCHES_YIELD), 2 * SWITCHES_YIELD);
	return 0;
}

/* turn: whose turn it is (0 or 1), round trips counted by each side. */
static int turn;

static void *pingpong(void *arg)
{
	int me = (int)(long)arg, i, t;

	if (pin(me) || sched_getcpu() != me)
		return (void *)1;
	for (i = 0; i < ROUNDS_PINGPONG; i++) {
		while ((t = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) != me)
			syscall(SYS_futex, &turn, FUTEX_WAIT, t, NULL);
		__atomic_store_n(&turn, !me, __ATOMIC_RELEASE);
		syscall(SYS_futex, &turn, FUTEX_WAKE, 1, NULL);
	}
	return NULL;
}

static int bench_cross_cpu_pingpong(void)
{
	pthread_t a, b;
	void *ra, *rb;
	long long t0, t1;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("smp_bench: one CPU, no cross-CPU wake-up figure\n");
		return 0;
	}
	t0 = now_ns();
	if (pthread_create(&a, NULL, pingpong, (void *)0L) ||
	    pthread_create(&b, NULL, pingpong, (void *)1L))
		return -1;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	t1 = now_ns();
	if (ra || rb)
		return -1;
	printf("smp_bench: cross-CPU futex ping-pong: %.1f ns/round-trip "
	       "(CPU 0 <-> CPU 1, %d round trips)\n",
	       (double)(t1 - t0) / ROUNDS_PINGPONG, ROUNDS_PINGPONG);
	return 0;
}

int main(void)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);

	printf("smp_bench: %ld CPUs run threads\n", ncpus);
	if (bench_cpu_bound(0) || (ncpus > 1 && bench_cpu_bound((int)ncpus)) ||
	    bench_same_cpu_switch() || bench_cross_cpu_pingpong()) {
		printf("smp_bench: failed to create or pin threads\n");
		return 1;
	}
	printf("smp_bench: done\n");
	return 0;
}
