/*
 * Tessera port: libc state for code that runs outside threads, on the
 * secondary CPUs (ukplat_lcpu_run functions and entry functions): a thread
 * descriptor with its own TLS block, TSD and thread id per CPU, and libc's
 * locks taken from then on, as once a second thread exists.
 */
#include <signal.h>
#include <stdlib.h>
#include "libc.h"
#include "pthread_impl.h"
#include "stdio_impl.h"

/* Declared for posix/process in its process_impl.h. */
unsigned long uk_libc_cpu_tls_create(int tid);

static void lock_file(FILE *f)
{
	if (f && f->lock < 0)
		f->lock = 0;
}

/*
 * What pthread_create does before the first thread (FILE locks on, the
 * main thread's TSD, internal signals unblocked), then counts one more
 * thread so that LOCK() and the malloc-style locks stop being skipped.
 */
static void threads_on(void)
{
	FILE *f;

	if (!libc.threaded) {
		for (f = *__ofl_lock(); f; f = f->next)
			lock_file(f);
		__ofl_unlock();
		lock_file(__stdin_used);
		lock_file(__stdout_used);
		lock_file(__stderr_used);
		__syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, SIGPT_SET, 0,
			  _NSIG / 8);
		__pthread_self()->tsd = (void **)__pthread_tsd_main;
		__membarrier_init();
		libc.threaded = 1;
	}
	__tl_lock();
	if (!libc.threads_minus_1++)
		libc.need_locks = 1;
	__tl_unlock();
}

/*
 * Builds the thread descriptor of a CPU's code: the image's static TLS
 * copied as for a new thread, then the TSD array, in one block that lives
 * as long as the image. It is not on the thread list: no pthread
 * function may name it. Returns the thread pointer to run that code
 * with, or 0 without memory.
 */
unsigned long uk_libc_cpu_tls_create(int tid)
{
	struct pthread *self = __pthread_self(), *td;
	unsigned char *mem = calloc(1, libc.tls_size + __pthread_tsd_size);

	if (!mem)
		return 0;
	threads_on();
	td = __copy_tls(mem);
	td->self = td;
	td->prev = td->next = td;
	td->tid = tid;
	td->detach_state = DT_DETACHED;
	td->tsd = (void **)(mem + libc.tls_size);
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->canary = self->canary;
	td->sysinfo = self->sysinfo;
	return (unsigned long)TP_ADJ(td);
}
