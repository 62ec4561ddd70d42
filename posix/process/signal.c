/*
 * Signals of one process: actions (rt_sigaction), per-thread masks
 * (rt_sigprocmask, rt_sigpending), signals sent by the process to itself
 * (kill, tkill, tgkill, rt_sigqueueinfo: raise(), abort(), sigqueue(),
 * pthread_kill()) and by its timers, and the waits
 * for them (rt_sigtimedwait, rt_sigsuspend, pause).
 *
 * Nothing outside the process sends signals. A signal sent to the
 * process (kill, sigqueue, its timers) is pending for the process, as in
 * Linux's shared pending set, until a thread that does not block it
 * takes it (the caller, else the first such thread, which is
 * interrupted; else the first to unblock it or wait for it); a thread
 * takes its own signals before the process's, and sigpending reports
 * both. Real-time signals queue, each instance with its value, taken in
 * the order sent; a standard signal that is pending stays one. A blocked
 * signal is never ignored (its action may change meanwhile). A signal is
 * acted on by the thread it is sent to: at once if that is the calling
 * thread and the signal is not blocked; else the thread is interrupted
 * (uk_thread_interrupt): its interruptible wait (every wait a syscall
 * makes for an outside event: sleeps, poll, epoll_wait, pipes, AF_UNIX
 * and lwIP sockets, eventfd, timerfd, signalfd, the console, flock,
 * futexes, sigtimedwait, sigsuspend) ends with -EINTR or -UK_ERESTARTSYS
 * as signal(7) says,
 * and the handlers run when its syscall returns (uk_syscall_signals,
 * called by core/syscall's dispatcher), which restarts the call if they
 * all have SA_RESTART. A thread that runs without making syscalls gets
 * its signals at the next preemption tick, which diverts it into
 * posix_signal_deliver_current() (uk_preempt_signal_deliver), or at its
 * next syscall where preemption is off. Handlers are plain function calls
 * on these paths (there is no trap frame, so rt_sigreturn stays refused), on
 * the sigaltstack with SA_ONSTACK. Their ucontext holds what Linux's
 * signal frame holds besides the registers: uc_sigmask, the mask before
 * the handler, which is restored from it when the handler returns (a
 * handler that changes it changes the mask, as with sigreturn), and
 * uc_stack, the sigaltstack; the rest (uc_mcontext, uc_link) is zero.
 * A default action that ends the process does so at once, from any
 * thread, as Linux does: crash report, then power-off with
 * UK_PROCESS_SIGNAL_STATUS(sig). Stop signals have no job control to
 * talk to and are ignored.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <uk/cpu_relax.h>
#include <uk/preempt.h>
#include <uk/process.h>
#include <uk/spinlock.h>
#include <uk/sigwait.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

#define SIG_MAX 64
/* Linux's, from its uapi <linux/signal.h>: musl names it, glibc not. */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
/* Linux's kernel sigset_t: 64 signals, the size musl passes (_NSIG/8). */
#define KSIGSET_SIZE 8
#define SIGBIT(sig) (1ULL << ((sig) - 1))
/* Linux's first real-time signal (musl's SIGRTMIN is 35: it keeps 3). */
#define SIG_RT_FIRST 32
/* Neither caught, blocked nor ignored. */
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* Default action "ignore" (signal(7)); stop signals join them here. */
#define SIG_DFL_IGNORE                                                         \
	(SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) |                  \
	 SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) |                \
	 SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

/* Linux's struct sigaction for rt_sigaction on x86_64 and aarch64. */
struct ksigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

static struct ksigaction signal_actions[SIG_MAX];
static struct uk_spinlock signal_lock = UK_SPINLOCK_INITIALIZER;

static bool signal_ignored(int sig, const struct ksigaction *act)
{
	return act->handler == (unsigned long)SIG_IGN ||
	       (act->handler == (unsigned long)SIG_DFL &&
		(SIG_DFL_IGNORE & SIGBIT(sig)));
}

struct posix_sigpend posix_signal_shared;

/*
 * Guards what a pending set holds besides its bits (code, value, the
 * queue) against senders and takers; IRQs off, as for every send.
 */
static struct uk_spinlock signal_pend_lock = UK_SPINLOCK_INITIALIZER;

/* Drops every instance of the signals of mask pending in p. */
static void signal_discard(struct posix_sigpend *p, uint64_t mask)
{
	unsigned long flags = uk_spin_lock_irqsave(&signal_pend_lock);
	unsigned int i, n = 0;

	__atomic_and_fetch(&p->set, ~mask, __ATOMIC_RELEASE);
	for (i = 0; i < p->nqueued; i++)
		if (!(SIGBIT(p->queued[i].sig) & mask))
			p->queued[n++] = p->queued[i];
	p->nqueued = n;
	uk_spin_unlock_irqrestore(&signal_pend_lock, flags);
}

static int signal_discard_pending(struct posix_thread *rec, void *arg)
{
	signal_discard(&rec->pend, *(uint64_t *)arg);
	return 0;
}

uint64_t posix_signal_pending(struct posix_thread *rec)
{
	return __atomic_load_n(&rec->pend.set, __ATOMIC_ACQUIRE) |
	       __atomic_load_n(&posix_signal_shared.set, __ATOMIC_ACQUIRE);
}

/* Takes the lowest signal of mask from p: 0 if none was there. */
static int signal_take_from(struct posix_sigpend *p, uint64_t mask, int *code,
			    long *value)
{
	unsigned long flags = uk_spin_lock_irqsave(&signal_pend_lock);
	uint64_t ready = p->set & mask;
	unsigned int i;
	int sig = 0;

	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		*code = p->code[sig - 1];
		*value = p->value[sig - 1];
		for (i = 0; i < p->nqueued && p->queued[i].sig != sig; i++)
			;
		if (i == p->nqueued) {
			__atomic_and_fetch(&p->set, ~SIGBIT(sig),
					   __ATOMIC_RELEASE);
		} else {
			/* The next instance, in the order sent. */
			p->code[sig - 1] = (signed char)p->queued[i].code;
			p->value[sig - 1] = p->queued[i].value;
			memmove(&p->queued[i], &p->queued[i + 1],
				(p->nqueued - i - 1) * sizeof(p->queued[0]));
			p->nqueued--;
		}
	}
	uk_spin_unlock_irqrestore(&signal_pend_lock, flags);
	return sig;
}

int posix_signal_take(struct posix_thread *rec, uint64_t mask, int *code,
		      long *value)
{
	return signal_take_from(&rec->pend, mask, code, value) ?:
		       signal_take_from(&posix_signal_shared, mask, code,
					value);
}

UK_SYSCALL_DEFINE(long, rt_sigaction, long, sig, long, act, long, oact, long,
		  size)
{
	const struct ksigaction *in = (const struct ksigaction *)act;
	struct ksigaction *out = (struct ksigaction *)oact;
	struct ksigaction old;
	uint64_t bit;

	if (size != KSIGSET_SIZE || sig < 1 || sig > SIG_MAX)
		return -EINVAL;
	bit = SIGBIT(sig);
	if (in && (bit & SIG_UNBLOCKABLE))
		return -EINVAL;
	uk_spin_lock(&signal_lock);
	old = signal_actions[sig - 1];
	if (in) {
		signal_actions[sig - 1] = *in;
		signal_actions[sig - 1].mask &= ~SIG_UNBLOCKABLE;
	}
	uk_spin_unlock(&signal_lock);
	/* POSIX: setting "ignore" discards the pending instances. */
	if (in && signal_ignored(sig, in)) {
		posix_thread_foreach(signal_discard_pending, &bit);
		signal_discard(&posix_signal_shared, bit);
	}
	if (out)
		*out = old;
	return 0;
}

/*
 * One signal frame: the handler of sig, after those of the signals still
 * due (see signal_run_handler), on the stack it runs on.
 */
struct signal_call {
	struct posix_thread *rec;
	struct ksigaction act;
	int sig, code;
	long value;
	uint64_t saved; /* the mask before the frame: uc_sigmask */
	void *ss_sp; /* uc_stack: the sigaltstack before the frame */
	size_t ss_size;
	int ss_flags; /* the interrupted code's, with SS_AUTODISARM */
	bool restart; /* no handler without SA_RESTART ran */
	ucontext_t uc;
	struct ukplat_ctx from, on;
};

/*
 * Runs the handlers of the signals still due, then c's: Linux sets up a
 * frame for each signal that the mask, as each frame changes it, lets
 * through (lowest number first) before it returns to user code; the
 * last frame set up runs first, on the stack the frames before it left:
 * on the sigaltstack after a SA_ONSTACK one, with or without SA_ONSTACK.
 */
static void signal_frame(struct signal_call *c)
{
	struct posix_thread *rec = c->rec;
	siginfo_t si;

	c->restart = posix_signal_deliver_pending(rec);
	memset(&si, 0, sizeof(si));
	memset(&c->uc, 0, sizeof(c->uc));
	memcpy(&c->uc.uc_sigmask, &c->saved, sizeof(c->saved));
	c->uc.uc_stack.ss_sp = c->ss_sp;
	c->uc.uc_stack.ss_size = c->ss_size;
	c->uc.uc_stack.ss_flags = c->ss_flags;
	si.si_signo = c->sig;
	si.si_code = c->code;
	si.si_pid = UK_PROCESS_PID;
	si.si_value.sival_ptr = (void *)c->value;
	if (c->act.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))c->act.handler)(
			c->sig, &si, &c->uc);
	else
		((void (*)(int))c->act.handler)(c->sig);
}

static void signal_onstack_entry(void *arg)
{
	struct signal_call *c = arg;

	signal_frame(c);
	ukplat_ctx_switch(&c->on, &c->from);
	__builtin_unreachable();
}

/*
 * Runs the frame on the thread's sigaltstack (a stack switch, as the
 * kernel's signal frame would make), unless the thread already runs on
 * it: then below the current frames there, as Linux nests them.
 * SS_ONSTACK is reported, and sigaltstack refused, meanwhile. With
 * SS_AUTODISARM the thread has no sigaltstack meanwhile instead (Linux's
 * sas_ss_reset: sigaltstack reports SS_DISABLE and may set another, and
 * nested handlers stay on the stack they interrupt); as Linux's
 * sigreturn, the handler's return restores the one in its uc_stack.
 */
static void signal_run_onstack(struct posix_thread *rec, struct signal_call *c)
{
	char here;
	char *base = rec->altstack;
	size_t size = rec->altstack_size;
	bool disarm = rec->altstack_flags & SS_AUTODISARM;

	if (&here >= base && &here < base + size) {
		signal_frame(c);
		return;
	}
	if (disarm) {
		rec->altstack = NULL;
		rec->altstack_size = 0;
		rec->altstack_flags = 0;
	} else {
		rec->altstack_active = true;
	}
	ukplat_ctx_init(&c->on, base, size, signal_onstack_entry, c);
	ukplat_ctx_switch(&c->from, &c->on);
	if (disarm) {
		rec->altstack = c->uc.uc_stack.ss_sp;
		rec->altstack_size = c->uc.uc_stack.ss_flags & SS_DISABLE ?
					     0 :
					     c->uc.uc_stack.ss_size;
		rec->altstack_flags = c->uc.uc_stack.ss_flags & SS_AUTODISARM;
	} else {
		rec->altstack_active = false;
	}
}

/* sigaltstack's ss_flags for rec, as Linux's sas_ss_flags | SS_AUTODISARM. */
static int signal_altstack_flags(struct posix_thread *rec)
{
	return (rec->altstack_active ? SS_ONSTACK :
		rec->altstack_size   ? 0 :
				       SS_DISABLE) |
	       rec->altstack_flags;
}

/*
 * Runs sig's action (with si_code code and si_value value), after the
 * handlers of the signals that its mask lets through; returns whether a
 * restartable call may restart.
 */
static bool signal_run_handler(struct posix_thread *rec, int sig, int code,
			       long value)
{
	struct signal_call c = {
		.rec = rec,
		.sig = sig,
		.code = code,
		.value = value,
		.saved = rec->sigmask,
	};

	uk_spin_lock(&signal_lock);
	c.act = signal_actions[sig - 1];
	if (c.act.handler != (unsigned long)SIG_DFL &&
	    c.act.handler != (unsigned long)SIG_IGN &&
	    (c.act.flags & SA_RESETHAND))
		signal_actions[sig - 1].handler = (unsigned long)SIG_DFL;
	uk_spin_unlock(&signal_lock);

	if (signal_ignored(sig, &c.act))
		return true;
	if (c.act.handler == (unsigned long)SIG_DFL)
		posix_signal_crash(sig);
	/* As Linux's signal frame: block sa_mask and, unless SA_NODEFER, sig
	 * itself while the handler runs; sigreturn restores the mask. */
	rec->sigmask |= c.act.mask & ~SIG_UNBLOCKABLE;
	if (!(c.act.flags & SA_NODEFER))
		rec->sigmask |= SIGBIT(sig);
	c.ss_sp = rec->altstack;
	c.ss_size = rec->altstack_size;
	c.ss_flags = signal_altstack_flags(rec);
	if ((c.act.flags & SA_ONSTACK) && rec->altstack_size)
		signal_run_onstack(rec, &c);
	else
		signal_frame(&c);
	/* sigreturn's mask: the one in the ucontext, maybe changed. */
	memcpy(&c.saved, &c.uc.uc_sigmask, sizeof(c.saved));
	rec->sigmask = c.saved & ~SIG_UNBLOCKABLE;
	return c.restart && (c.act.flags & SA_RESTART);
}

bool posix_signal_deliver_pending(struct posix_thread *rec)
{
	bool restart = true;
	int sig, code;
	long value;

	/* Before the handlers: a signal sent meanwhile interrupts again. */
	if (posix_can_block() && rec->thread == uk_thread_current())
		uk_thread_interrupt_clear();
	while ((sig = posix_signal_take(rec, ~rec->sigmask, &code, &value)))
		if (!signal_run_handler(rec, sig, code, value))
			restart = false;
	return restart;
}

bool uk_syscall_signals(long rc)
{
	struct posix_thread *rec = posix_thread_current();
	bool restart = true;

	if (!rec || !posix_thread_is_caller(rec))
		return false;
	if (posix_signal_pending(rec) & ~rec->sigmask)
		restart = posix_signal_deliver_pending(rec);
	else if (posix_can_block() && uk_thread_interrupted())
		uk_thread_interrupt_clear();
	return rc == -UK_ERESTARTSYS && restart;
}

bool posix_signal_due_current(void)
{
	struct posix_thread *rec = posix_thread_current();

	return rec && posix_thread_is_caller(rec) &&
	       (posix_signal_pending(rec) & ~rec->sigmask);
}

/* core/sched's interruptible waits end only for a signal still due. */
bool uk_thread_interrupt_due(void)
{
	return posix_signal_due_current();
}

void posix_signal_deliver_current(void)
{
	if (posix_signal_due_current())
		posix_signal_deliver_pending(posix_thread_current());
}

/* The preemption tick's divert (core/sched/preempt.c) delivers with these. */
bool uk_preempt_signal_due(void)
{
	return posix_signal_due_current();
}

void uk_preempt_signal_deliver(void)
{
	posix_signal_deliver_current();
}

/*
 * Whether sig is ignored (then it is not made pending): not if rec (NULL:
 * every thread) blocks it, as Linux's sig_ignored, since the action may
 * change before it is unblocked; ends the process if its default action
 * is fatal and rec does not block it.
 */
static bool signal_check_action(struct posix_thread *rec, int sig)
{
	struct ksigaction act;

	uk_spin_lock(&signal_lock);
	act = signal_actions[sig - 1];
	uk_spin_unlock(&signal_lock);
	if (signal_ignored(sig, &act))
		return rec && !(rec->sigmask & SIGBIT(sig));
	/* A fatal default action ends the whole process at once. */
	if (act.handler == (unsigned long)SIG_DFL &&
	    ((SIGBIT(sig) & SIG_UNBLOCKABLE) ||
	     (rec && !(rec->sigmask & SIGBIT(sig)))))
		posix_signal_crash(sig);
	return false;
}

/*
 * Makes sig pending in p with si_code code and si_value value. A standard
 * signal already pending stays one (signal(7)); a real-time one queues
 * another instance: -EAGAIN if the queue is full, except for kill's
 * (SI_USER), which Linux then merges without an error.
 */
static int signal_add(struct posix_sigpend *p, int sig, int code, long value)
{
	unsigned long flags = uk_spin_lock_irqsave(&signal_pend_lock);
	int rc = 0;

	if (!(p->set & SIGBIT(sig))) {
		p->code[sig - 1] = (signed char)code;
		p->value[sig - 1] = value;
		__atomic_or_fetch(&p->set, SIGBIT(sig), __ATOMIC_RELEASE);
	} else if (sig >= SIG_RT_FIRST && p->nqueued < POSIX_SIGQUEUE_MAX) {
		p->queued[p->nqueued].sig = sig;
		p->queued[p->nqueued].code = code;
		p->queued[p->nqueued].value = value;
		p->nqueued++;
	} else if (sig >= SIG_RT_FIRST && code != SI_USER) {
		rc = -EAGAIN;
	}
	uk_spin_unlock_irqrestore(&signal_pend_lock, flags);
	if (!rc)
		posix_signalfd_notify(sig);
	return rc;
}

/*
 * Lets rec act on a signal sig made pending for it: at once if it is the
 * caller and now; else its signal wait ends and, if it does not block
 * sig, its interruptible wait too (the caller's: it acts on the signal
 * when its syscall returns).
 */
static void signal_notify(struct posix_thread *rec, int sig, bool now)
{
	if (now && posix_thread_is_caller(rec)) {
		posix_signal_deliver_pending(rec);
		return;
	}
	uk_waitq_wake_up(&rec->sigwq);
	if (rec->thread && !(rec->sigmask & SIGBIT(sig)))
		uk_thread_interrupt(rec->thread);
}

/*
 * Sends sig (1..64) to the thread rec with si_code code and si_value;
 * now: the caller acts on it at once (signal_notify).
 */
static long signal_send(struct posix_thread *rec, int sig, int code, long value,
			bool now)
{
	long rc;

	if (signal_check_action(rec, sig))
		return 0;
	rc = signal_add(&rec->pend, sig, code, value);
	if (!rc)
		signal_notify(rec, sig, now);
	return rc;
}

static long signal_to_tid(long tid, long sig, int code, long value, bool now)
{
	struct posix_thread *rec;

	if (tid <= 0 || sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	rec = posix_thread_find((int)tid);
	if (!rec)
		return -ESRCH;
	return sig ? signal_send(rec, (int)sig, code, value, now) : 0;
}

struct signal_target {
	int sig;
	struct posix_thread *rec;
};

static int signal_not_blocking(struct posix_thread *rec, void *arg)
{
	struct signal_target *t = arg;

	/* Threads waiting for it in sigtimedwait block it: they look. */
	uk_waitq_wake_up(&rec->sigwq);
	if (t->rec || (rec->sigmask & SIGBIT(t->sig)))
		return 0;
	t->rec = rec;
	return 0;
}

/*
 * A process-directed signal is pending for the process (Linux's shared
 * pending set) until a thread that does not block it takes it: the
 * caller at once, else the first such thread, which is interrupted; if
 * all block it, the first thread to unblock it or wait for it.
 */
static long signal_to_process(int sig, int code, long value, bool now)
{
	struct posix_thread *self = posix_thread_current();
	struct signal_target t = { .sig = sig, .rec = NULL };

	if (posix_thread_is_caller(self) && !(self->sigmask & SIGBIT(sig)))
		t.rec = self;
	else
		posix_thread_foreach(signal_not_blocking, &t);
	long rc;

	if (signal_check_action(t.rec, sig))
		return 0;
	rc = signal_add(&posix_signal_shared, sig, code, value);
	if (!rc && t.rec)
		signal_notify(t.rec, sig, now);
	return rc;
}

int posix_signal_queue(int tid, int sig, int code, long value)
{
	if (sig < 1 || sig > SIG_MAX)
		return -EINVAL;
	if (!tid)
		return (int)signal_to_process(sig, code, value, false);
	return (int)signal_to_tid(tid, sig, code, value, false);
}

UK_SYSCALL_DEFINE(long, tkill, long, tid, long, sig)
{
	return signal_to_tid(tid, sig, SI_TKILL, 0, true);
}

UK_SYSCALL_DEFINE(long, tgkill, long, tgid, long, tid, long, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	if (tgid != UK_PROCESS_PID)
		return -ESRCH;
	return signal_to_tid(tid, sig, SI_TKILL, 0, true);
}

/* To the process: pid 1, or 0 and -1 (its group, every process). */
UK_SYSCALL_DEFINE(long, kill, long, pid, long, sig)
{
	if (sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	if (pid != UK_PROCESS_PID && pid != 0 && pid != -1)
		return -ESRCH;
	return sig ? signal_to_process((int)sig, SI_USER, 0, true) : 0;
}

/* sigqueue(): the value travels in info's si_value. */
UK_SYSCALL_DEFINE(int, rt_sigqueueinfo, pid_t, pid, int, sig, const siginfo_t *,
		  info)
{
	if (!info)
		return -EFAULT;
	if (sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	if (pid != UK_PROCESS_PID)
		return -ESRCH;
	return sig ? (int)signal_to_process(sig, info->si_code,
					    (long)info->si_value.sival_ptr,
					    true) :
		     0;
}

UK_SYSCALL_DEFINE(long, rt_sigprocmask, long, how, long, set, long, oldset,
		  long, size)
{
	struct posix_thread *rec = posix_thread_current();
	const uint64_t *in = (const uint64_t *)set;
	uint64_t old = rec->sigmask, mask = old;

	if (size != KSIGSET_SIZE)
		return -EINVAL;
	if (in) {
		switch (how) {
		case SIG_BLOCK:
			mask |= *in;
			break;
		case SIG_UNBLOCK:
			mask &= ~*in;
			break;
		case SIG_SETMASK:
			mask = *in;
			break;
		default:
			return -EINVAL;
		}
		rec->sigmask = mask & ~SIG_UNBLOCKABLE;
	}
	if (oldset)
		*(uint64_t *)oldset = old;
	posix_signal_deliver_pending(rec);
	return 0;
}

UK_SYSCALL_DEFINE(long, rt_sigpending, long, set, long, size)
{
	uint64_t pending = posix_signal_pending(posix_thread_current());

	if (size < 0 || size > KSIGSET_SIZE)
		return -EINVAL;
	if (!set)
		return -EFAULT;
	memcpy((void *)set, &pending, (size_t)size);
	return 0;
}

int posix_sigwait_begin(const uint64_t *mask, uint64_t *saved)
{
	struct posix_thread *rec = posix_thread_current();

	*saved = rec->sigmask;
	rec->sigmask = *mask & ~SIG_UNBLOCKABLE;
	if (!(posix_signal_pending(rec) & ~rec->sigmask))
		return 0;
	/* As Linux: the handlers run under the temporary mask. */
	posix_signal_deliver_pending(rec);
	posix_sigwait_end(*saved);
	return -EINTR;
}

void posix_sigwait_end(uint64_t saved)
{
	struct posix_thread *rec = posix_thread_current();

	/* As Linux: what interrupted the wait is handled under its mask. */
	posix_signal_deliver_pending(rec);
	rec->sigmask = saved;
	posix_signal_deliver_pending(rec);
}

/*
 * Waits on the caller's record until one of the signals in want is
 * pending or deadline (0: none) passes; -ETIMEDOUT then. Code without a
 * thread to block (see posix_can_block()) polls.
 */
static int signal_wait(struct posix_thread *rec, uint64_t want, __nsec deadline)
{
	if (!posix_can_block()) {
		while (!(posix_signal_pending(rec) & want)) {
			if (deadline && uk_sched_now() >= deadline)
				return -ETIMEDOUT;
			uk_cpu_relax();
		}
		return 0;
	}
	return uk_waitq_wait_event_deadline(
		&rec->sigwq, posix_signal_pending(rec) & want, deadline);
}

/*
 * sigtimedwait/sigwaitinfo: takes the lowest pending signal of *set (the
 * thread's own first, then the process's) and returns it with its
 * siginfo. A pending signal outside set that the mask
 * lets through runs its handler and ends the wait with -EINTR. -EAGAIN
 * when the timeout passes.
 */
UK_SYSCALL_DEFINE(int, rt_sigtimedwait, const uint64_t *, set, siginfo_t *,
		  info, const struct timespec *, timeout, size_t, size)
{
	struct posix_thread *rec = posix_thread_current();
	uint64_t want, pending;
	__nsec deadline = 0;
	int sig, code;
	long value;

	if (size != KSIGSET_SIZE)
		return -EINVAL;
	if (!set)
		return -EFAULT;
	want = *set & ~SIG_UNBLOCKABLE;
	if (timeout) {
		if (!posix_timespec_valid(timeout))
			return -EINVAL;
		deadline = uk_sched_now() + (__nsec)posix_timespec_ns(timeout);
	}
	for (;;) {
		pending = posix_signal_pending(rec);
		if (pending & want) {
			sig = posix_signal_take(rec, want, &code, &value);
			if (sig)
				break;
			continue; /* another thread took it */
		}
		if (pending & ~rec->sigmask) {
			posix_signal_deliver_pending(rec);
			return -EINTR;
		}
		if (timeout && !timeout->tv_sec && !timeout->tv_nsec)
			return -EAGAIN;
		if (signal_wait(rec, want | ~rec->sigmask, deadline))
			return -EAGAIN;
	}
	if (info) {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = code;
		info->si_pid = UK_PROCESS_PID;
		info->si_value.sival_ptr = (void *)value;
	}
	return sig;
}

/* Waits under mask until a signal it lets through was acted on: -EINTR. */
static int signal_suspend(const uint64_t *mask)
{
	struct posix_thread *rec = posix_thread_current();
	uint64_t saved;

	if (posix_sigwait_begin(mask, &saved))
		return -EINTR;
	signal_wait(rec, ~rec->sigmask, 0);
	posix_signal_deliver_pending(rec);
	posix_sigwait_end(saved);
	return -EINTR;
}

UK_SYSCALL_DEFINE(int, rt_sigsuspend, const uint64_t *, mask, size_t, size)
{
	if (size != KSIGSET_SIZE)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	return signal_suspend(mask);
}

UK_SYSCALL_DEFINE(int, pause)
{
	uint64_t mask = posix_thread_current()->sigmask;

	return signal_suspend(&mask);
}

/*
 * sigaltstack: per thread (new threads start without one, as on Linux);
 * SA_ONSTACK handlers run on it, and it cannot change meanwhile (EPERM),
 * unless it has SS_AUTODISARM (see signal_run_onstack).
 */
UK_SYSCALL_DEFINE(int, sigaltstack, const stack_t *, ss, stack_t *, old_ss)
{
	struct posix_thread *rec = posix_thread_current();
	stack_t old = {
		.ss_sp = rec->altstack,
		.ss_size = rec->altstack_size,
		.ss_flags = signal_altstack_flags(rec),
	};
	int flags;

	if (ss && rec->altstack_active)
		return -EPERM;
	if (ss) {
		flags = ss->ss_flags & ~(int)SS_AUTODISARM;
		if (flags != 0 && flags != SS_ONSTACK && flags != SS_DISABLE)
			return -EINVAL;
		if (flags == SS_DISABLE) {
			rec->altstack = NULL;
			rec->altstack_size = 0;
			rec->altstack_flags = 0;
		} else if (ss->ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		} else {
			rec->altstack = ss->ss_sp;
			rec->altstack_size = ss->ss_size;
			rec->altstack_flags = ss->ss_flags & SS_AUTODISARM;
		}
	}
	if (old_ss)
		*old_ss = old;
	return 0;
}
