/*
 * Signal delivery to a thread blocked in a syscall, through musl: a timer's
 * SIGALRM cuts nanosleep short (EINTR, the time left, the handler ran),
 * interrupts poll and epoll_wait (EINTR), and a pipe read, which fails with
 * EINTR without SA_RESTART and is restarted with it; a SA_ONSTACK handler
 * runs on the sigaltstack, and handlers nested in it below it there
 * (SS_ONSTACK, sigaltstack EPERM); pthread_kill interrupts another thread's
 * sleep, and one interrupted for a signal that another thread took goes
 * on waiting; SS_AUTODISARM disarms the sigaltstack while a handler runs
 * on it; real-time signals queue with their values; a SA_SIGINFO
 * handler's ucontext holds the mask before it, which it may change as
 * sigreturn would restore it; a signalfd reads blocked signals and is
 * pollable and epoll-able.
 * Prints "ok"/"not ok" per check and a summary line; exits 1 on a
 * failure. With "term" on the command line it then sends itself SIGTERM,
 * whose default action must end the image with a report and status
 * UK_PROCESS_SIGNAL_STATUS(SIGTERM), 143.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static int failed, passed;
static volatile sig_atomic_t handled;
static volatile uintptr_t handler_sp;
static char altstack[64 * 1024];

static void check(int cond, const char *what)
{
	printf("signal: %s %s\n", cond ? "ok" : "not ok", what);
	if (cond)
		passed++;
	else
		failed++;
}

static void on_signal(int sig)
{
	volatile char here;

	handled = sig;
	handler_sp = (uintptr_t)&here;
}

static void set_handler(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/* SIGALRM in ms milliseconds, once. */
static void alarm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	handled = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void test_nanosleep(void)
{
	struct timespec req = { 30, 0 }, rem = { 0, 0 };
	int rc;

	set_handler(SIGALRM, 0);
	alarm_ms(100);
	rc = nanosleep(&req, &rem);
	check(rc == -1 && errno == EINTR, "nanosleep interrupted: EINTR");
	check(handled == SIGALRM, "the handler ran before nanosleep returned");
	check(rem.tv_sec > 0 && rem.tv_sec <= 30, "nanosleep reports the rest");
	alarm_ms(100);
	rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	check(rc == EINTR && handled == SIGALRM,
	      "clock_nanosleep interrupted: EINTR");
}

static void test_poll(void)
{
	int fds[2], ep, rc;
	struct pollfd pfd;
	struct epoll_event ev = { .events = EPOLLIN };

	pipe(fds);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	set_handler(SIGALRM, SA_RESTART);
	alarm_ms(100);
	rc = poll(&pfd, 1, 30000);
	check(rc == -1 && errno == EINTR && handled == SIGALRM,
	      "poll interrupted: EINTR even with SA_RESTART");
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
	alarm_ms(100);
	rc = epoll_wait(ep, &ev, 1, 30000);
	check(rc == -1 && errno == EINTR && handled == SIGALRM,
	      "epoll_wait interrupted: EINTR");
	close(ep);
	close(fds[0]);
	close(fds[1]);
}

static int writer_fd;

/* Writes once the reader's handler ran: the read must have restarted. */
static void *writer(void *arg)
{
	struct timespec t = { 0, 10 * 1000 * 1000 };

	(void)arg;
	while (!handled)
		nanosleep(&t, NULL);
	write(writer_fd, "x", 1);
	return NULL;
}

static void test_pipe_restart(void)
{
	int fds[2];
	char c = 0;
	ssize_t n;
	pthread_t t;
	sigset_t alrm, old;

	pipe(fds);
	set_handler(SIGALRM, 0);
	alarm_ms(100);
	n = read(fds[0], &c, 1);
	check(n == -1 && errno == EINTR && handled == SIGALRM,
	      "pipe read without SA_RESTART: EINTR");
	/* The writer blocks SIGALRM: the process's signal comes here. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	writer_fd = fds[1];
	handled = 0;
	pthread_create(&t, NULL, writer, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	set_handler(SIGALRM, SA_RESTART);
	alarm_ms(100);
	n = read(fds[0], &c, 1);
	check(n == 1 && c == 'x' && handled == SIGALRM,
	      "pipe read with SA_RESTART: restarted after the handler");
	pthread_join(t, NULL);
	close(fds[0]);
	close(fds[1]);
}

static void test_onstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };

	check(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	set_handler(SIGUSR1, SA_ONSTACK);
	handled = 0;
	raise(SIGUSR1);
	check(handled == SIGUSR1 && handler_sp >= (uintptr_t)altstack &&
		      handler_sp < (uintptr_t)altstack + sizeof(altstack),
	      "SA_ONSTACK handler runs on the sigaltstack");
	set_handler(SIGUSR1, 0);
	raise(SIGUSR1);
	check(handled == SIGUSR1 &&
		      (handler_sp < (uintptr_t)altstack ||
		       handler_sp >= (uintptr_t)altstack + sizeof(altstack)),
	      "without SA_ONSTACK on the thread's stack");
}

static int in_alt(uintptr_t sp)
{
	return sp >= (uintptr_t)altstack &&
	       sp < (uintptr_t)altstack + sizeof(altstack);
}

static volatile uintptr_t nest_outer_sp, nest_inner_sp;
static volatile int nest_inner_flags, nest_inner_eperm, nest_inner_sig;
static volatile int nest_raise; /* the outer handler raises SIGUSR2 */

/* The inner handler: where it runs and what sigaltstack says there. */
static void on_nest_inner(int sig)
{
	volatile char here;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, old;

	nest_inner_sig = sig;
	nest_inner_sp = (uintptr_t)&here;
	nest_inner_flags = sigaltstack(NULL, &old) == 0 ? old.ss_flags : -1;
	nest_inner_eperm = sigaltstack(&ss, NULL) == -1 && errno == EPERM;
}

static void on_nest_outer(int sig)
{
	volatile char here;

	(void)sig;
	nest_outer_sp = (uintptr_t)&here;
	if (nest_raise)
		raise(SIGUSR2);
}

static void set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/*
 * Handlers nested in one that runs on the sigaltstack run on it too,
 * below it (Linux sets their frames up at the current sp), with or
 * without SA_ONSTACK; there sigaltstack reports SS_ONSTACK and refuses
 * changes (EPERM). Raised from the outer handler, then pending together
 * with it (the inner frame is set up after the outer one).
 */
static void test_onstack_nested(void)
{
	sigset_t set;
	int flags;

	nest_raise = 1;
	for (flags = SA_ONSTACK; flags >= 0; flags -= SA_ONSTACK) {
		set_action(SIGUSR1, on_nest_outer, SA_ONSTACK);
		set_action(SIGUSR2, on_nest_inner, flags);
		nest_inner_sig = 0;
		raise(SIGUSR1);
		check(nest_inner_sig == SIGUSR2 && in_alt(nest_outer_sp) &&
			      in_alt(nest_inner_sp) &&
			      nest_inner_sp < nest_outer_sp &&
			      nest_inner_flags == SS_ONSTACK &&
			      nest_inner_eperm,
		      flags ? "a nested SA_ONSTACK handler: below on the altstack" :
			      "a nested handler: below on the altstack");
	}
	nest_raise = 0;
	set_action(SIGALRM, on_nest_inner, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGALRM);
	raise(SIGUSR1);
	nest_inner_sig = 0;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	check(nest_inner_sig == SIGALRM && in_alt(nest_inner_sp) &&
		      nest_inner_flags == SS_ONSTACK && nest_inner_eperm,
	      "pending with a SA_ONSTACK one: its handler on the altstack");
	set_action(SIGUSR1, on_signal, 0);
	set_action(SIGUSR2, on_signal, 0);
	set_action(SIGALRM, on_signal, 0);
}

static volatile int sleeper_rc, sleeper_errno;

static void *sleeper(void *arg)
{
	struct timespec t = { 30, 0 };

	(void)arg;
	sleeper_rc = nanosleep(&t, NULL);
	sleeper_errno = errno;
	return NULL;
}

static void test_thread(void)
{
	struct timespec t = { 0, 100 * 1000 * 1000 };
	pthread_t th;

	set_handler(SIGUSR2, 0);
	handled = 0;
	pthread_create(&th, NULL, sleeper, NULL);
	nanosleep(&t, NULL);
	pthread_kill(th, SIGUSR2);
	pthread_join(th, NULL);
	check(sleeper_rc == -1 && sleeper_errno == EINTR && handled == SIGUSR2,
	      "pthread_kill interrupts another thread's nanosleep");
}

static volatile int taker_mode, taker_rc, taker_errno;

/* Sleeps 300 ms in nanosleep (mode 0) or poll (1), not blocking SIGUSR1. */
static void *unblocked_sleeper(void *arg)
{
	struct timespec t = { 0, 300 * 1000 * 1000 };
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	taker_rc = taker_mode ? poll(NULL, 0, 300) : nanosleep(&t, NULL);
	taker_errno = errno;
	return NULL;
}

/*
 * A process-directed signal interrupts the thread that does not block it
 * (the sleeper); when another thread takes it first (sigtimedwait here),
 * no handler runs on the sleeper, and as on Linux its wait goes on to its
 * end: no EINTR (signal(7): only a handler ends the wait).
 */
static void test_taken_elsewhere(void)
{
	struct timespec t = { 0, 50 * 1000 * 1000 }, zero = { 0, 0 };
	sigset_t set;
	pthread_t th;
	int sig, attempt;

	set_handler(SIGUSR1, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (taker_mode = 0; taker_mode < 2; taker_mode++) {
		/*
		 * Again if the sleeper ran first and took it itself (a
		 * preemption between kill and sigtimedwait): its handler
		 * then rightly ended its wait.
		 */
		for (attempt = 0; attempt < 3; attempt++) {
			handled = 0;
			taker_rc = -2;
			pthread_create(&th, NULL, unblocked_sleeper, NULL);
			nanosleep(&t, NULL);
			kill(getpid(), SIGUSR1);
			sig = sigtimedwait(&set, NULL, &zero);
			pthread_join(th, NULL);
			if (sig == SIGUSR1)
				break;
		}
		check(sig == SIGUSR1 && taker_rc == 0 && handled == 0,
		      taker_mode ?
			      "a signal another thread took: poll goes on" :
			      "a signal another thread took: nanosleep "
			      "goes on");
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * signal(7): instances of a real-time signal queue with their sigqueue
 * values, taken in the order sent; a standard signal pending is one.
 */
static void test_rt_queue(void)
{
	struct timespec zero = { 0, 0 };
	union sigval v;
	siginfo_t si;
	sigset_t set;
	int i, ok = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 1; i <= 3; i++) {
		v.sival_int = i;
		ok &= sigqueue(getpid(), SIGRTMIN, v) == 0;
		ok &= sigqueue(getpid(), SIGUSR1, v) == 0;
	}
	check(ok, "sigqueue of a blocked signal, three times");
	ok = sigtimedwait(&set, &si, &zero) == SIGUSR1 &&
	     si.si_value.sival_int == 1 && si.si_code == SI_QUEUE;
	for (i = 1; i <= 3; i++)
		ok &= sigtimedwait(&set, &si, &zero) == SIGRTMIN &&
		      si.si_value.sival_int == i;
	check(ok, "real-time instances queue in order, a standard one once");
	check(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN,
	      "then nothing is pending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static volatile uintptr_t disarm_sp;
static volatile int disarm_flags, disarm_set_ok;
static char altstack2[16 * 1024];

/* Where it runs, what sigaltstack says there, whether it may set one. */
static void on_disarm(int sig)
{
	volatile char here;
	stack_t old,
		other = { .ss_sp = altstack2, .ss_size = sizeof(altstack2) };

	(void)sig;
	disarm_sp = (uintptr_t)&here;
	disarm_flags = sigaltstack(NULL, &old) == 0 ? old.ss_flags : -1;
	disarm_set_ok = sigaltstack(&other, NULL) == 0;
}

/*
 * SS_AUTODISARM (sigaltstack(2)): while a handler runs on the altstack
 * the thread has none (sigaltstack reports SS_DISABLE and may set
 * another); the handler's return restores the first one.
 */
static void test_autodisarm(void)
{
	stack_t ss = { .ss_sp = altstack,
		       .ss_size = sizeof(altstack),
		       .ss_flags = SS_AUTODISARM },
		old;

	check(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 &&
		      old.ss_sp == altstack &&
		      old.ss_flags == (int)SS_AUTODISARM,
	      "SS_AUTODISARM: reported with the sigaltstack");
	set_action(SIGUSR1, on_disarm, SA_ONSTACK);
	disarm_flags = -1;
	disarm_set_ok = 0;
	raise(SIGUSR1);
	check(in_alt(disarm_sp) && disarm_flags == SS_DISABLE,
	      "SS_AUTODISARM: the handler on it sees SS_DISABLE");
	check(disarm_set_ok, "SS_AUTODISARM: the handler may set another");
	check(sigaltstack(NULL, &old) == 0 && old.ss_sp == altstack &&
		      old.ss_size == sizeof(altstack) &&
		      old.ss_flags == (int)SS_AUTODISARM,
	      "SS_AUTODISARM: restored when the handler returns");
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	set_action(SIGUSR1, on_signal, 0);
}

static volatile int uc_mask_ok, uc_stack_ok, uc_rest_zero;

/* Checks its ucontext, then blocks SIGURG through it (as sigreturn). */
static void on_siginfo(int sig, siginfo_t *si, void *arg)
{
	ucontext_t *uc = arg;
	const unsigned char *p = (const unsigned char *)&uc->uc_mcontext;
	size_t i;

	(void)si;
	handled = sig;
	uc_mask_ok = sigismember(&uc->uc_sigmask, SIGUSR2) &&
		     !sigismember(&uc->uc_sigmask, SIGUSR1);
	/* test_onstack's sigaltstack, not in use. */
	uc_stack_ok = uc->uc_stack.ss_sp == altstack &&
		      uc->uc_stack.ss_size == sizeof(altstack) &&
		      uc->uc_stack.ss_flags == 0;
	uc_rest_zero = uc->uc_link == NULL;
	for (i = 0; i < sizeof(uc->uc_mcontext); i++)
		if (p[i])
			uc_rest_zero = 0;
	sigaddset(&uc->uc_sigmask, SIGURG);
}

static void test_ucontext(void)
{
	struct sigaction sa;
	sigset_t set, now;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	handled = 0;
	raise(SIGUSR1);
	check(handled == SIGUSR1 && uc_mask_ok,
	      "ucontext: uc_sigmask is the mask before the handler");
	check(uc_stack_ok, "ucontext: uc_stack is the sigaltstack");
	check(uc_rest_zero, "ucontext: uc_link and uc_mcontext zeroed");
	sigprocmask(SIG_BLOCK, NULL, &now);
	check(sigismember(&now, SIGURG) && sigismember(&now, SIGUSR2) &&
		      !sigismember(&now, SIGUSR1),
	      "ucontext: a handler's change of uc_sigmask is the new mask");
	sigaddset(&set, SIGURG);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	set_handler(SIGUSR1, 0);
}

static void test_signalfd(void)
{
	struct signalfd_siginfo si[2];
	struct epoll_event ev = { .events = EPOLLIN };
	struct pollfd pfd;
	union sigval v = { .sival_int = 42 };
	sigset_t set;
	int sfd, ep;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	check(sfd >= 0, "signalfd");
	check(read(sfd, si, sizeof(si)) == -1 && errno == EAGAIN,
	      "signalfd read with nothing pending: EAGAIN");
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	check(epoll_wait(ep, &ev, 1, 0) == 0, "epoll: not ready");
	raise(SIGUSR1);
	pfd.fd = sfd;
	pfd.events = POLLIN;
	check(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN),
	      "poll: POLLIN once a signal is pending");
	check(epoll_wait(ep, &ev, 1, 0) == 1, "epoll: ready");
	check(read(sfd, si, sizeof(si)) == (ssize_t)sizeof(si[0]) &&
		      si[0].ssi_signo == SIGUSR1 && si[0].ssi_code == SI_TKILL,
	      "read: one struct signalfd_siginfo for raise()");
	sigqueue(getpid(), SIGUSR1, v);
	check(read(sfd, si, sizeof(si)) == (ssize_t)sizeof(si[0]) &&
		      si[0].ssi_code == SI_QUEUE && si[0].ssi_int == 42,
	      "read: sigqueue's code and value");
	check(poll(&pfd, 1, 0) == 0, "taken: no longer pending");
	close(ep);
	close(sfd);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * A thread busy in its own code, making no syscall: the preemption tick
 * diverts it into the handler of the signal that is due (the timer's
 * SIGALRM). Without that the loop never ends.
 */
static void test_busy(void)
{
	set_handler(SIGALRM, 0);
	alarm_ms(50);
	while (!handled)
		;
	check(handled == SIGALRM,
	      "a thread that makes no syscall runs its handler");
}

int main(int argc, char *argv[])
{
	int i;

	test_nanosleep();
	test_poll();
	test_pipe_restart();
	test_onstack();
	test_onstack_nested();
	test_thread();
	test_taken_elsewhere();
	test_autodisarm();
	test_rt_queue();
	test_ucontext();
	test_signalfd();
	test_busy();
	printf("signal: done, %d passed, %d failed\n", passed, failed);
	/* x86_64's multiboot command line starts with the image's path. */
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "term")) {
			printf("signal: sending SIGTERM to itself\n");
			fflush(stdout);
			kill(getpid(), SIGTERM);
			printf("signal: SIGTERM did not end the program\n");
		}
	}
	return failed ? 1 : 0;
}
