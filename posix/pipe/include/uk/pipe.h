/* Pipes: pipe(2) and pipe2(2) on a ring buffer. */
#ifndef UK_PIPE_H
#define UK_PIPE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Ring size of a new pipe: Linux's default, 16 pages. */
#define UK_PIPE_DEFAULT_SIZE (16 * 4096)
/* The largest size F_SETPIPE_SZ sets (Linux's /proc/sys/fs/pipe-max-size). */
#define UK_PIPE_MAX_SIZE (1024 * 1024)

/*
 * pipe2(2): fds[0] the read end, fds[1] the write end; flags O_NONBLOCK,
 * O_CLOEXEC (others: -EINVAL). -EFAULT for NULL fds, -EMFILE, -ENOMEM.
 */
int uk_sys_pipe2(int *fds, int flags);
int uk_sys_pipe(int *fds);

#ifdef __cplusplus
}
#endif

#endif /* UK_PIPE_H */
