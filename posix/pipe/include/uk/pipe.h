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

struct stat;
struct uk_file;

/* What owns a FIFO file's pipe: posix/vfs's vnode. */
struct uk_pipe_fifo_owner {
	/* fstat(2) of an open FIFO: the file's attributes. */
	int (*stat)(void *arg, struct stat *st);
	/* An open FIFO's last reference is gone: drops what open took. */
	void (*release)(void *arg);
};

/*
 * Opens a FIFO as open(2) does: *slot is its pipe (NULL until the first
 * open; cleared when the last open file goes, so the data go too). flags:
 * the access mode and O_NONBLOCK. O_RDONLY waits for a writer, O_WRONLY
 * for a reader (with O_NONBLOCK: -ENXIO without one), O_RDWR never. On
 * success *f holds one reference, and its release calls
 * owner->release(arg); on failure the owner keeps what it holds. Returns
 * 0, -ENOMEM, -ENXIO, -EINVAL, or -UK_ERESTARTSYS (a signal while
 * waiting). slot must stay valid while an open file is.
 */
int uk_pipe_fifo_open(void **slot, unsigned int flags,
		      const struct uk_pipe_fifo_owner *owner, void *arg,
		      struct uk_file **f);

/* The arg of f's FIFO open if owner owns it, else NULL. */
void *uk_pipe_fifo_arg(struct uk_file *f,
		       const struct uk_pipe_fifo_owner *owner);

#ifdef __cplusplus
}
#endif

#endif /* UK_PIPE_H */
