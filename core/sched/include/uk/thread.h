/* Kernel threads: create, exit, join, detach, sleep, yield. */
#ifndef UK_THREAD_H
#define UK_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/plat/thread.h>
#include <uk/wait.h>

#define UK_THREAD_STACK_SIZE (64 * 1024)

enum uk_thread_state {
	UK_THREAD_RUNNABLE,
	UK_THREAD_BLOCKED,
	UK_THREAD_EXITED,
};

struct uk_thread {
	struct ukplat_ctx ctx;
	const char *name;
	enum uk_thread_state state;
	struct uk_list_head rq_node; /* run queue */
	struct uk_list_head timer_node; /* sleep queue, while wakeup != 0 */
	__nsec wakeup; /* deadline of a timed block, or 0 */
	bool timed_out; /* the last block ended by its deadline */
	bool interrupted; /* uk_thread_interrupt(): interruptible waits end */
	void *stack; /* owned stack (NULL if the caller's) */
	size_t stack_size;
	bool stack_guard; /* the page below stack is a guard page */
	unsigned long tlsp; /* thread pointer while switched out */
	void (*fn)(void *arg);
	void *arg;
	int exit_status;
	bool detached;
	struct uk_waitq exitq; /* joiners wait here */
	__nsec cpu_time; /* time run, up to run_since */
	__nsec run_since; /* when it last started running */
	void *priv; /* free for the libc layer */
	/*
	 * Depth of uk_preempt_disable() (<uk/preempt.h>): the tick preempts
	 * the thread only at 0. Threads start at 1 (kernel code); the libc
	 * layer drops it to 0 where application code starts.
	 */
	unsigned int preempt_off;
	/*
	 * Called by uk_thread_exit on the exiting thread, before joiners are
	 * woken; it may block. NULL: nothing to do. Set by the thread's owner
	 * (posix/process: clear and wake the CLONE_CHILD_CLEARTID futex).
	 */
	void (*on_exit)(struct uk_thread *t);
};

/*
 * Creates a runnable thread running fn(arg) on its own stack of stack_size
 * bytes (UK_THREAD_STACK_SIZE if 0, rounded up to pages), allocated from
 * the default allocator with one page more below it: a guard page made
 * inaccessible with ukplat_page_guard() where the platform can, so that a
 * stack overflow faults. Returns the thread or UK_ERR2PTR(-ENOMEM).
 */
struct uk_thread *uk_thread_create(const char *name, void (*fn)(void *),
				   void *arg, size_t stack_size);

/*
 * Like uk_thread_create, but on a caller-provided stack [stack, stack+size)
 * that the thread does not free, and with thread pointer tlsp.
 */
struct uk_thread *uk_thread_create_on(const char *name, void (*fn)(void *),
				      void *arg, void *stack, size_t size,
				      unsigned long tlsp);

/*
 * Ends the calling thread with status; joiners get it. Runs the thread's
 * on_exit hook first, if any.
 */
void uk_thread_exit(int status) __noreturn;

/*
 * Waits until t has exited, stores its status in *status (if non-NULL)
 * and frees it. Returns 0, -EINVAL if t is detached or is the caller.
 */
int uk_thread_join(struct uk_thread *t, int *status);

/* t frees itself when it exits. Returns 0, or -EINVAL if already detached. */
int uk_thread_detach(struct uk_thread *t);

/* The running thread; the boot context is the thread "main". */
struct uk_thread *uk_thread_current(void);

/* Lets every other runnable thread run once. */
void uk_sched_yield(void);

/* Blocks the calling thread until the monotonic clock reaches deadline. */
void uk_sched_sleep_until(__nsec deadline);

/*
 * Like uk_sched_sleep_until(), but ends early with -EINTR if the thread is
 * interrupted (uk_thread_interrupt()), also before it sleeps. Returns 0
 * once the deadline has passed.
 */
int uk_sched_sleep_until_intr(__nsec deadline);

/*
 * Interrupts t (a signal for it is due): sets its interrupted flag and
 * wakes it if it is blocked. Its interruptible waits
 * (uk_sched_sleep_until_intr, uk_waitq_wait_event_deadline_intr) return
 * -EINTR until the flag is cleared; other waits re-check their condition
 * and block again. Takes the lock that wake-ups take, so an interrupt is
 * never lost between a wait's check and its block. Callable from IRQ
 * handlers and any thread.
 */
void uk_thread_interrupt(struct uk_thread *t);

/* Clears the calling thread's interrupted flag (its signals were handled). */
void uk_thread_interrupt_clear(void);

/* Whether the calling thread is interrupted. */
bool uk_thread_interrupted(void);

/* Blocks the calling thread for at least ns nanoseconds. */
void uk_sched_sleep_ns(__nsec ns);

/* The current monotonic time in nanoseconds. */
__nsec uk_sched_now(void);

/* Time t has run on the CPU, in nanoseconds (so far, if it is running). */
__nsec uk_thread_cpu_time(struct uk_thread *t);

/*
 * Time the scheduler's CPU has run threads since boot (the monotonic
 * clock minus the time it idled), in nanoseconds.
 */
__nsec uk_sched_busy_time(void);

#endif /* UK_THREAD_H */
