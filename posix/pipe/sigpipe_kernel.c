/* SIGPIPE on the kernel: posix/process's signals. */
#include <signal.h>

#include "posix/pipe/sigpipe.h"

/* posix/process (UK_SYSCALL_DEFINE in thread.c and signal.c). */
long uk_sys_gettid(void);
long uk_sys_tkill(long tid, long sig);

void uk_pipe_sigpipe(void)
{
	uk_sys_tkill(uk_sys_gettid(), SIGPIPE);
}
