/*
 * Context-switch cost between two threads that hand the CPU to each other,
 * printed in ns per switch: kernel threads (core/sched) calling
 * uk_sched_yield(), and pthreads through musl calling sched_yield() or
 * passing a turn with a mutex and condition variables. With a second
 * CPU, also the cross-CPU wake-up latency: code on CPU 1 wakes a thread
 * that waits in FUTEX_WAIT on the boot CPU, which halts meanwhile.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat/lcpu.h>
#include <uk/thread.h>

#define SWITCHES_YIELD 200000 /* per thread: 2x that many switches */
#define ROUNDS_CONDVAR 50000 /* round trips: 2 switches each */

/* Linux's futex operations (<linux/futex.h>, which musl does not ship). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define ROUNDS_WAKE 2000 /* cross-CPU wake-ups */
#define WAKE_DELAY_NS 200000LL /* for the waiter to block and its CPU halt */

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void report(const char *what, long long ns, long switches)
{
	printf("sched_bench: %s: %.1f ns/switch (%ld switches)\n", what,
	       (double)ns / (double)switches, switches);
}

/* Kernel threads: no libc calls in them (they have no TLS of their own). */
static void kthread_yield(void *arg)
{
	long n = (long)arg;

	while (n--)
		uk_sched_yield();
}

static int bench_kernel_yield(void)
{
	struct uk_thread *a, *b;
	long long t0, t1;

	t0 = now_ns();
	a = uk_thread_create("ping", kthread_yield, (void *)SWITCHES_YIELD, 0);
	b = uk_thread_create("pong", kthread_yield, (void *)SWITCHES_YIELD, 0);
	if (UK_PTRISERR(a) || UK_PTRISERR(b))
		return -1;
	/* main blocks in join: only the two threads are runnable. */
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	t1 = now_ns();
	report("uk_sched_yield", t1 - t0, 2L * SWITCHES_YIELD);
	return 0;
}

static void *pthread_yield_loop(void *arg)
{
	long n = (long)arg;

	while (n--)
		sched_yield();
	return NULL;
}

static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cond[2] = { PTHREAD_COND_INITIALIZER,
				       PTHREAD_COND_INITIALIZER };
static int turn;

/* Waits for its turn, passes it to the other thread, ROUNDS_CONDVAR times. */
static void *pthread_turn_loop(void *arg)
{
	int me = (int)(long)arg, i;

	pthread_mutex_lock(&turn_lock);
	for (i = 0; i < ROUNDS_CONDVAR; i++) {
		while (turn != me)
			pthread_cond_wait(&turn_cond[me], &turn_lock);
		turn = !me;
		pthread_cond_signal(&turn_cond[!me]);
	}
	pthread_mutex_unlock(&turn_lock);
	return NULL;
}

static int bench_pthreads(const char *what, void *(*fn)(void *), void *a0,
			  void *a1, long switches)
{
	pthread_t a, b;
	long long t0, t1;

	t0 = now_ns();
	/* On failure main exits at once, whatever thread is left. */
	if (pthread_create(&a, NULL, fn, a0) ||
	    pthread_create(&b, NULL, fn, a1))
		return -1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	t1 = now_ns();
	report(what, t1 - t0, switches);
	return 0;
}

static char waker_stack[16 * 1024] __attribute__((aligned(16)));
static int wake_word, ready_word;
static long long wake_at;

/* On CPU 1: waits until the thread is blocked, then wakes it. */
static void waker(struct __regs *regs, void *arg)
{
	long long t;
	int i;

	(void)regs;
	(void)arg;
	for (i = 0; i < ROUNDS_WAKE; i++) {
		while (__atomic_load_n(&ready_word, __ATOMIC_ACQUIRE) != i + 1)
			;
		t = now_ns();
		while (now_ns() - t < WAKE_DELAY_NS)
			;
		__atomic_store_n(&wake_at, now_ns(), __ATOMIC_RELAXED);
		__atomic_store_n(&wake_word, i + 1, __ATOMIC_RELEASE);
		syscall(SYS_futex, &wake_word, FUTEX_WAKE, 1, NULL);
	}
}

static int bench_cross_cpu_wake(void)
{
	struct ukplat_lcpu_func f = { waker, NULL };
	void *sp[] = { waker_stack + sizeof(waker_stack) };
	__lcpuidx one = 1;
	unsigned int num = 1;
	long long sum = 0;
	int i;

	if (ukplat_lcpu_count() < 2) {
		printf("sched_bench: one CPU, no cross-CPU wake-up figure\n");
		return 0;
	}
	if (ukplat_lcpu_start(&one, &num, sp, NULL, 0) ||
	    ukplat_lcpu_wait(&one, &num, 0) ||
	    ukplat_lcpu_run(&one, &num, &f, UKPLAT_LCPU_RFLG_DONOTBLOCK))
		return -1;
	for (i = 0; i < ROUNDS_WAKE; i++) {
		__atomic_store_n(&ready_word, i + 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&wake_word, __ATOMIC_ACQUIRE) == i)
			syscall(SYS_futex, &wake_word, FUTEX_WAIT, i, NULL);
		sum += now_ns() - __atomic_load_n(&wake_at, __ATOMIC_RELAXED);
	}
	ukplat_lcpu_wait(&one, &num, 0);
	printf("sched_bench: cross-CPU futex wake-up: %.1f ns/wake-up "
	       "(%d wake-ups)\n",
	       (double)sum / ROUNDS_WAKE, ROUNDS_WAKE);
	return 0;
}

int main(void)
{
	if (bench_cross_cpu_wake()) {
		printf("sched_bench: cannot run code on CPU 1\n");
		return 1;
	}
	if (bench_kernel_yield() ||
	    bench_pthreads("pthread sched_yield", pthread_yield_loop,
			   (void *)SWITCHES_YIELD, (void *)SWITCHES_YIELD,
			   2L * SWITCHES_YIELD) ||
	    bench_pthreads("pthread mutex+condvar", pthread_turn_loop,
			   (void *)0L, (void *)1L, 2L * ROUNDS_CONDVAR)) {
		printf("sched_bench: failed to create threads\n");
		return 1;
	}
	printf("sched_bench: done\n");
	return 0;
}
