/* SIGPIPE for a write to a pipe without readers (per target). */
#ifndef POSIX_PIPE_SIGPIPE_H
#define POSIX_PIPE_SIGPIPE_H

/* Sends SIGPIPE to the calling thread, as Linux's pipe_write does. */
void uk_pipe_sigpipe(void);

#endif /* POSIX_PIPE_SIGPIPE_H */
