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
	unsigned int cpu; /* CPU it runs on, is queued on, or last ran on */
	bool on_cpu; /* a CPU runs on its stack (scheduler lock) */
	unsigned long affinity; /* CPUs it may run on, bit per index; 0: all */
	/*
	 * Made by uk_thread_create(), or a CPU's idle thread: it runs no
	 * application code and blocks after each turn of work, so that the
	 * threads it wakes are queued on its CPU (core/sched/runq.h).
	 */
	bool kernel;
	void *priv; /* free for the libc layer */
	/*
	 * Depth of uk_preempt_disable() (<uk/preempt.h>): the tick preempts
	 * the thread only at 0. Threads start at 1 (kernel code); the libc
	 * layer drops it to 0 where application code starts.
	 */
	unsigned int preempt_off;
	/*
	 * A tick found preempt_off above 0 (<uk/preempt.h>): the syscall's
	 * return does what it would have done (uk_preempt_tick_missed()).
	 */
	bool tick_missed;
	/*
	 * Called by uk_thread_exit on the exiting thread, before joiners are
	 * woken; it may block. NULL: nothing to do. Set by the thread's owner
	 * (posix/process: clear and wake the CLONE_CHILD_CLEARTID futex).
	 */
	void (*on_exit)(struct uk_thread *t);
	/*
	 * Called once t has exited and its CPU switched away from its stack,
	 * on that CPU by the next thread (or idle thread) with IRQs as that
	 * thread has them; must not block. NULL: nothing to do. For what may
	 * free the stack (posix/process: the CLONE_CHILD_CLEARTID futex,
	 * after which libc reuses the stack).
	 */
	void (*on_gone)(struct uk_thread *t);
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

/* uk_thread_current() on a CPU whose current-thread word is empty. */
struct uk_thread *_uk_thread_current_slow(void);

/*
 * The calling CPU's running thread; the boot context is the thread
 * "main". On a CPU that does not run threads, the boot CPU's.
 * No IRQ masking: the scheduler stores the thread it switches to in the
 * CPU's current-thread word (<uk/plat/thread.h>) before it runs, so the
 * word of the CPU executing the one-instruction read is the reader
 * itself (or, in an IRQ handler or lcpu function, the thread it
 * interrupted, as before). A reader moved to another CPU right after the
 * read keeps a value that is still its own: a thread's identity does not
 * depend on its CPU. An empty word takes the locked slow path.
 */
static inline struct uk_thread *uk_thread_current(void)
{
	struct uk_thread *t = (struct uk_thread *)ukplat_thread_self();

	return likely(t) ? t : _uk_thread_current_slow();
}

/*
 * Makes the calling secondary CPU run threads: its current context
 * becomes its idle thread, and it never returns. An entry function for
 * ukplat_lcpu_start(), whose stack becomes the idle thread's.
 */
void uk_sched_cpu_run(void) __noreturn;

/* The CPUs that run threads, one bit per CPU index (bit 0: boot CPU). */
unsigned long uk_sched_cpus(void);

/*
 * Whether the caller is a thread that may block: code on a CPU that runs
 * threads. ukplat_lcpu_run() functions on such a CPU interrupt its thread
 * and count as it: they must not block.
 */
bool uk_sched_in_thread(void);

/*
 * Restricts t to the CPUs in cpus (bit per index; 0: any). A queued t
 * moves at once, the caller yields to an allowed CPU, another running
 * thread moves when it next blocks or yields.
 * Returns 0, or -EINVAL if no CPU of cpus runs threads.
 */
int uk_thread_set_affinity(struct uk_thread *t, unsigned long cpus);

/* t's affinity as set by uk_thread_set_affinity() (0: any CPU). */
unsigned long uk_thread_affinity(struct uk_thread *t);

/*
 * Whether t has exited and no CPU runs on its stack any more, so that
 * uk_thread_join() returns at once and its stack may be reused.
 */
bool uk_thread_exited(struct uk_thread *t);

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

/*
 * Whether the calling thread is interrupted and the signal that
 * interrupted it is still due (uk_thread_interrupt_due()); an interrupt
 * whose signal another thread took is cleared, and the wait goes on.
 */
bool uk_thread_interrupted(void);

/*
 * Whether the calling thread has a signal due that it does not block.
 * posix/process overrides this weak default, which says yes (an
 * interrupt always ends an interruptible wait).
 */
bool uk_thread_interrupt_due(void);

/* Blocks the calling thread for at least ns nanoseconds. */
void uk_sched_sleep_ns(__nsec ns);

/* The current monotonic time in nanoseconds. */
__nsec uk_sched_now(void);

/* Time t has run on the CPU, in nanoseconds (so far, if it is running). */
__nsec uk_thread_cpu_time(struct uk_thread *t);

/*
 * Time the CPUs that run threads have run them since each came online
 * (the monotonic clock minus the time each idled), summed, in
 * nanoseconds.
 */
__nsec uk_sched_busy_time(void);

#endif /* UK_THREAD_H */
