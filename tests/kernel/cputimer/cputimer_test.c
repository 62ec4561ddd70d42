/*
 * CPU-time timers through musl (posix/process/timer.c, sleep.c, time.c):
 * ITIMER_VIRTUAL and ITIMER_PROF fire on the CPU time a busy thread
 * consumed, never early, and not at all while the process sleeps;
 * getitimer and timer_gettime report the CPU time left; a timer on a busy
 * thread's clock (pthread_getcpuclockid) fires while one on an idle
 * thread's does not; a process CPU timer counts two busy threads; a
 * blocked periodic timer counts overruns; SIGEV_THREAD runs its function;
 * clock_nanosleep on the process clock waits for that CPU time however
 * long it takes, and refuses the caller's own thread clock. Every check
 * compares CPU times, never wall time. Then absolute CLOCK_REALTIME
 * timers and sleeps follow clock_settime: set forward past their time,
 * they expire; set back, they wait for the time again. Prints "ok"/"not
 * ok" per check and a summary line; exits 1 on a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL
/*
 * An expiry must never come early; how late it comes depends on how
 * often the host runs the vCPUs (the guest's CPU time is its threads'
 * share of the host's time), so waits for one end at this much CPU time.
 */
#define GIVE_UP_NS (3000 * MS)

static int failed, passed;
static volatile sig_atomic_t fired[65];
static volatile int64_t fired_cpu[65], fired_last[65];
static clockid_t fired_clock[65];

static void check(int cond, const char *what)
{
	printf("cputimer: %s %s\n", cond ? "ok" : "not ok", what);
	if (cond)
		passed++;
	else
		failed++;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static struct timespec ns_ts(int64_t ns)
{
	return (struct timespec){ (time_t)(ns / 1000000000LL),
				  (long)(ns % 1000000000LL) };
}

static int64_t cpu_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return -1;
	return ts_ns(&ts);
}

/* Records the first expiry's time on the signal's clock, counts all. */
static void on_signal(int sig)
{
	fired_last[sig] = cpu_ns(fired_clock[sig]);
	if (!fired[sig])
		fired_cpu[sig] = fired_last[sig];
	fired[sig]++;
}

static void handle(int sig, clockid_t clk)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(sig, &sa, NULL);
	fired[sig] = 0;
	fired_cpu[sig] = 0;
	fired_clock[sig] = clk;
}

/* Spins until clock clk has moved by ns, or *stop reaches n. */
static void spin_until(clockid_t clk, int64_t ns, volatile int *stop, int n)
{
	int64_t end = cpu_ns(clk) + ns;

	while (cpu_ns(clk) < end && !(stop && *stop >= n))
		;
}

static void spin(clockid_t clk, int64_t ns, volatile int *stop)
{
	spin_until(clk, ns, stop, 1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * MS };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void test_itimers(void)
{
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, cur;
	int64_t start;

	handle(SIGVTALRM, CLOCK_PROCESS_CPUTIME_ID);
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	check(!setitimer(ITIMER_VIRTUAL, &it, NULL), "setitimer VIRTUAL");
	check(!getitimer(ITIMER_VIRTUAL, &cur) && cur.it_value.tv_sec == 0 &&
		      cur.it_value.tv_usec > 0 &&
		      cur.it_value.tv_usec <= 50000 &&
		      cur.it_interval.tv_usec == 50000,
	      "getitimer VIRTUAL: CPU time left and interval");
	spin_until(CLOCK_PROCESS_CPUTIME_ID, GIVE_UP_NS, &fired[SIGVTALRM], 3);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	printf("cputimer: SIGVTALRM x%d, first at +%lld ms CPU, last at "
	       "+%lld ms\n",
	       (int)fired[SIGVTALRM],
	       (long long)(fired_cpu[SIGVTALRM] - start) / MS,
	       (long long)(fired_last[SIGVTALRM] - start) / MS);
	check(fired[SIGVTALRM] >= 3, "periodic SIGVTALRM fired again");
	/* k signals stand for k expiries at least: not before k * 50 ms. */
	check(fired_cpu[SIGVTALRM] - start >= 50 * MS &&
		      fired_last[SIGVTALRM] - start >=
			      fired[SIGVTALRM] * 50 * MS,
	      "SIGVTALRM every 50 ms of CPU time, never before");

	handle(SIGPROF, CLOCK_PROCESS_CPUTIME_ID);
	it.it_value.tv_usec = 100000;
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	setitimer(ITIMER_PROF, &it, NULL);
	spin(CLOCK_PROCESS_CPUTIME_ID, GIVE_UP_NS, &fired[SIGPROF]);
	spin(CLOCK_PROCESS_CPUTIME_ID, 100 * MS, NULL);
	printf("cputimer: SIGPROF at +%lld ms CPU\n",
	       (long long)(fired_cpu[SIGPROF] - start) / MS);
	check(fired[SIGPROF] == 1 && fired_cpu[SIGPROF] - start >= 100 * MS,
	      "one-shot SIGPROF once, at 100 ms of CPU time or after");
	check(!getitimer(ITIMER_PROF, &cur) && !cur.it_value.tv_sec &&
		      !cur.it_value.tv_usec,
	      "getitimer PROF: disarmed after it fired");

	/*
	 * A sleeping process consumes (almost) no CPU time: no signal in
	 * 500 ms asleep from a timer of 200 ms (on a clock that assumed a
	 * busy CPU, it would fire).
	 */
	handle(SIGVTALRM, CLOCK_PROCESS_CPUTIME_ID);
	it.it_value.tv_usec = 200000;
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	sleep_ms(500);
	printf("cputimer: 500 ms asleep cost %lld us of CPU\n",
	       (long long)(cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start) / 1000);
	check(!fired[SIGVTALRM], "no SIGVTALRM while the process sleeps");
	check(!getitimer(ITIMER_VIRTUAL, &cur) && cur.it_value.tv_usec > 0,
	      "ITIMER_VIRTUAL still armed after the sleep");
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_VIRTUAL, &it, NULL);
}

/*
 * A thread that spends nearly all its time in syscalls: the ticks land in
 * kernel code (preemption off), and their work is done when the syscall
 * returns. Without that, at -smp 1 the timer thread never got the CPU
 * and nothing looked at the clock: no signal.
 */
static void test_syscall_bound(void)
{
	static char buf[1 << 20];
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	int64_t start, calls = 0;

	handle(SIGVTALRM, CLOCK_PROCESS_CPUTIME_ID);
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	while (!fired[SIGVTALRM] &&
	       cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start < GIVE_UP_NS) {
		getrandom(buf, sizeof(buf), 0);
		calls++;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	printf("cputimer: in syscalls, SIGVTALRM at +%lld ms CPU (%lld "
	       "calls)\n",
	       (long long)(fired_cpu[SIGVTALRM] - start) / MS,
	       (long long)calls);
	check(fired[SIGVTALRM] == 1 && fired_cpu[SIGVTALRM] - start >= 50 * MS,
	      "ITIMER_VIRTUAL fires on a thread busy in syscalls");
}

static volatile int handler_getitimer;

static void on_signal_getitimer(int sig)
{
	struct itimerval cur;

	if (!getitimer(ITIMER_VIRTUAL, &cur))
		handler_getitimer++;
	on_signal(sig);
}

/*
 * A handler may use the timer calls: the expiry that the busy thread
 * itself finds (the tick's look) runs it outside the timers' locks.
 */
static void test_handler_timer_call(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	struct sigaction sa;

	handle(SIGVTALRM, CLOCK_PROCESS_CPUTIME_ID);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal_getitimer;
	sigaction(SIGVTALRM, &sa, NULL);
	handler_getitimer = 0;
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	spin_until(CLOCK_PROCESS_CPUTIME_ID, GIVE_UP_NS, &fired[SIGVTALRM], 5);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	check(fired[SIGVTALRM] >= 5 && handler_getitimer == fired[SIGVTALRM],
	      "a SIGVTALRM handler calls getitimer");
}

static volatile int busy_stop;
static volatile int busy_ready;

static void *busy_main(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&busy_ready, 1, __ATOMIC_SEQ_CST);
	spin(CLOCK_THREAD_CPUTIME_ID, 5000 * MS, &busy_stop);
	return NULL;
}

static int idle_pipe[2];

/* Blocked in a read until main writes: no CPU time at all. */
static void *idle_main(void *arg)
{
	char c;

	(void)arg;
	while (read(idle_pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static timer_t cpu_timer(clockid_t clk, int sig, int64_t ns, int64_t period)
{
	struct sigevent sev;
	struct itimerspec its = {
		{ (time_t)(period / 1000000000), (long)(period % 1000000000) },
		{ (time_t)(ns / 1000000000), (long)(ns % 1000000000) },
	};
	timer_t t = 0;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	if (timer_create(clk, &sev, &t) || timer_settime(t, 0, &its, NULL))
		check(0, "timer_create/timer_settime on a CPU clock");
	return t;
}

static void test_thread_clocks(void)
{
	pthread_t busy, idle;
	clockid_t busy_clk, idle_clk, proc_clk;
	struct itimerspec cur;
	struct timespec target;
	timer_t tb, ti;
	int64_t start, idle_ran;
	int rc;

	busy_stop = 0;
	pipe(idle_pipe);
	pthread_create(&busy, NULL, busy_main, NULL);
	pthread_create(&idle, NULL, idle_main, NULL);
	check(!pthread_getcpuclockid(busy, &busy_clk) &&
		      !pthread_getcpuclockid(idle, &idle_clk) &&
		      cpu_ns(busy_clk) >= 0 && cpu_ns(idle_clk) >= 0,
	      "clock_gettime on pthread_getcpuclockid clocks");
	check(!clock_getcpuclockid(0, &proc_clk) && cpu_ns(proc_clk) > 0,
	      "clock_gettime on clock_getcpuclockid(0)");
	handle(SIGUSR1, busy_clk);
	handle(SIGUSR2, idle_clk);
	start = cpu_ns(busy_clk);
	tb = cpu_timer(busy_clk, SIGUSR1, 100 * MS, 0);
	ti = cpu_timer(idle_clk, SIGUSR2, 100 * MS, 0);
	/* The busy thread's clock, from here: an own-clock sleep is EINVAL. */
	check(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0,
			      &(struct timespec){ 0, 1000 }, NULL) == EINVAL,
	      "clock_nanosleep on CLOCK_THREAD_CPUTIME_ID: EINVAL");
	/* Absolute, again after the handler of the timer above cut it. */
	target = (struct timespec){ (time_t)((start + 200 * MS) / 1000000000),
				    (long)((start + 200 * MS) % 1000000000) };
	while ((rc = clock_nanosleep(busy_clk, TIMER_ABSTIME, &target, NULL)) ==
	       EINTR)
		;
	check(rc == 0 && cpu_ns(busy_clk) - start >= 200 * MS,
	      "clock_nanosleep on another thread's clock: to its 200 ms");
	while (!fired[SIGUSR1] && cpu_ns(busy_clk) - start < GIVE_UP_NS)
		sleep_ms(5);
	printf("cputimer: busy thread timer at +%lld ms of its CPU\n",
	       (long long)(fired_cpu[SIGUSR1] - start) / MS);
	check(fired[SIGUSR1] == 1 && fired_cpu[SIGUSR1] - start >= 100 * MS,
	      "busy thread's CPU timer fired at 100 ms of its CPU time");
	check(!fired[SIGUSR2], "idle thread's CPU timer did not fire");
	/*
	 * Its 100 ms less what the idle thread ran since it was armed: no
	 * more than it ran in all. Starting up, it may have run for long
	 * when the host held the vCPU off, but not since: it is blocked.
	 */
	idle_ran = cpu_ns(idle_clk);
	check(!timer_gettime(ti, &cur) && ts_ns(&cur.it_value) <= 100 * MS &&
		      ts_ns(&cur.it_value) + MS >= 100 * MS - idle_ran,
	      "timer_gettime: idle thread's timer has its CPU time left");
	check(!timer_gettime(tb, &cur) && !cur.it_value.tv_sec &&
		      !cur.it_value.tv_nsec,
	      "timer_gettime: busy thread's one-shot timer disarmed");
	busy_stop = 1;
	write(idle_pipe[1], "", 1);
	pthread_join(busy, NULL);
	pthread_join(idle, NULL);
	close(idle_pipe[0]);
	close(idle_pipe[1]);
	timer_delete(tb);
	timer_delete(ti);
}

static void test_process_timer(void)
{
	clockid_t c1, c2;
	pthread_t b1, b2;
	int64_t start, t1, t2;
	timer_t t;

	busy_stop = 0;
	busy_ready = 0;
	pthread_create(&b1, NULL, busy_main, NULL);
	pthread_create(&b2, NULL, busy_main, NULL);
	pthread_getcpuclockid(b1, &c1);
	pthread_getcpuclockid(b2, &c2);
	while (__atomic_load_n(&busy_ready, __ATOMIC_SEQ_CST) < 2)
		sleep_ms(1);
	handle(SIGRTMIN + 1, CLOCK_PROCESS_CPUTIME_ID);
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	t1 = cpu_ns(c1);
	t2 = cpu_ns(c2);
	t = cpu_timer(CLOCK_PROCESS_CPUTIME_ID, SIGRTMIN + 1, 300 * MS, 0);
	while (!fired[SIGRTMIN + 1] &&
	       cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start < GIVE_UP_NS)
		sleep_ms(5);
	t1 = cpu_ns(c1) - t1;
	t2 = cpu_ns(c2) - t2;
	busy_stop = 1;
	pthread_join(b1, NULL);
	pthread_join(b2, NULL);
	timer_delete(t);
	printf("cputimer: process timer at +%lld ms CPU (threads %lld + "
	       "%lld ms)\n",
	       (long long)(fired_cpu[SIGRTMIN + 1] - start) / MS,
	       (long long)t1 / MS, (long long)t2 / MS);
	check(fired[SIGRTMIN + 1] == 1 &&
		      fired_cpu[SIGRTMIN + 1] - start >= 300 * MS,
	      "process CPU timer fired at 300 ms of process CPU time");
	/* Both threads ran, and their time is what the process clock counts. */
	check(t1 > 0 && t2 > 0 && t1 + t2 >= 250 * MS,
	      "process CPU timer counted both busy threads");
}

static void test_overrun(void)
{
	int sig = SIGRTMIN + 2, over, most;
	int64_t start;
	siginfo_t si;
	sigset_t set;
	timer_t t;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	t = cpu_timer(CLOCK_PROCESS_CPUTIME_ID, sig, 20 * MS, 20 * MS);
	spin(CLOCK_PROCESS_CPUTIME_ID, 200 * MS, NULL);
	/* Idle a while: the timer catches up with the CPU time spent. */
	sleep_ms(100);
	most = (int)((cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start) / (20 * MS));
	check(sigtimedwait(&set, &si, &(struct timespec){ 1, 0 }) == sig &&
		      si.si_code == SI_TIMER,
	      "blocked periodic CPU timer: one SI_TIMER signal pending");
	over = timer_getoverrun(t);
	printf("cputimer: overrun %d of at most %d\n", over, most - 1);
	check(over >= 8 && over <= most - 1,
	      "timer_getoverrun: the expiries of 200 ms at 20 ms, less one");
	timer_delete(t);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static volatile int thread_notified;

static void on_notify(union sigval v)
{
	thread_notified = v.sival_int;
}

static void test_sigev_thread(void)
{
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 0, 50 * MS } };
	timer_t t;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = on_notify;
	sev.sigev_value.sival_int = 42;
	check(!timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &t) &&
		      !timer_settime(t, 0, &its, NULL),
	      "SIGEV_THREAD timer on the process clock");
	spin(CLOCK_PROCESS_CPUTIME_ID, GIVE_UP_NS, &thread_notified);
	check(thread_notified == 42, "SIGEV_THREAD function ran, its value");
	timer_delete(t);
}

static void test_nanosleep(void)
{
	struct itimerval alarm = { { 0, 0 }, { 0, 200000 } };
	int64_t start;
	int rc;

	/*
	 * Nothing runs: 50 ms of process CPU time take far longer than the
	 * 200 ms until SIGALRM, which interrupts the sleep.
	 */
	handle(SIGALRM, CLOCK_MONOTONIC);
	start = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	setitimer(ITIMER_REAL, &alarm, NULL);
	rc = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME,
			     &(struct timespec){ 0, 0 }, NULL);
	check(rc == 0, "absolute CPU-time sleep in the past returns at once");
	rc = clock_nanosleep(
		CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME,
		&(struct timespec){ (time_t)((start + 50 * MS) / 1000000000),
				    (long)((start + 50 * MS) % 1000000000) },
		NULL);
	check(rc == EINTR && fired[SIGALRM] == 1 &&
		      cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - start < 50 * MS,
	      "idle process: CPU-time sleep waits for the CPU time (EINTR)");
}

/* Moves CLOCK_REALTIME by ns. */
static void realtime_move(int64_t ns)
{
	struct timespec ts = ns_ts(cpu_ns(CLOCK_REALTIME) + ns);

	clock_settime(CLOCK_REALTIME, &ts);
}

static void *realtime_mover(void *arg)
{
	sleep_ms(100);
	realtime_move((int64_t)(intptr_t)arg);
	return NULL;
}

static void test_realtime(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } }, cur;
	struct sigevent sev;
	pthread_t mover;
	int64_t start, target;
	uint64_t n;
	timer_t t;
	int rc, fd;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	handle(SIGUSR1, CLOCK_MONOTONIC);
	timer_create(CLOCK_REALTIME, &sev, &t);
	/* Due in 20 s of the clock; the clock moves 20 s on: due now. */
	its.it_value = ns_ts(cpu_ns(CLOCK_REALTIME) + 20000 * MS);
	timer_settime(t, TIMER_ABSTIME, &its, NULL);
	realtime_move(20000 * MS);
	start = cpu_ns(CLOCK_MONOTONIC);
	while (!fired[SIGUSR1] && cpu_ns(CLOCK_MONOTONIC) - start < 5000 * MS)
		sleep_ms(10);
	check(fired[SIGUSR1] == 1,
	      "absolute CLOCK_REALTIME timer: due once the clock is set past");
	/* Due in 300 ms; the clock goes back 20 s: 20.3 s left now. */
	handle(SIGUSR1, CLOCK_MONOTONIC);
	its.it_value = ns_ts(cpu_ns(CLOCK_REALTIME) + 300 * MS);
	timer_settime(t, TIMER_ABSTIME, &its, NULL);
	realtime_move(-20000 * MS);
	timer_gettime(t, &cur);
	check(!fired[SIGUSR1] && ts_ns(&cur.it_value) > 19000 * MS,
	      "absolute CLOCK_REALTIME timer: the clock set back, later");
	timer_delete(t);

	/* A sleep until 20 s from now ends when the clock is set past it. */
	target = cpu_ns(CLOCK_REALTIME) + 20000 * MS;
	start = cpu_ns(CLOCK_MONOTONIC);
	pthread_create(&mover, NULL, realtime_mover,
		       (void *)(intptr_t)(21000 * MS));
	its.it_value = ns_ts(target);
	while ((rc = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME,
				     &its.it_value, NULL)) == EINTR)
		;
	pthread_join(mover, NULL);
	printf("cputimer: realtime sleep of 20 s took %lld ms\n",
	       (long long)(cpu_ns(CLOCK_MONOTONIC) - start) / MS);
	check(rc == 0 && cpu_ns(CLOCK_REALTIME) >= target &&
		      cpu_ns(CLOCK_MONOTONIC) - start < 15000 * MS,
	      "absolute CLOCK_REALTIME sleep: ends when the clock is set past");
	/* Back where it was, near enough. */
	realtime_move(-21000 * MS);

	/* timerfd: followed too, and TFD_TIMER_CANCEL_ON_SET reports it. */
	fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	its.it_value = ns_ts(cpu_ns(CLOCK_REALTIME) + 20000 * MS);
	timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its,
			NULL);
	realtime_move(1000 * MS);
	timerfd_gettime(fd, &cur);
	check(read(fd, &n, sizeof(n)) < 0 && errno == ECANCELED &&
		      read(fd, &n, sizeof(n)) < 0 && errno == EAGAIN &&
		      ts_ns(&cur.it_value) < 19500 * MS &&
		      ts_ns(&cur.it_value) > 15000 * MS,
	      "timerfd: TFD_TIMER_CANCEL_ON_SET gives ECANCELED, follows");
	close(fd);
	realtime_move(-1000 * MS);
}

/*
 * Times Linux refuses to set (do_settimeofday64): from TIME_SETTOD_SEC_MAX
 * (KTIME_SEC_MAX less 30 years of uptime) on, and before the monotonic
 * clock; a time zone more than 15 hours from UTC. Each leaves the clock
 * where it was.
 */
static void test_settime_limits(void)
{
	const time_t settod_max = 9223372036LL - 30LL * 365 * 24 * 3600;
	struct timespec ts = { settod_max, 0 };
	struct timeval tv = { settod_max, 0 };
	struct timezone tz = { 16 * 60, 0 };
	int64_t before = cpu_ns(CLOCK_REALTIME), mono;
	int rc;

	rc = clock_settime(CLOCK_REALTIME, &ts);
	check(rc < 0 && errno == EINVAL &&
		      cpu_ns(CLOCK_REALTIME) - before < 5000 * MS,
	      "clock_settime at TIME_SETTOD_SEC_MAX: EINVAL, clock unchanged");
	rc = (int)syscall(SYS_settimeofday, &tv, NULL);
	check(rc < 0 && errno == EINVAL &&
		      cpu_ns(CLOCK_REALTIME) - before < 5000 * MS,
	      "settimeofday at TIME_SETTOD_SEC_MAX: EINVAL, clock unchanged");
	ts.tv_sec = 0;
	rc = clock_settime(CLOCK_REALTIME, &ts);
	check(rc < 0 && errno == EINVAL && cpu_ns(CLOCK_REALTIME) >= before,
	      "clock_settime before the monotonic clock: EINVAL");
	check(syscall(SYS_settimeofday, NULL, &tz) < 0 && errno == EINVAL,
	      "settimeofday, time zone 16 h from UTC: EINVAL");
	tz.tz_minuteswest = -60;
	check(syscall(SYS_settimeofday, NULL, &tz) == 0,
	      "settimeofday, time zone only: accepted");
	/* The last second allowed is accepted; then back. */
	mono = cpu_ns(CLOCK_MONOTONIC);
	ts.tv_sec = settod_max - 1;
	rc = clock_settime(CLOCK_REALTIME, &ts);
	check(rc == 0 && cpu_ns(CLOCK_REALTIME) / (1000 * MS) >= settod_max - 1,
	      "clock_settime one second before TIME_SETTOD_SEC_MAX: set");
	ts = ns_ts(before + cpu_ns(CLOCK_MONOTONIC) - mono);
	clock_settime(CLOCK_REALTIME, &ts);
}

int main(void)
{
	test_itimers();
	test_syscall_bound();
	test_handler_timer_call();
	test_thread_clocks();
	test_process_timer();
	test_overrun();
	test_sigev_thread();
	test_nanosleep();
	test_realtime();
	test_settime_limits();
	printf("cputimer: done, %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
