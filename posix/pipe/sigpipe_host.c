/* SIGPIPE in host tests: the test process's own signal. */
#include <signal.h>

#include "posix/pipe/sigpipe.h"

void uk_pipe_sigpipe(void)
{
	raise(SIGPIPE);
}
