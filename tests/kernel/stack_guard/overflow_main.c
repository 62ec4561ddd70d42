/*
 * Stack overflow image: a thread recurses until it runs into the guard
 * page below its stack. The platform must print a crash report and power
 * off with its crash status; main() returning (exit 1) means it did not.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/thread.h>
#include <uk/wait.h>

/* Never reached; keeps the compiler from proving endless recursion. */
static volatile int overflow_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == overflow_limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

/*
 * The thread overflows only once main() has printed its stack: the tick
 * may preempt main() right after the create (a loaded host stretches
 * guest time), and the crash report would then come before that line.
 */
static bool overflow_go;
static struct uk_waitq overflow_wq = UK_WAITQ_INIT(overflow_wq);

static void overflow(void *arg __unused)
{
	uk_waitq_wait_event(&overflow_wq,
			    __atomic_load_n(&overflow_go, __ATOMIC_ACQUIRE));
	recurse(0);
}

int main(void)
{
	struct uk_thread *t =
		uk_thread_create("overflow", overflow, NULL, 16 * 1024);

	if (UK_PTRISERR(t)) {
		uk_pr_err("stack_guard: no thread: %d\n", UK_PTR2ERR(t));
		return 1;
	}
	uk_printk("stack_guard: stack 0x%016lx, guard page 0x%016lx (%s)\n",
		  (unsigned long)t->stack,
		  (unsigned long)t->stack - __PAGE_SIZE,
		  t->stack_guard ? "unmapped" : "NOT unmapped");
	__atomic_store_n(&overflow_go, true, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&overflow_wq);
	uk_thread_join(t, NULL);
	uk_pr_err("stack_guard: the overflow was not caught\n");
	return 1;
}
