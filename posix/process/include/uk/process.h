/* posix/process: threads behind musl's __clone, and process exit codes. */
#ifndef UK_PROCESS_H
#define UK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/essentials.h>

/* Thread id of the main thread, which is also the process id. */
#define UK_PROCESS_PID 1

/*
 * Exit status of the machine when a signal's default action ends the
 * process (abort(), a failed assert, raise(SIGTERM), ...): 128 + signal
 * number, as a shell reports a program killed by that signal. The exit
 * side channel carries any status (tools/qemu_run.sh), so QEMU's own
 * exit code (isa-debug-exit's (status << 1) | 1) need not hold it.
 */
#define UK_PROCESS_SIGNAL_STATUS(sig) (128 + (sig))

/*
 * Creates a thread, as Linux's clone() does for musl's pthread_create: the
 * new thread runs fn(arg) on the stack that ends at stack_top, then exits
 * with fn's return value (SYS_exit). musl's __clone (third_party/musl/port)
 * calls this directly, because a function call cannot return twice as the
 * clone syscall does.
 *
 * flags must contain CLONE_VM | CLONE_SIGHAND | CLONE_THREAD (new
 * processes do not exist); honoured: CLONE_SETTLS (thread pointer tls,
 * else the caller's), CLONE_PARENT_SETTID (*ptid = new id before
 * returning), CLONE_CHILD_SETTID (the thread stores its id in *ctid),
 * CLONE_CHILD_CLEARTID (at exit: *ctid = 0 and a futex wake of one
 * waiter on ctid). stack_size is the usable size below stack_top, or 0
 * when the caller does not know it.
 *
 * Returns the new thread id (> 1), -EINVAL for a NULL fn or stack_top, a
 * stack_size too small for the first frame, or inconsistent flags,
 * -ENOSYS without CLONE_THREAD, -ENOMEM.
 */
long posix_process_clone(unsigned long flags, void *stack_top,
			 size_t stack_size, int (*fn)(void *), void *arg,
			 int *ptid, unsigned long tls, int *ctid);

/*
 * Ends the calling thread like SYS_exit(0) and releases the mapping
 * [base, base + size) that holds its stack (munmap) once the thread has
 * switched away from it. musl's __unmapself for detached threads.
 */
void posix_process_unmapself(void *base, size_t size) __noreturn;

/*
 * Signals for a thread that makes no syscalls: the preemption tick
 * (core/sched/preempt.c, through uk_preempt_signal_due/deliver) diverts
 * the thread it interrupted in application code into these.
 * posix_signal_due_current() says whether the calling thread has a
 * pending signal that its mask lets through; it only reads, and may be
 * called from an IRQ handler. posix_signal_deliver_current() runs the
 * handlers of those signals (or their default actions); call it from
 * thread context on the thread's own stack, with IRQs enabled, as the
 * syscall-return path (uk_syscall_signals) does.
 */
bool posix_signal_due_current(void);
void posix_signal_deliver_current(void);

#endif /* UK_PROCESS_H */
