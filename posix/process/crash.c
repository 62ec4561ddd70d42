/*
 * The crash report of a fatal signal (abort(), a failed assert, a raised
 * SIGSEGV, ...): signal, thread, and a frame-pointer backtrace of the
 * thread that took it; then power-off with UK_PROCESS_SIGNAL_STATUS(sig).
 */
#include <signal.h>
#include <stdint.h>
#include <uk/plat/backtrace.h>
#include <uk/print.h>
#include <uk/process.h>
#include <uk/thread.h>
#include "process_impl.h"

static const char *const crash_signames[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",
	[SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
	[SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",
	[SIGTERM] = "SIGTERM", [SIGSTKFLT] = "SIGSTKFLT",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG",   [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM",
	[SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO",     [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

void posix_signal_crash(int sig)
{
	struct uk_thread *t = uk_thread_current();
	const char *name = NULL;

	if (sig > 0 && sig < (int)UK_ARRAY_SIZE(crash_signames))
		name = crash_signames[sig];
	uk_printk("\n*** crash: signal %d (%s) in thread %s (tid %d) ***\n",
		  sig, name ? name : "real-time", t->name ? t->name : "?",
		  posix_thread_current()->tid);
	ukplat_backtrace_print((uintptr_t)posix_signal_crash,
			       (uintptr_t)__builtin_frame_address(0));
	uk_printk("*** exit status %d ***\n", UK_PROCESS_SIGNAL_STATUS(sig));
	posix_process_terminate(UK_PROCESS_SIGNAL_STATUS(sig));
}
