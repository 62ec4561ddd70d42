/*
 * The crash report of a fatal signal (abort(), a failed assert, a raised
 * SIGSEGV, ...): signal, thread, and a frame-pointer backtrace of the
 * thread that took it; then power-off with UK_PROCESS_SIGNAL_STATUS(sig).
 */
#include <signal.h>
#include <stdint.h>
#include <uk/print.h>
#include <uk/process.h>
#include <uk/thread.h>
#include "process_impl.h"

#define CRASH_FRAMES_MAX 32
/* A caller's frame lies above its callee's, and not this far away. */
#define CRASH_FRAME_SPAN_MAX (1UL << 20)

static const char *const crash_signames[] = {
	[SIGHUP] = "SIGHUP",
	[SIGINT] = "SIGINT",
	[SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP",
	[SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",
	[SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",
	[SIGSEGV] = "SIGSEGV",
	[SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",
	[SIGALRM] = "SIGALRM",
	[SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT",
	[SIGCHLD] = "SIGCHLD",
	[SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG",
	[SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM",
	[SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO",
	[SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

/*
 * Both x86_64 and arm64 frame records are {caller's frame pointer,
 * return address}, and every image is built with frame pointers.
 */
static void crash_backtrace(void)
{
	uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
	uintptr_t next;
	int i;

	uk_printk("backtrace (llvm-symbolizer --obj=IMAGE.dbg ADDRESS):\n");
	for (i = 0; i < CRASH_FRAMES_MAX && fp && !(fp & 7); i++) {
		uk_printk("  #%d 0x%lx\n", i,
			  (unsigned long)((uintptr_t *)fp)[1]);
		next = ((uintptr_t *)fp)[0];
		if (next <= fp || next - fp > CRASH_FRAME_SPAN_MAX)
			break;
		fp = next;
	}
}

void posix_signal_crash(int sig)
{
	struct uk_thread *t = uk_thread_current();
	const char *name = NULL;

	if (sig > 0 && sig < (int)UK_ARRAY_SIZE(crash_signames))
		name = crash_signames[sig];
	uk_printk("\n*** crash: signal %d (%s) in thread %s (tid %d) ***\n",
		  sig, name ? name : "real-time", t->name ? t->name : "?",
		  posix_thread_current()->tid);
	crash_backtrace();
	uk_printk("*** exit status %d ***\n", UK_PROCESS_SIGNAL_STATUS(sig));
	posix_process_terminate(UK_PROCESS_SIGNAL_STATUS(sig));
}
