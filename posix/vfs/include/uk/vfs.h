/*
 * The virtual file system: vnodes, mounts and path lookup. File systems
 * (posix/fs/...) implement vnode operations; the VFS implements the path
 * system calls on top of them and creates open files for posix/fdtab.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <uk/file.h>

#ifdef __cplusplus
extern "C" {
#endif

struct statfs;
struct uk_mount;
struct uk_vnode;

/* Symbolic links followed in one lookup before ELOOP (Linux's 40). */
#define UK_VFS_MAXSYMLINKS 40

/* One directory entry, as a file system's readdir op reports it. */
struct uk_vfs_dirent {
	ino_t ino;
	/* DT_REG, DT_DIR, ... */
	unsigned char type;
	/* The cookie of the entry after this one. */
	uint64_t next;
	/* NUL-terminated, at most NAME_MAX bytes. */
	const char *name;
};

/*
 * Operations of a vnode. Every operation runs with the VFS lock held (one
 * sleeping lock for the whole namespace), so file systems need no locks of
 * their own for what the VFS calls; they must not call back into the
 * VFS's system calls. NULL operations give the errno noted with each.
 * Names are not NUL-terminated: (name, len), 0 < len <= NAME_MAX, never
 * "." or "..", except where lookup says otherwise.
 */
struct uk_vnode_ops {
	/*
	 * Finds name in directory dir, also "..": *vn with a new reference.
	 * -ENOENT if absent. NULL: -ENOTDIR.
	 */
	int (*lookup)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **vn);
	/*
	 * Creates name in dir: a regular file, directory, FIFO, socket or
	 * device (mode holds the type; rdev for devices) or a symbolic link
	 * to target (S_IFLNK). The caller checked that name is absent. *vn
	 * with a reference. NULL: -EPERM.
	 */
	int (*create)(struct uk_vnode *dir, const char *name, size_t len,
		      mode_t mode, dev_t rdev, const char *target,
		      struct uk_vnode **vn);
	/* A new name for vn (not a directory) in dir. NULL: -EPERM. */
	int (*link)(struct uk_vnode *dir, const char *name, size_t len,
		    struct uk_vnode *vn);
	/*
	 * Removes name, which refers to vn, from dir. A directory vn must be
	 * empty: -ENOTEMPTY. NULL: -EPERM.
	 */
	int (*unlink)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode *vn);
	/*
	 * Moves oname in odir to nname in ndir (same mount), replacing a
	 * target the caller checked to be compatible (a directory replaces
	 * only an empty directory: -ENOTEMPTY). NULL: -EPERM.
	 */
	int (*rename)(struct uk_vnode *odir, const char *oname, size_t olen,
		      struct uk_vnode *ndir, const char *nname, size_t nlen);
	/*
	 * Swaps the files that aname in adir and bname in bdir (same
	 * mount, both present, checked by the caller) refer to
	 * (RENAME_EXCHANGE). NULL: -EINVAL.
	 */
	int (*exchange)(struct uk_vnode *adir, const char *aname, size_t alen,
			struct uk_vnode *bdir, const char *bname, size_t blen);
	/*
	 * Directory entry number pos (0 is the first); fills *ent (valid
	 * until the next operation on dir). -ENOENT past the last entry.
	 * Must not list "." and "..". NULL: -ENOTDIR.
	 */
	int (*readdir)(struct uk_vnode *dir, uint64_t pos,
		       struct uk_vfs_dirent *ent);
	/*
	 * Data at off: a count (0 at or past the end) or -errno. NULL:
	 * -EINVAL.
	 */
	ssize_t (*read)(struct uk_vnode *vn, void *buf, size_t len, off_t off);
	/*
	 * Writes at off, extending the file. A short count when space ran
	 * out after some bytes, -ENOSPC when none fit. NULL: -EINVAL.
	 */
	ssize_t (*write)(struct uk_vnode *vn, const void *buf, size_t len,
			 off_t off);
	/* Sets the size of a regular file (holes read as zeros). */
	int (*truncate)(struct uk_vnode *vn, off_t size);
	/* Target of a symbolic link, not NUL-terminated: count or -errno. */
	ssize_t (*readlink)(struct uk_vnode *vn, char *buf, size_t len);
	/*
	 * Opens a special file: *f is a new open file with one reference
	 * (devices, whose files are their own). NULL: the VFS's own open
	 * file on the read and write ops.
	 */
	int (*open)(struct uk_vnode *vn, unsigned int flags,
		    struct uk_file **f);
	/*
	 * A regular file is being opened for accmode (O_RDONLY, O_WRONLY
	 * or O_RDWR): a file system whose server checks permissions asks
	 * it now, so that open fails as on Linux (-EACCES, ...) rather than
	 * the first read or write. NULL: the VFS's checks are all.
	 */
	int (*check_open)(struct uk_vnode *vn, int accmode);
	/*
	 * The VFS changed vn's attributes named in what (UK_VNODE_SET_*):
	 * a file system that keeps them elsewhere (a server) stores them;
	 * an error makes the VFS restore the old values. NULL: nothing to
	 * store (the vnode is the only copy).
	 */
	int (*setattr)(struct uk_vnode *vn, unsigned int what);
	/*
	 * MAP_SHARED: makes mem (npages zeroed, page-aligned pages) the
	 * storage of the file's pages [pgoff, pgoff + npages) until unmap,
	 * after copying their data in, so that the mapping and read/write
	 * see the same bytes. -ENODEV when the range overlaps another
	 * shared mapping. NULL: a shared mapping is a snapshot, and a
	 * writable one is refused (-ENODEV).
	 */
	int (*map)(struct uk_vnode *vn, void *mem, size_t pgoff, size_t npages);
	/*
	 * Ends the sharing of mem (given to map): the file takes its own
	 * copy of the data. Returns 0, or -ENOMEM (the sharing goes on).
	 */
	int (*unmap)(struct uk_vnode *vn, void *mem);
	/*
	 * The last reference to vn is gone. A file system frees vn here
	 * when no directory entry refers to it any more (nlink 0).
	 */
	void (*inactive)(struct uk_vnode *vn);
};

/* What a setattr op is asked to store. */
#define UK_VNODE_SET_MODE 1u
#define UK_VNODE_SET_OWNER 2u
#define UK_VNODE_SET_TIMES 4u

/*
 * A file, directory, link or device of a file system. The attributes are
 * the VFS's (file systems keep them current: size, nlink); reference
 * counted by uk_vnode_acquire/uk_vnode_release.
 */
struct uk_vnode {
	const struct uk_vnode_ops *ops;
	struct uk_mount *mount;
	/* The file system's state. */
	void *priv;
	long refcount;
	/* The mount whose root hides this directory, or NULL. */
	struct uk_mount *covered_by;
	mode_t mode;
	ino_t ino;
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	off_t size;
	/* Bytes of storage in use (st_blocks * 512). */
	off_t bytes;
	dev_t rdev;
	struct timespec atime, mtime, ctime, btime;
	/* A FIFO's pipe while it is open (posix/pipe's), else NULL. */
	void *fifo;
	/*
	 * File seals (F_SEAL_*) with UK_VNODE_SEALABLE for a memfd; 0 for
	 * the files that take none (F_GET_SEALS: EINVAL).
	 */
	unsigned int seals;
};

/* In uk_vnode.seals: the file takes seals (a memfd). */
#define UK_VNODE_SEALABLE 0x80000000u

/* Mount flags (the MS_* values of mount(2)). */
#define UK_MOUNT_RDONLY 1u

/* A mounted file system. */
struct uk_mount {
	struct uk_vnode *root;
	/* The directory it hides (NULL for the root mount). */
	struct uk_vnode *covered;
	unsigned int flags;
	/* st_dev of its vnodes. */
	dev_t dev;
	/* f_type of statfs(2) (RAMFS_MAGIC, ...). */
	long magic;
	/* Open files of its vnodes: umount2 gives EBUSY while any is. */
	long files;
	/* Optional statfs(2) of the file system; NULL: counts of 0. */
	int (*statfs)(struct uk_mount *m, struct statfs *st);
	void *priv;
};

/*
 * Initialises vn with one reference, for file systems: ops, mount m,
 * mode (type and permissions), all timestamps now, owner the default
 * user, nlink 1 (2 for a directory).
 */
void uk_vnode_init(struct uk_vnode *vn, const struct uk_vnode_ops *ops,
		   struct uk_mount *m, mode_t mode, ino_t ino);

/*
 * Takes a reference: on a vnode the caller holds one on, or, in a file
 * system's op (VFS lock held), on one the file system keeps.
 */
void uk_vnode_acquire(struct uk_vnode *vn);
/* Drops a reference; the last one runs the inactive op (VFS lock held). */
void uk_vnode_release(struct uk_vnode *vn);

/* The current time of the file timestamps (CLOCK_REALTIME). */
void uk_vfs_now(struct timespec *ts);

/*
 * Mounts the file system whose root is root at path (an existing
 * directory; "/" for the first mount, which becomes the root of the
 * namespace), taking a reference on root. m is filled in by the caller
 * except root and covered, and must stay alive. Returns 0,
 * -ENOENT, -ENOTDIR, -EBUSY (already a mount point).
 */
int uk_vfs_mount(const char *path, struct uk_mount *m, struct uk_vnode *root);

/* Takes and drops the VFS lock (for code that walks vnodes directly). */
void uk_vfs_lock(void);
void uk_vfs_unlock(void);

/*
 * Resolves path from directory dirfd (AT_FDCWD: the current directory)
 * as the *at calls do, following a final symbolic link when follow: *vn
 * with a reference. Takes the VFS lock.
 */
int uk_vfs_lookup(int dirfd, const char *path, bool follow,
		  struct uk_vnode **vn);

/*
 * Opens vn as open(2) would with flags (O_ACCMODE and status flags) and
 * installs it in the fd table: the fd or -errno. For file systems that
 * build files outside a path lookup (/proc/self/fd).
 */
int uk_vfs_open_vnode(struct uk_vnode *vn, int flags);

/*
 * Creates the socket file of an AF_UNIX path name (bind(2)): path is
 * resolved from the current directory, the file gets S_IFSOCK and 0777
 * less the umask. *vn with a reference. Returns 0, -EEXIST if path
 * exists (even as a dangling symbolic link), or mkdir(2)'s errnos.
 * Sockets find each other by vnode: the VFS stores nothing else.
 */
int uk_vfs_mksock(const char *path, struct uk_vnode **vn);

/*
 * The vnode of an open file of the VFS (also an open FIFO), with a new
 * reference, or NULL if f is not one (a socket, pipe, ...).
 */
struct uk_vnode *uk_vfs_file_vnode(struct uk_file *f);

/* Linux's struct statx (musl 1.2.3 does not define it). */
struct uk_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct uk_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t __spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct uk_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t __spare2[14];
};

/* Linux's struct linux_dirent64, what getdents64 returns. */
struct uk_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/*
 * System calls, each as Linux behaves (result or -errno); also callable
 * directly (host tests). Paths are checked for NULL (-EFAULT), length
 * (-ENAMETOOLONG beyond PATH_MAX or NAME_MAX) and emptiness (-ENOENT).
 */
int uk_sys_open(const char *path, int flags, mode_t mode);
int uk_sys_openat(int dirfd, const char *path, int flags, mode_t mode);
int uk_sys_creat(const char *path, mode_t mode);
off_t uk_sys_lseek(int fd, off_t off, int whence);
ssize_t uk_sys_pread64(int fd, void *buf, size_t len, off_t off);
ssize_t uk_sys_pwrite64(int fd, const void *buf, size_t len, off_t off);
ssize_t uk_sys_preadv(int fd, const struct iovec *iov, int iovcnt, off_t off);
ssize_t uk_sys_pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off);
int uk_sys_stat(const char *path, struct stat *st);
int uk_sys_lstat(const char *path, struct stat *st);
int uk_sys_fstat(int fd, struct stat *st);
int uk_sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);
int uk_sys_statx(int dirfd, const char *path, int flags, unsigned int mask,
		 struct uk_statx *stx);
int uk_sys_access(const char *path, int mode);
int uk_sys_faccessat(int dirfd, const char *path, int mode);
int uk_sys_faccessat2(int dirfd, const char *path, int mode, int flags);
ssize_t uk_sys_getdents64(int fd, void *buf, size_t len);
int uk_sys_mkdir(const char *path, mode_t mode);
int uk_sys_mkdirat(int dirfd, const char *path, mode_t mode);
int uk_sys_mknod(const char *path, mode_t mode, unsigned int dev);
int uk_sys_mknodat(int dirfd, const char *path, mode_t mode, unsigned int dev);
int uk_sys_rmdir(const char *path);
int uk_sys_unlink(const char *path);
int uk_sys_unlinkat(int dirfd, const char *path, int flags);
int uk_sys_rename(const char *oldpath, const char *newpath);
int uk_sys_renameat(int olddirfd, const char *oldpath, int newdirfd,
		    const char *newpath);
int uk_sys_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		     const char *newpath, unsigned int flags);
int uk_sys_link(const char *oldpath, const char *newpath);
int uk_sys_linkat(int olddirfd, const char *oldpath, int newdirfd,
		  const char *newpath, int flags);
int uk_sys_symlink(const char *target, const char *path);
int uk_sys_symlinkat(const char *target, int dirfd, const char *path);
ssize_t uk_sys_readlink(const char *path, char *buf, size_t len);
ssize_t uk_sys_readlinkat(int dirfd, const char *path, char *buf, size_t len);
int uk_sys_chdir(const char *path);
int uk_sys_fchdir(int fd);
long uk_sys_getcwd(char *buf, size_t len);
mode_t uk_sys_umask(mode_t mask);
int uk_sys_chmod(const char *path, mode_t mode);
int uk_sys_fchmod(int fd, mode_t mode);
int uk_sys_fchmodat(int dirfd, const char *path, mode_t mode);
int uk_sys_chown(const char *path, uid_t uid, gid_t gid);
int uk_sys_lchown(const char *path, uid_t uid, gid_t gid);
int uk_sys_fchown(int fd, uid_t uid, gid_t gid);
int uk_sys_fchownat(int dirfd, const char *path, uid_t uid, gid_t gid,
		    int flags);
int uk_sys_truncate(const char *path, off_t len);
int uk_sys_ftruncate(int fd, off_t len);
int uk_sys_fsync(int fd);
int uk_sys_fdatasync(int fd);
int uk_sys_sync(void);
int uk_sys_syncfs(int fd);
int uk_sys_fallocate(int fd, int mode, off_t off, off_t len);
int uk_sys_utimensat(int dirfd, const char *path, const struct timespec *times,
		     int flags);
int uk_sys_statfs(const char *path, struct statfs *st);
int uk_sys_flock(int fd, int op);
ssize_t uk_sys_sendfile(int out_fd, int in_fd, off_t *offset, size_t count);

/*
 * Fills the zeroed pages [p, p + len) of a new file mapping from fd at
 * off (core/syscall's mmap calls it); a MAP_SHARED mapping of a file
 * whose file system has a map op (ramfs) becomes the file's storage for
 * that range until uk_munmap_file(p). Returns 0, -EBADF, -ENODEV (not a
 * regular file of the VFS, a writable MAP_SHARED mapping of a file
 * system without map, or pages already in another shared mapping),
 * -EACCES (fd not open for reading, or MAP_SHARED with PROT_WRITE on a
 * fd not open read-write), -ENOMEM.
 */
long uk_mmap_file(void *p, size_t len, int prot, int flags, int fd, long off);

/*
 * Before munmap frees the mapping at p: ends its sharing with a file,
 * if it is a shared file mapping (the file takes a copy of its pages).
 * Returns 0, or -ENOMEM (no memory for the copy: the mapping stays).
 */
long uk_munmap_file(void *p);
int uk_sys_fstatfs(int fd, struct statfs *st);
int uk_sys_memfd_create(const char *name, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif /* UK_VFS_H */
