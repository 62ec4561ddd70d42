/*
 * Signals of one process: actions (rt_sigaction), per-thread masks
 * (rt_sigprocmask, rt_sigpending) and signals sent by the process to
 * itself (kill, tkill, tgkill), which is how raise() and abort() work.
 *
 * Nothing outside the process sends signals, and there is no way to
 * interrupt a running thread: a signal is acted on by the thread it is
 * sent to, at once if that is the calling thread and the signal is not
 * blocked, else when that thread next changes its mask or sends a signal.
 * A default action that ends the process does so at once, from any
 * thread, as Linux does: crash report, then power-off with
 * UK_PROCESS_SIGNAL_STATUS(sig). Stop signals have no job control to
 * talk to and are ignored. Handlers run on the thread's own stack (no
 * sigaltstack) with a zeroed ucontext.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <uk/process.h>
#include <uk/spinlock.h>
#include <uk/sigwait.h>
#include <uk/syscall.h>
#include "process_impl.h"

#define SIG_MAX 64
/* Linux's kernel sigset_t: 64 signals, the size musl passes (_NSIG/8). */
#define KSIGSET_SIZE 8
#define SIGBIT(sig) (1ULL << ((sig) - 1))
/* Neither caught, blocked nor ignored. */
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* Default action "ignore" (signal(7)); stop signals join them here. */
#define SIG_DFL_IGNORE                                                      \
	(SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) |                \
	 SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) |              \
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

static int signal_discard_pending(struct posix_thread *rec, void *arg)
{
	rec->sigpending &= ~*(uint64_t *)arg;
	return 0;
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
	if (in && signal_ignored(sig, in))
		posix_thread_foreach(signal_discard_pending, &bit);
	if (out)
		*out = old;
	return 0;
}

static void signal_run_handler(struct posix_thread *rec, int sig)
{
	struct ksigaction act;
	uint64_t saved = rec->sigmask;
	ucontext_t uc;
	siginfo_t si;

	uk_spin_lock(&signal_lock);
	act = signal_actions[sig - 1];
	if (act.handler != (unsigned long)SIG_DFL &&
	    act.handler != (unsigned long)SIG_IGN &&
	    (act.flags & SA_RESETHAND))
		signal_actions[sig - 1].handler = (unsigned long)SIG_DFL;
	uk_spin_unlock(&signal_lock);

	if (signal_ignored(sig, &act))
		return;
	if (act.handler == (unsigned long)SIG_DFL)
		posix_signal_crash(sig);
	/* As Linux's signal frame: block sa_mask and, unless SA_NODEFER, sig
	 * itself while the handler runs; sigreturn restores the mask. */
	rec->sigmask |= act.mask & ~SIG_UNBLOCKABLE;
	if (!(act.flags & SA_NODEFER))
		rec->sigmask |= SIGBIT(sig);
	if (act.flags & SA_SIGINFO) {
		memset(&si, 0, sizeof(si));
		memset(&uc, 0, sizeof(uc));
		si.si_signo = sig;
		si.si_code = rec->sigcode[sig - 1];
		si.si_pid = UK_PROCESS_PID;
		((void (*)(int, siginfo_t *, void *))act.handler)(sig, &si,
								  &uc);
	} else {
		((void (*)(int))act.handler)(sig);
	}
	rec->sigmask = saved;
}

void posix_signal_deliver_pending(struct posix_thread *rec)
{
	uint64_t ready;
	int sig;

	while ((ready = rec->sigpending & ~rec->sigmask)) {
		sig = __builtin_ctzll(ready) + 1;
		rec->sigpending &= ~SIGBIT(sig);
		signal_run_handler(rec, sig);
	}
}

/* Sends sig (1..64) to the thread rec with si_code code. */
static long signal_send(struct posix_thread *rec, int sig, int code)
{
	struct posix_thread *self = posix_thread_current();
	struct ksigaction act;

	uk_spin_lock(&signal_lock);
	act = signal_actions[sig - 1];
	uk_spin_unlock(&signal_lock);
	if (signal_ignored(sig, &act))
		return 0;
	/* A fatal default action ends the whole process at once. */
	if (act.handler == (unsigned long)SIG_DFL &&
	    ((SIGBIT(sig) & SIG_UNBLOCKABLE) || !(rec->sigmask & SIGBIT(sig))))
		posix_signal_crash(sig);
	rec->sigcode[sig - 1] = (signed char)code;
	__atomic_or_fetch(&rec->sigpending, SIGBIT(sig), __ATOMIC_RELAXED);
	if (rec == self)
		posix_signal_deliver_pending(self);
	return 0;
}

static int signal_find_tid(struct posix_thread *rec, void *arg)
{
	struct posix_thread **found = arg;

	if (rec->tid != (*found)->tid)
		return 0;
	*found = rec;
	return 1;
}

static long signal_to_tid(long tid, long sig, int code)
{
	struct posix_thread key = {.tid = (int)tid};
	struct posix_thread *rec = &key;

	if (tid <= 0 || sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	if (!posix_thread_foreach(signal_find_tid, &rec))
		return -ESRCH;
	return sig ? signal_send(rec, (int)sig, code) : 0;
}

UK_SYSCALL_DEFINE(long, tkill, long, tid, long, sig)
{
	return signal_to_tid(tid, sig, SI_TKILL);
}

UK_SYSCALL_DEFINE(long, tgkill, long, tgid, long, tid, long, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	if (tgid != UK_PROCESS_PID)
		return -ESRCH;
	return signal_to_tid(tid, sig, SI_TKILL);
}

/*
 * To the process: pid 1, or 0 and -1 (its group, every process). The
 * calling thread takes it.
 */
UK_SYSCALL_DEFINE(long, kill, long, pid, long, sig)
{
	if (sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	if (pid != UK_PROCESS_PID && pid != 0 && pid != -1)
		return -ESRCH;
	return sig ? signal_send(posix_thread_current(), (int)sig, SI_USER)
		   : 0;
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
	uint64_t pending = posix_thread_current()->sigpending;

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
	if (!(rec->sigpending & ~rec->sigmask))
		return 0;
	/* As Linux: the handlers run under the temporary mask. */
	posix_signal_deliver_pending(rec);
	posix_sigwait_end(*saved);
	return -EINTR;
}

void posix_sigwait_end(uint64_t saved)
{
	struct posix_thread *rec = posix_thread_current();

	rec->sigmask = saved;
	posix_signal_deliver_pending(rec);
}
