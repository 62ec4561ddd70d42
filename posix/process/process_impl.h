/* Internal interface between the parts of posix/process. */
#ifndef POSIX_PROCESS_IMPL_H
#define POSIX_PROCESS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/plat/lcpu.h>
#include <uk/posix_clock.h>
#include <uk/thread.h>

/*
 * Instances of real-time signals that one pending set holds beyond the
 * first of each (Linux queues them up to RLIMIT_SIGPENDING; sigqueue gives
 * EAGAIN beyond).
 */
#define POSIX_SIGQUEUE_MAX 32

/*
 * Pending signals: a set, bit sig - 1, and what came with each; further
 * instances of real-time signals queued in the order sent.
 */
struct posix_sigpend {
	uint64_t set;
	signed char code[64]; /* si_code */
	long value[64]; /* si_value (sigqueue, timers) */
	unsigned int nqueued;
	struct {
		int sig, code;
		long value;
	} queued[POSIX_SIGQUEUE_MAX];
};

/*
 * What Linux keeps per task, for each thread created through
 * posix_process_clone and for the main thread. Threads that the kernel
 * creates itself (uk_thread_create) have none and act as the main thread
 * for ids and signal masks.
 */
struct posix_thread {
	int tid;
	int *clear_tid; /* CLONE_CHILD_CLEARTID / set_tid_address */
	int *set_tid; /* CLONE_CHILD_SETTID, done by the child */
	int (*fn)(void *); /* start function and argument */
	void *arg;
	unsigned long affinity; /* CPUs it may run on; 0: all */
	int policy; /* scheduling policy and priority */
	int priority;
	void *robust_list; /* set_robust_list's head */
	char comm[16]; /* name, the kernel thread's too */
	uint64_t sigmask; /* blocked signals, bit sig - 1 */
	struct posix_sigpend pend; /* sent to this thread, not yet acted on */
	void *altstack; /* sigaltstack's stack, size 0: none */
	size_t altstack_size;
	bool altstack_active; /* a handler runs on it */
	int altstack_flags; /* SS_AUTODISARM, or 0 */
	struct uk_waitq sigwq; /* sigtimedwait, sigsuspend, pause */
	struct uk_thread *thread;
	void *unmap_base; /* stack mapping to release after exit */
	size_t unmap_size;
	struct uk_list_head node; /* live threads, then the exited ones */
};

/*
 * The calling thread's record (the main thread's for kernel threads); on a
 * secondary CPU, the record of the code that CPU runs (see lcpu.c).
 */
struct posix_thread *posix_thread_current(void);

/* A new thread id, never handed out before during this boot. */
int posix_thread_alloc_tid(void);

/*
 * Whether the caller may block on core/sched: a thread on a CPU that runs
 * threads. Code on CPUs driven through the lcpu API (entry functions,
 * ukplat_lcpu_run() functions, also on CPUs that run threads, in IRQ
 * context) has no thread to block and must spin instead.
 */
static inline bool posix_can_block(void)
{
	return uk_sched_in_thread();
}

/*
 * The record of the code secondary CPU cpu runs outside threads, or NULL
 * if it has none (cpu 0, or no memory for it at boot).
 */
struct posix_thread *posix_lcpu_thread(__lcpuidx cpu);

/*
 * Defined by the musl port (third_party/musl/port/common/uk_cpu_tls.c):
 * builds a libc thread descriptor, with its own TLS block, for code that
 * runs outside threads with thread id tid, and turns libc's locking on.
 * Call after libc's initialisation (from a constructor). Returns the
 * thread pointer for it (see ukplat_lcpu_set_tlsp()), or 0 without memory.
 */
unsigned long uk_libc_cpu_tls_create(int tid);

/*
 * Calls fn(rec, arg) for every live thread while the thread list is
 * locked, until fn returns non-zero; returns that value, or 0.
 * fn must not block.
 */
int posix_thread_foreach(int (*fn)(struct posix_thread *rec, void *arg),
			 void *arg);

/* The live thread with id tid, or NULL. */
struct posix_thread *posix_thread_find(int tid);

/* Number of live threads (the main thread counts until it exits). */
unsigned int posix_thread_count(void);

/*
 * Ends the calling thread (SYS_exit): only that thread, unless it is the
 * last one, when the machine powers off with the main thread's status.
 */
void posix_thread_exit(int status) __noreturn;

/*
 * Whether clk is a CPU-time clock: CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID, or one of Linux's negative process and thread
 * clock ids (cputimer.h).
 */
static inline bool posix_clock_is_cpu(long clk)
{
	return clk == 2 || clk == 3 || clk < 0; /* <time.h>'s ids 2 and 3 */
}

/*
 * The owner of the CPU-time clock clk (time.c): 0 for the process, else
 * the id of a live thread (the caller's for CLOCK_THREAD_CPUTIME_ID).
 * Returns 0, or -EINVAL if clk names no CPU clock of this process.
 */
int posix_cpuclock_owner(long clk, int *tid);

/*
 * The CPU time of the process (tid 0: all its threads on all CPUs) or of
 * thread tid. Returns 0, or -EINVAL if that thread is gone.
 */
int posix_cpuclock_read(int tid, __nsec *now);

/* Whether clk reads CLOCK_REALTIME (time.c), which clock_settime moves. */
static inline bool posix_clock_is_realtime(long clk)
{
	/* CLOCK_REALTIME, _COARSE, _ALARM and CLOCK_TAI: 0, 5, 8, 11. */
	return clk == 0 || clk == 5 || clk == 8 || clk == 11;
}

/*
 * Sleeps until clock clk, one that posix_clock_is_realtime(), reads t
 * (ns), however a program sets the clock meanwhile (time.c). Returns 0,
 * -EINTR if a signal interrupted it, or -EINVAL. On a thread only.
 */
int posix_realtime_sleep(long clk, int64_t t);

/*
 * CLOCK_REALTIME was set, delta ns forward (timer.c): the timers armed
 * with an absolute time on it now expire at that time of the new clock.
 */
void posix_timer_realtime_moved(int64_t delta);

/* The clock calls (time.c), for adjtimex (adjtime.c). */
long uk_sys_clock_gettime(long clk, long ts);
long uk_sys_clock_getres(long clk, long ts);
long uk_sys_clock_settime(long clk, long ts);

/* Powers the machine off with status & 0xff as the VMM's exit status. */
void posix_process_terminate(int status) __noreturn;

/* Wakes up to n waiters of the futex word at uaddr; returns how many. */
long posix_futex_wake(int *uaddr, int n);

/*
 * The robust futex word at uaddr belonged to thread tid, which exited (if
 * it still holds tid): marks it FUTEX_OWNER_DIED. A waiter in LOCK_PI
 * becomes the owner at once (its id in the word, the flag kept), as
 * Linux's exit_pi_state_list() hands it the lock; else one FUTEX_WAIT
 * waiter is woken to take it.
 */
void posix_futex_owner_died(int *uaddr, int tid);

/*
 * Releases the robust futexes on rec's list (set_robust_list) that rec
 * still owns, as Linux does when a thread exits. rec is the exiting
 * thread's record.
 */
void posix_robust_exit(struct posix_thread *rec);

/*
 * Delivers the signals pending on rec that are no longer blocked, on the
 * calling thread (rec must be the caller's), and clears the thread's
 * interruption. Returns false if a handler without SA_RESTART ran (an
 * interrupted call must then fail with EINTR), else true.
 */
bool posix_signal_deliver_pending(struct posix_thread *rec);

/* Wakes the readers and pollers of the signalfds whose mask has sig. */
void posix_signalfd_notify(int sig);

/* The main thread's record (the process's, whether it runs or not). */
struct posix_thread *posix_thread_main(void);

/*
 * Whether rec is the record of the code that calls (not only the record
 * posix_thread_current() lends to kernel threads).
 */
bool posix_thread_is_caller(struct posix_thread *rec);

/*
 * Sends sig (1..64) with si_code code and si_value value to the thread
 * with id tid, or to the process (tid 0: a thread that does not block it,
 * the main thread first). A thread waiting for signals is woken; the
 * caller's own thread acts on it when its syscall returns (or when
 * uk_preempt_cputimer_check() is done), never in here: timers call it
 * with their locks held, which a handler's timer calls take. Never
 * blocks.
 * Returns 0, -EINVAL for a bad signal, -ESRCH for an unknown tid.
 */
int posix_signal_queue(int tid, int sig, int code, long value);

/*
 * The process's pending signals (Linux's shared_pending): those sent to
 * the process (kill, sigqueue, its timers), which the first thread that
 * does not block them takes.
 */
extern struct posix_sigpend posix_signal_shared;

/*
 * Takes the lowest signal of mask pending for rec, its own first, then
 * the process's, as Linux's dequeue_signal; returns it (0: none) with
 * its si_code and si_value.
 */
int posix_signal_take(struct posix_thread *rec, uint64_t mask, int *code,
		      long *value);

/* The signals pending for rec: its own and the process's. */
uint64_t posix_signal_pending(struct posix_thread *rec);

/*
 * Prints the crash report of a fatal signal on the console and powers
 * off with UK_PROCESS_SIGNAL_STATUS(sig).
 */
void posix_signal_crash(int sig) __noreturn;

#endif /* POSIX_PROCESS_IMPL_H */
