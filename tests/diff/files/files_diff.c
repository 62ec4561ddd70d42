/*
 * Differential test program for files and pipes: runs the same calls on
 * Linux (built for the host, in a fresh directory under $TEST_TMPDIR)
 * and on Tessera (built as an image, on its ramfs) and prints what it
 * observes, one "files: " line per check (643), for files_compare.sh to
 * diff. Prints no inode numbers, times, block counts or other values
 * that depend on the host's file system.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case E2BIG:
		return "E2BIG";
	case EACCES:
		return "EACCES";
	case EAGAIN:
		return "EAGAIN";
	case ENODEV:
		return "ENODEV";
	case EBADF:
		return "EBADF";
	case EBUSY:
		return "EBUSY";
	case EEXIST:
		return "EEXIST";
	case EFAULT:
		return "EFAULT";
	case EINTR:
		return "EINTR";
	case EINVAL:
		return "EINVAL";
	case EISDIR:
		return "EISDIR";
	case ELOOP:
		return "ELOOP";
	case ENAMETOOLONG:
		return "ENAMETOOLONG";
	case ENOENT:
		return "ENOENT";
	case ENOSPC:
		return "ENOSPC";
	case ENOTDIR:
		return "ENOTDIR";
	case ENOTEMPTY:
		return "ENOTEMPTY";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EOVERFLOW:
		return "EOVERFLOW";
	case EPERM:
		return "EPERM";
	case EPIPE:
		return "EPIPE";
	case ERANGE:
		return "ERANGE";
	case ESPIPE:
		return "ESPIPE";
	case EXDEV:
		return "EXDEV";
	case ENXIO:
		return "ENXIO";
	default:
		return "other";
	}
}

/* Prints "files: what = result" or "files: what = -1 ERRNO". */
static void show(const char *what, long r)
{
	if (r < 0)
		printf("files: %s = -1 %s\n", what, errname(errno));
	else
		printf("files: %s = %ld\n", what, r);
}

/* Shows a call that returns a new fd as 0 (fd numbers are not compared). */
static int show_fd(const char *what, int fd)
{
	show(what, fd < 0 ? fd : 0);
	return fd;
}

static void show_str(const char *what, const char *s)
{
	printf("files: %s = \"%s\"\n", what, s);
}

/* A stat as type, permission bits, size and link count. */
static void show_stat(const char *what, const char *path, int flags)
{
	struct stat st;

	if (fstatat(AT_FDCWD, path, &st, flags)) {
		show(what, -1);
		return;
	}
	printf("files: %s = type %o mode %o size %lld nlink %lu\n", what,
	       (unsigned)(st.st_mode & S_IFMT) >> 12,
	       (unsigned)(st.st_mode & 07777),
	       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size,
	       (unsigned long)st.st_nlink);
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		printf("files: put %s failed\n", path);
	close(fd);
}

static void show_file(const char *what, const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		show(what, fd);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		show(what, n);
		return;
	}
	buf[n] = '\0';
	show_str(what, buf);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted (getdents64 order differs by fs). */
static void show_dir(const char *what, const char *path)
{
	char *names[64];
	int n = 0, i;
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir) {
		show(what, -1);
		return;
	}
	while ((d = readdir(dir)) && n < 64)
		names[n++] = strdup(d->d_name);
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("files: %s =", what);
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void test_open(void)
{
	char buf[64];
	int fd;

	put("f", "hello world");
	show("open missing", open("missing", O_RDONLY));
	show("open O_CREAT|O_EXCL existing",
	     open("f", O_CREAT | O_EXCL | O_RDWR, 0644));
	show("open f O_DIRECTORY", open("f", O_RDONLY | O_DIRECTORY));
	show("open . O_RDWR", open(".", O_RDWR));
	show("open . O_WRONLY", open(".", O_WRONLY));
	show("open . O_CREAT", open(".", O_RDONLY | O_CREAT, 0644));
	show("open dir/ O_CREAT", open("newdir/", O_RDWR | O_CREAT, 0644));
	show("open f/ trailing slash", open("f/", O_RDONLY));
	show("open f/x", open("f/x", O_RDONLY));
	show("open empty path", open("", O_RDONLY));
	show("open missing/x O_CREAT",
	     open("missing/x", O_CREAT | O_RDWR, 0644));
	fd = show_fd("open f O_RDWR", open("f", O_RDWR));
	show("read 5", read(fd, buf, 5));
	show("lseek cur", lseek(fd, 0, SEEK_CUR));
	show("lseek end-2", lseek(fd, -2, SEEK_END));
	show("lseek set -1", lseek(fd, -1, SEEK_SET));
	show("lseek whence 9", lseek(fd, 0, 9));
	show("lseek past end", lseek(fd, 100, SEEK_SET));
	show("read past end", read(fd, buf, sizeof(buf)));
	show("write past end", write(fd, "!", 1));
	show_stat("stat after hole", "f", 0);
	show("pread 0 at 11", pread(fd, buf, 4, 11));
	show("pread at 12", pread(fd, buf, 8, 12));
	show("pread negative", pread(fd, buf, 1, -1));
	show("pwrite at 0", pwrite(fd, "J", 1, 0));
	show("lseek after pwrite", lseek(fd, 0, SEEK_CUR));
	show("F_GETFL",
	     fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	show("F_SETFL append", fcntl(fd, F_SETFL, O_APPEND));
	show("F_GETFL after",
	     fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	show("append write", write(fd, "+", 1));
	show("lseek after append", lseek(fd, 0, SEEK_CUR));
	close(fd);
	fd = show_fd("open O_RDONLY", open("f", O_RDONLY));
	show("write on O_RDONLY", write(fd, "x", 1));
	show("pwrite on O_RDONLY", pwrite(fd, "x", 1, 0));
	show("ftruncate on O_RDONLY", ftruncate(fd, 0));
	close(fd);
	fd = show_fd("open O_WRONLY", open("f", O_WRONLY));
	show("read on O_WRONLY", read(fd, buf, 1));
	show("pread on O_WRONLY", pread(fd, buf, 1, 0));
	close(fd);
	fd = show_fd("open O_WRONLY|O_APPEND", open("f", O_WRONLY | O_APPEND));
	show("pwrite appends", pwrite(fd, "A", 1, 0));
	close(fd);
	show_file("contents", "f");
	fd = show_fd("open O_TRUNC", open("f", O_RDWR | O_TRUNC));
	show_stat("stat after O_TRUNC", "f", 0);
	close(fd);
	fd = show_fd("creat", creat("c", 0640));
	show("read on creat fd", read(fd, buf, 1));
	close(fd);
	show_stat("stat creat", "c", 0);
	fd = show_fd("open O_CLOEXEC", open("c", O_RDONLY | O_CLOEXEC));
	show("F_GETFD", fcntl(fd, F_GETFD));
	close(fd);
	show("close bad fd", close(fd));
	show("read bad fd", read(fd, buf, 1));
}

/* A negative count that the compiler does not see at the call. */
static volatile int minus_one = -1;

static void test_rw(void)
{
	char a[4] = { 0 }, b[8] = { 0 };
	struct iovec wv[2] = { { "abc", 3 }, { "defgh", 5 } };
	struct iovec rv[2] = { { a, 3 }, { b, 8 } };
	int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0644);

	show("writev", writev(fd, wv, 2));
	show("lseek 0", lseek(fd, 0, SEEK_SET));
	show("readv", readv(fd, rv, 2));
	show_str("readv a", a);
	show_str("readv b", b);
	memset(b, 0, sizeof(b));
	show("preadv at 2", preadv(fd, rv + 1, 1, 2));
	show_str("preadv b", b);
	show("pwritev at 6", pwritev(fd, wv, 1, 6));
	show_file("after pwritev", "v");
	show("readv negative count", readv(fd, rv, minus_one));
	show("ftruncate 4", ftruncate(fd, 4));
	show_file("after ftruncate 4", "v");
	show("ftruncate 8", ftruncate(fd, 8));
	show("pread zeros", pread(fd, b, 8, 0));
	printf("files: tail bytes = %d %d %d %d\n", b[4], b[5], b[6], b[7]);
	show("ftruncate -1", ftruncate(fd, -1));
	show("ftruncate 1 GiB", ftruncate(fd, 1L << 30));
	show_stat("stat 1 GiB", "v", 0);
	show("pwrite near 1 GiB", pwrite(fd, "z", 1, (1L << 30) - 1));
	show("pread in hole", pread(fd, b, 1, 1L << 20));
	printf("files: hole byte = %d\n", b[0]);
	show("truncate path", truncate("v", 2));
	show_stat("stat truncated", "v", 0);
	show("truncate dir", truncate(".", 0));
	show("truncate missing", truncate("missing", 0));
	show("fallocate", fallocate(fd, 0, 0, 100));
	show_stat("stat fallocate", "v", 0);
	show("fallocate len 0", fallocate(fd, 0, 0, 0));
	show("fsync", fsync(fd));
	show("fdatasync", fdatasync(fd));
	show("syncfs", syncfs(fd));
	close(fd);
	show("fsync closed", fsync(fd));
}

static void test_dirs(void)
{
	char buf[PATH_MAX];
	int fd;

	show("mkdir d", mkdir("d", 0755));
	show("mkdir d again", mkdir("d", 0755));
	show("mkdir .", mkdir(".", 0755));
	show("mkdir missing/x", mkdir("missing/x", 0755));
	show("mkdir f/x", mkdir("f/x", 0755));
	show("mkdir d/e/", mkdir("d/e/", 0700));
	show_stat("stat d", "d", 0);
	show_stat("stat d/e", "d/e", 0);
	put("d/file", "in d");
	show_dir("list d", "d");
	show("rmdir d", rmdir("d"));
	show("rmdir d/file", rmdir("d/file"));
	show("unlink d", unlink("d"));
	show("rmdir .", rmdir("."));
	show("rmdir d/..", rmdir("d/.."));
	show("rmdir missing", rmdir("missing"));
	show("unlink missing", unlink("missing"));
	show("unlink d/file/", unlink("d/file/"));
	show("unlinkat bad flag", unlinkat(AT_FDCWD, "d/file", 0x4000));
	show("unlinkat removedir file",
	     unlinkat(AT_FDCWD, "d/file", AT_REMOVEDIR));
	show("chdir d", chdir("d"));
	show("getcwd tail", getcwd(buf, sizeof(buf)) ? 0 : -1);
	show_str("getcwd last", strrchr(buf, '/'));
	show("getcwd small", getcwd(buf, 2) ? 0 : -1);
	show_file("relative read", "file");
	show_file("dotdot read", "../d/./file");
	show("chdir ..", chdir(".."));
	show("chdir f", chdir("f"));
	show("chdir missing", chdir("missing"));
	fd = show_fd("open d dir", open("d", O_RDONLY | O_DIRECTORY));
	show("read dir", read(fd, buf, 1));
	show("fchdir", fchdir(fd));
	show_file("after fchdir", "file");
	show("fchdir back", chdir(".."));
	show("openat dirfd", close(openat(fd, "file", O_RDONLY)));
	show("mkdirat dirfd", mkdirat(fd, "sub", 0755));
	show("unlinkat dirfd removedir", unlinkat(fd, "sub", AT_REMOVEDIR));
	show("openat bad dirfd", openat(999, "file", O_RDONLY));
	close(fd);
	fd = open("f", O_RDONLY);
	show("openat file dirfd", openat(fd, "x", O_RDONLY));
	show("fchdir file", fchdir(fd));
	close(fd);
	show("unlink d/file", unlink("d/file"));
	show("rmdir d/e", rmdir("d/e"));
	show_stat("stat d after", "d", 0);
	show("rmdir d", rmdir("d"));
	show_stat("stat removed d", "d", 0);
}

static void test_links(void)
{
	char buf[64];
	int i;

	put("t", "target");
	show("symlink", symlink("t", "l"));
	show("symlink abs dangling", symlink("/nonexistent/x", "dang"));
	show("symlink exists", symlink("t", "l"));
	show("symlink empty", symlink("", "e"));
	show_stat("stat l", "l", 0);
	show_stat("lstat l", "l", AT_SYMLINK_NOFOLLOW);
	show_stat("stat dang", "dang", 0);
	show_stat("lstat dang", "dang", AT_SYMLINK_NOFOLLOW);
	show_file("read through l", "l");
	memset(buf, 0, sizeof(buf));
	show("readlink l", readlink("l", buf, sizeof(buf)));
	show_str("readlink l target", buf);
	show("readlink t", readlink("t", buf, sizeof(buf)));
	show("readlink missing", readlink("missing", buf, sizeof(buf)));
	show("open l O_NOFOLLOW", open("l", O_RDONLY | O_NOFOLLOW));
	show("open l O_CREAT|O_EXCL",
	     open("l", O_CREAT | O_EXCL | O_RDWR, 0644));
	show("symlink loop a", symlink("loopb", "loopa"));
	show("symlink loop b", symlink("loopa", "loopb"));
	show_stat("stat loop", "loopa", 0);
	show_stat("lstat loop", "loopa", AT_SYMLINK_NOFOLLOW);
	show("mkdir sd", mkdir("sd", 0755));
	put("sd/in", "inside");
	show("symlink to dir", symlink("sd", "sdl"));
	show_file("through dir link", "sdl/in");
	show_file("through dir link dotdot", "sdl/../t");
	show_stat("stat sdl/", "sdl/", AT_SYMLINK_NOFOLLOW);
	/* 40 links resolve, 41 do not. */
	put("c0", "end of chain");
	for (i = 1; i <= 41; i++) {
		char name[16], target[16];

		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		if (symlink(target, name))
			show("chain symlink", -1);
	}
	show_file("chain of 40", "c40");
	show_file("chain of 41", "c41");
	show("link", link("t", "h"));
	show_stat("stat after link", "t", 0);
	show("link exists", link("t", "h"));
	show("link dir", link("sd", "sdh"));
	show("link missing", link("missing", "x"));
	show("link symlink", link("l", "lh"));
	show_stat("lstat hard symlink", "lh", AT_SYMLINK_NOFOLLOW);
	show("linkat follow",
	     linkat(AT_FDCWD, "l", AT_FDCWD, "lf", AT_SYMLINK_FOLLOW));
	show_stat("lstat follow link", "lf", AT_SYMLINK_NOFOLLOW);
	show("unlink t", unlink("t"));
	show_file("via hard link", "h");
	show_file("via dangling l", "l");
	show("unlink l", unlink("l"));
	show_stat("stat h nlink", "h", 0);
}

/* O_CREAT through a final symbolic link creates its target, as on Linux. */
static void test_creat_links(void)
{
	int fd;

	show("symlink to absent", symlink("ct", "cl"));
	fd = show_fd("open O_CREAT through dangling link",
		     open("cl", O_CREAT | O_WRONLY, 0640));
	show("write via link", write(fd, "via link", 8));
	close(fd);
	show_file("created target", "ct");
	show_stat("stat created target", "ct", AT_SYMLINK_NOFOLLOW);
	show_stat("link stays a link", "cl", AT_SYMLINK_NOFOLLOW);
	show_fd("open O_CREAT through link again",
		fd = open("cl", O_CREAT | O_RDONLY, 0600));
	close(fd);
	show("symlink cl2", symlink("ct2", "cl2"));
	show("open O_CREAT|O_EXCL dangling link",
	     open("cl2", O_CREAT | O_EXCL | O_WRONLY, 0644));
	show("open O_CREAT|O_NOFOLLOW dangling link",
	     open("cl2", O_CREAT | O_NOFOLLOW | O_WRONLY, 0644));
	show_stat("no target made", "ct2", AT_SYMLINK_NOFOLLOW);
	show("symlink into missing dir", symlink("nodir/f", "cl3"));
	show("open O_CREAT link into missing dir",
	     open("cl3", O_CREAT | O_WRONLY, 0644));
	show_stat("link into missing dir stays", "cl3", AT_SYMLINK_NOFOLLOW);
	show("symlink chain a", symlink("cl4b", "cl4"));
	show("symlink chain b", symlink("ct4", "cl4b"));
	fd = show_fd("open O_CREAT through two links",
		     open("cl4", O_CREAT | O_WRONLY, 0600));
	close(fd);
	show_stat("chain target", "ct4", AT_SYMLINK_NOFOLLOW);
	show("symlink to dir name", symlink("ct5/", "cl5"));
	show("open O_CREAT link with slash",
	     open("cl5", O_CREAT | O_WRONLY, 0644));
	show("open O_CREAT dangling link/",
	     open("cl2/", O_CREAT | O_WRONLY, 0644));
	show("open O_CREAT file/", open("ct/", O_CREAT | O_WRONLY, 0644));
	show("open O_CREAT link to file/",
	     open("cl/", O_CREAT | O_WRONLY, 0644));
	show("open O_CREAT absent/", open("cabs/", O_CREAT | O_RDONLY, 0644));
	show_stat("no cabs made", "cabs", AT_SYMLINK_NOFOLLOW);
	show("mkdir cd", mkdir("cd", 0755));
	show("symlink into dir", symlink("cd/ct6", "cl6"));
	fd = show_fd("open O_CREAT link into dir",
		     open("cl6", O_CREAT | O_WRONLY, 0644));
	close(fd);
	show_dir("list cd", "cd");
}

/* renameat2's RENAME_EXCHANGE (2) swaps two names. */
static void test_exchange(void)
{
	put("xa", "XA");
	mkdir("xd", 0755);
	put("xd/in", "IN");
	mkdir("xe", 0755);
	put("xe/f", "F");
	show("exchange file and dir",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xd", 2));
	show_stat("xa is the dir", "xa", 0);
	show_file("xd is the file", "xd");
	show_file("xa/in", "xa/in");
	show("exchange across dirs",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xe/f", 2));
	show_file("xa is f", "xa");
	show_file("xe/f/in", "xe/f/in");
	show_stat("stat xe", "xe", 0);
	show_stat("stat xe/f", "xe/f", 0);
	show("exchange missing",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xmissing", 2));
	show("exchange missing source",
	     syscall(SYS_renameat2, AT_FDCWD, "xmissing", AT_FDCWD, "xa", 2));
	show("exchange with noreplace",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xd", 3));
	show("exchange same",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xa", 2));
	show("exchange dir below itself",
	     syscall(SYS_renameat2, AT_FDCWD, "xe", AT_FDCWD, "xe/f/in", 2));
	show("exchange file trailing slash",
	     syscall(SYS_renameat2, AT_FDCWD, "xa/", AT_FDCWD, "xd", 2));
	show("exchange two files",
	     syscall(SYS_renameat2, AT_FDCWD, "xa", AT_FDCWD, "xd", 2));
	show_file("xa after swap back", "xa");
	show_file("xd after swap back", "xd");
}

static void test_rename(void)
{
	put("ra", "A");
	put("rb", "B");
	mkdir("rd", 0755);
	mkdir("re", 0755);
	put("re/x", "X");
	show("rename file over file", rename("ra", "rb"));
	show_file("rb", "rb");
	show_stat("ra gone", "ra", 0);
	show("rename missing", rename("ra", "rc"));
	show("rename file over dir", rename("rb", "rd"));
	show("rename dir over file", rename("rd", "rb"));
	show("rename dir over nonempty", rename("rd", "re"));
	show("rename dir into itself", rename("rd", "rd/sub"));
	show("rename into dir", rename("rb", "rd/rb"));
	show_file("moved", "rd/rb");
	show("rename . ", rename(".", "x"));
	show("rename to ..", rename("rd/rb", "rd/.."));
	show("rename same", rename("rd/rb", "rd/rb"));
	show("link for rename", link("rd/rb", "hb"));
	show("rename hard links", rename("hb", "rd/rb"));
	show_stat("both names stay", "hb", 0);
	show("renameat2 noreplace",
	     syscall(SYS_renameat2, AT_FDCWD, "hb", AT_FDCWD, "re/x", 1));
	show("renameat2 bad flags",
	     syscall(SYS_renameat2, AT_FDCWD, "hb", AT_FDCWD, "hc", 8));
	show("rename dir over empty dir",
	     rename("rd", "rf") || mkdir("rg", 0755) || rename("rf", "rg"));
	show_dir("renamed dir", "rg");
	show_stat("stat rg", "rg", 0);
	show("renameat", renameat(AT_FDCWD, "rg", AT_FDCWD, "re/rg"));
	show_dir("list re", "re");
	show("rename trailing slash file", rename("hb", "hz/"));
}

static void test_attrs(void)
{
	struct timespec ts[2] = { { 1000000, 5 }, { 2000000, 6 } };
	char longname[NAME_MAX + 2];
	struct stat st;
	int fd;

	show("umask", umask(027));
	put("m", "");
	show_stat("created under 027", "m", 0);
	show("umask back", umask(022));
	show("chmod", chmod("m", 04755));
	show_stat("after chmod", "m", 0);
	show("chmod missing", chmod("missing", 0644));
	fd = open("m", O_RDONLY);
	show("fchmod", fchmod(fd, 0600));
	show_stat("after fchmod", "m", 0);
	show("fchmodat", fchmodat(AT_FDCWD, "m", 0640, 0));
	show("chown self", chown("m", getuid(), getgid()));
	show("chown -1", chown("m", (uid_t)-1, (gid_t)-1));
	show("fchown", fchown(fd, getuid(), (gid_t)-1));
	show("lchown", lchown("m", getuid(), getgid()));
	show("fchownat bad flags", fchownat(AT_FDCWD, "m", 0, 0, 0x1));
	show("access F_OK", access("m", F_OK));
	show("access R_OK|W_OK", access("m", R_OK | W_OK));
	show("access X_OK no x", access("m", X_OK));
	show("access dir X_OK", access(".", X_OK));
	show("access missing", access("missing", F_OK));
	show("access bad mode", access("m", 0x40));
	show("faccessat", faccessat(AT_FDCWD, "m", R_OK, 0));
	show("utimensat", utimensat(AT_FDCWD, "m", ts, 0));
	stat("m", &st);
	printf("files: times = %ld.%ld %ld.%ld\n", (long)st.st_atim.tv_sec,
	       st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 3000000;
	show("utimensat omit", utimensat(AT_FDCWD, "m", ts, 0));
	stat("m", &st);
	printf("files: times = %ld %ld\n", (long)st.st_atim.tv_sec,
	       (long)st.st_mtim.tv_sec);
	ts[1].tv_nsec = 1000000000;
	show("utimensat bad nsec", utimensat(AT_FDCWD, "m", ts, 0));
	show("futimens", futimens(fd, NULL));
	show("utimensat bad flags", utimensat(AT_FDCWD, "m", NULL, 0x1));
	show("fstat", fstat(fd, &st));
	show("fstat bad fd", fstat(999, &st));
	show("fstatat empty path", fstatat(fd, "", &st, AT_EMPTY_PATH));
	printf("files: fstatat empty size = %lld\n", (long long)st.st_size);
	show("fstatat empty no flag", fstatat(fd, "", &st, 0));
	show("fstatat bad flags", fstatat(AT_FDCWD, "m", &st, 0x1));
	close(fd);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	show("stat too long name", stat(longname, &st));
	longname[NAME_MAX] = '\0';
	show("stat longest name", stat(longname, &st));
}

/*
 * struct statx as Linux lays it out (musl 1.2.3 has no statx()): the
 * fields compared, the rest as padding up to its 256 bytes.
 */
struct lx_statx {
	uint32_t mask;
	uint32_t blksize;
	uint64_t attributes;
	uint32_t nlink;
	uint32_t uid;
	uint32_t gid;
	uint16_t mode;
	uint16_t pad;
	uint64_t ino;
	uint64_t size;
	uint8_t rest[256 - 48];
};

/* A statx as its basic mask bits, type, permission bits, size and links. */
static void show_statx(const char *what, int dirfd, const char *path, int flags,
		       unsigned int mask)
{
	struct lx_statx stx;

	memset(&stx, 0xa5, sizeof(stx));
	if (syscall(SYS_statx, dirfd, path, flags, mask, &stx)) {
		show(what, -1);
		return;
	}
	printf("files: %s = mask %x type %o mode %o size %llu nlink %u\n", what,
	       stx.mask & 0x7ffu, (unsigned)(stx.mode & S_IFMT) >> 12,
	       (unsigned)(stx.mode & 07777), (unsigned long long)stx.size,
	       stx.nlink);
}

static void test_statx_faccessat2(void)
{
	int fd;

	put("sx", "hello");
	show("symlink sxl", symlink("sx", "sxl"));
	show("symlink sxd dangling", symlink("sx-missing", "sxd"));
	fd = open("sx", O_RDONLY);
	show_statx("statx", AT_FDCWD, "sx", 0, 0x7ff);
	show_statx("statx through a link", AT_FDCWD, "sxl", 0, 0x7ff);
	show_statx("statx link nofollow", AT_FDCWD, "sxl", AT_SYMLINK_NOFOLLOW,
		   0x7ff);
	show_statx("statx empty path", fd, "", AT_EMPTY_PATH, 0x7ff);
	show_statx("statx empty path no flag", fd, "", 0, 0x7ff);
	show_statx("statx force sync", AT_FDCWD, "sx", 0x2000, 0x7ff);
	show_statx("statx both sync flags", AT_FDCWD, "sx", 0x6000, 0x7ff);
	show_statx("statx bad flags", AT_FDCWD, "sx", 0x1, 0x7ff);
	show_statx("statx reserved mask", AT_FDCWD, "sx", 0, 0x80000000u);
	show_statx("statx missing", AT_FDCWD, "sx-missing", 0, 0x7ff);
	show_statx("statx dangling", AT_FDCWD, "sxd", 0, 0x7ff);
	show_statx("statx not a dir", AT_FDCWD, "sx/x", 0, 0x7ff);
	show_statx("statx bad dirfd", 999, "sx", 0, 0x7ff);
	show("statx null buffer",
	     syscall(SYS_statx, AT_FDCWD, "sx", 0, 0x7ff, NULL));
	show("faccessat2",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx", R_OK | W_OK, 0));
	show("faccessat2 AT_EACCESS",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx", R_OK, AT_EACCESS));
	show("faccessat2 X_OK no x",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx", X_OK, AT_EACCESS));
	show("faccessat2 dangling",
	     syscall(SYS_faccessat2, AT_FDCWD, "sxd", F_OK, 0));
	show("faccessat2 dangling nofollow",
	     syscall(SYS_faccessat2, AT_FDCWD, "sxd", F_OK,
		     AT_SYMLINK_NOFOLLOW));
	show("faccessat2 empty path",
	     syscall(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH));
	show("faccessat2 empty path no flag",
	     syscall(SYS_faccessat2, fd, "", R_OK, 0));
	show("faccessat2 bad flags",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx", R_OK, 0x1));
	show("faccessat2 bad mode",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx", 0x40, 0));
	show("faccessat2 not a dir",
	     syscall(SYS_faccessat2, AT_FDCWD, "sx/x", F_OK, 0));
	close(fd);
}

static void test_locks(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int rd, wr, a, b;

	put("lk", "lock me");
	rd = open("lk", O_RDONLY);
	wr = open("lk", O_WRONLY);
	show("F_SETLK write on O_WRONLY", fcntl(wr, F_SETLK, &fl));
	show("F_SETLK write on O_RDONLY", fcntl(rd, F_SETLK, &fl));
	fl.l_type = F_RDLCK;
	show("F_SETLKW read on O_RDONLY", fcntl(rd, F_SETLKW, &fl));
	show("F_SETLK read on O_WRONLY", fcntl(wr, F_SETLK, &fl));
	fl.l_type = F_WRLCK;
	show("F_GETLK own locks", fcntl(rd, F_GETLK, &fl));
	show("F_GETLK type is F_UNLCK", fl.l_type == F_UNLCK);
	fl.l_type = F_UNLCK;
	show("F_SETLK unlock", fcntl(wr, F_SETLK, &fl));
	fl.l_start = -5;
	show("F_SETLK negative start", fcntl(wr, F_SETLK, &fl));
	fl.l_start = 0;
	fl.l_whence = 7;
	show("F_SETLK bad whence", fcntl(wr, F_SETLK, &fl));
	fl.l_whence = SEEK_SET;
	fl.l_type = 9;
	show("F_SETLK bad type", fcntl(wr, F_SETLK, &fl));
	close(rd);
	close(wr);
	a = open("lk", O_RDONLY);
	b = open("lk", O_RDONLY);
	show("flock sh a", flock(a, LOCK_SH));
	show("flock sh b", flock(b, LOCK_SH | LOCK_NB));
	show("flock ex b nb", flock(b, LOCK_EX | LOCK_NB));
	show("flock un a", flock(a, LOCK_UN));
	show("flock ex b", flock(b, LOCK_EX | LOCK_NB));
	show("flock sh a nb", flock(a, LOCK_SH | LOCK_NB));
	close(b);
	show("flock after close", flock(a, LOCK_EX | LOCK_NB));
	show("flock bad op", flock(a, 0));
	show("flock bad fd", flock(999, LOCK_SH));
	close(a);
}

static void test_stdio(void)
{
	char line[64];
	FILE *f = fopen("s.conf", "w");

	show("fopen w", f ? 0 : -1);
	fprintf(f, "key=value\nport=%d\n", 8080);
	show("fclose", fclose(f));
	f = fopen("s.conf", "r");
	show("fopen r", f ? 0 : -1);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		show_str("fgets", line);
	}
	fclose(f);
	show("fopen missing", fopen("nope", "r") ? 0 : -1);
	f = fopen("s.conf", "a+");
	fputs("more\n", f);
	fseek(f, 0, SEEK_SET);
	show("ftell after seek", ftell(f));
	fclose(f);
	show_stat("stat s.conf", "s.conf", 0);
	show("remove", remove("s.conf"));
}

struct pipe_job {
	int fd;
	size_t total;
};

static void *pipe_writer(void *arg)
{
	struct pipe_job *j = arg;
	char buf[1000];
	size_t done = 0, i;
	ssize_t n;

	while (done < j->total) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (char)((done + i) % 251);
		n = write(j->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(j->fd);
	return NULL;
}

static volatile sig_atomic_t sigpipes;

static void count_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_pipes(void)
{
	struct pipe_job job;
	struct pollfd pfd[2];
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	static char big[70000];
	char buf[4096];
	size_t got = 0, bad = 0;
	pthread_t t;
	ssize_t n, i;
	int p[2], ep;

	show("pipe", pipe(p));
	show("pipe write", write(p[1], "abc", 3));
	show("pipe read", read(p[0], buf, sizeof(buf)));
	show("pipe lseek", lseek(p[0], 0, SEEK_SET));
	show("pipe pread", pread(p[0], buf, 1, 0));
	show("pipe read on write end", read(p[1], buf, 1));
	show("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
	show("F_SETPIPE_SZ 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
	show("F_GETPIPE_SZ after", fcntl(p[0], F_GETPIPE_SZ));
	show("F_SETPIPE_SZ back", fcntl(p[1], F_SETPIPE_SZ, 65536));
	pfd[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pfd[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	show("poll empty", poll(pfd, 2, 0));
	printf("files: revents = %#x %#x\n", pfd[0].revents, pfd[1].revents);
	write(p[1], "x", 1);
	show("poll data", poll(pfd, 2, 0));
	printf("files: revents = %#x %#x\n", pfd[0].revents, pfd[1].revents);
	ep = epoll_create1(0);
	show("epoll add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	show("epoll wait data", epoll_wait(ep, out, 2, 0));
	printf("files: epoll events = %#x\n", out[0].events);
	show("close write end", close(p[1]));
	show("epoll wait hup", epoll_wait(ep, out, 2, 0));
	printf("files: epoll events = %#x\n", out[0].events);
	show("read rest", read(p[0], buf, sizeof(buf)));
	show("read eof", read(p[0], buf, sizeof(buf)));
	show("poll hup", poll(pfd, 1, 0));
	printf("files: revents = %#x\n", pfd[0].revents);
	close(p[0]);
	close(ep);
	show("pipe2 nonblock", pipe2(p, O_NONBLOCK | O_CLOEXEC));
	show("pipe2 F_GETFD", fcntl(p[0], F_GETFD));
	show("pipe2 F_GETFL", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	show("read empty nonblock", read(p[0], buf, 1));
	show("write big nonblock", write(p[1], big, sizeof(big)));
	show("write more nonblock", write(p[1], big, 1));
	pfd[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	show("poll full", poll(&pfd[1], 1, 0));
	show("close read end", close(p[0]));
	show("write no reader", write(p[1], "x", 1));
	pfd[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	show("poll no reader", poll(&pfd[1], 1, 0));
	printf("files: revents = %#x\n", pfd[1].revents);
	close(p[1]);
	signal(SIGPIPE, count_sigpipe);
	pipe(p);
	close(p[0]);
	show("write no reader, handler", write(p[1], "x", 1));
	show("SIGPIPE handler ran", sigpipes);
	signal(SIGPIPE, SIG_IGN);
	close(p[1]);
	show("pipe2 bad flags", pipe2(p, 0x1));
	show("pipe for thread", pipe(p));
	job.fd = p[1];
	job.total = 1 << 20;
	pthread_create(&t, NULL, pipe_writer, &job);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != (char)((got + (size_t)i) % 251))
				bad++;
		got += (size_t)n;
	}
	pthread_join(t, NULL);
	show("thread bytes", (long)got);
	show("thread bad bytes", (long)bad);
	close(p[0]);
}

static void test_dev(void)
{
	char buf[64], path[32];
	struct stat st;
	int fd, p[2];

	fd = show_fd("open /dev/null", open("/dev/null", O_RDWR));
	show("read /dev/null", read(fd, buf, sizeof(buf)));
	show("write /dev/null", write(fd, "x", 1));
	show("lseek /dev/null", lseek(fd, 10, SEEK_SET));
	show("fstat /dev/null", fstat(fd, &st));
	printf("files: /dev/null type %o rdev %u:%u\n",
	       (unsigned)(st.st_mode & S_IFMT) >> 12, major(st.st_rdev),
	       minor(st.st_rdev));
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	show("read /dev/zero", read(fd, buf, sizeof(buf)));
	printf("files: zero bytes = %d %d\n", buf[0], buf[63]);
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	show("write /dev/full", write(fd, "x", 1));
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	show("read /dev/urandom", read(fd, buf, sizeof(buf)));
	close(fd);
	show_stat("stat /dev/zero", "/dev/zero", 0);
	show_stat("stat /dev/random", "/dev/random", 0);
	show("open /dev/nothing", open("/dev/nothing", O_RDONLY));
	pipe(p);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[1]);
	fd = show_fd("open /dev/fd/N", open(path, O_WRONLY));
	show("write via /dev/fd/N", write(fd, "abc", 3));
	show("read pipe", read(p[0], buf, sizeof(buf)));
	close(fd);
	close(p[0]);
	close(p[1]);
	fd = show_fd("open /dev/stdout", open("/dev/stdout", O_WRONLY));
	close(fd);
}

static void test_sendfile(void)
{
	char buf[32] = { 0 };
	off_t off = 2;
	int in, out, p[2];

	put("sf", "0123456789");
	in = open("sf", O_RDONLY);
	out = open("sf.out", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	show("sendfile file to file", sendfile(out, in, NULL, 100));
	show("input position after", lseek(in, 0, SEEK_CUR));
	show("sendfile at offset", sendfile(out, in, &off, 3));
	show("offset after", off);
	show("input position kept", lseek(in, 0, SEEK_CUR));
	show("sendfile at end", sendfile(out, in, NULL, 10));
	close(out);
	show_file("sendfile output", "sf.out");
	pipe(p);
	off = 0;
	show("sendfile file to pipe", sendfile(p[1], in, &off, 4));
	show("pipe got", read(p[0], buf, sizeof(buf)));
	show_str("pipe data", buf);
	show("sendfile from pipe", sendfile(p[1], p[0], NULL, 1));
	show("sendfile to O_RDONLY", sendfile(in, in, &off, 1));
	show("sendfile bad fd", sendfile(999, in, NULL, 1));
	out = open("sf.out", O_WRONLY | O_APPEND);
	show("sendfile to O_APPEND", sendfile(out, in, &off, 1));
	close(out);
	close(p[0]);
	close(p[1]);
	close(in);
}

/* The cache hints validate their arguments and change nothing. */
static void test_hints(void)
{
	int fd, wo, p[2];

	put("hint", "0123456789");
	fd = open("hint", O_RDONLY);
	wo = open("hint", O_WRONLY);
	pipe(p);
	show("fadvise64 willneed",
	     syscall(SYS_fadvise64, fd, 0L, 0L, POSIX_FADV_WILLNEED));
	show("fadvise64 dontneed on O_WRONLY",
	     syscall(SYS_fadvise64, wo, 2L, 4L, POSIX_FADV_DONTNEED));
	show("fadvise64 bad advice", syscall(SYS_fadvise64, fd, 0L, 0L, 99));
	show("fadvise64 negative length",
	     syscall(SYS_fadvise64, fd, 0L, -1L, POSIX_FADV_NORMAL));
	show("fadvise64 pipe",
	     syscall(SYS_fadvise64, p[0], 0L, 0L, POSIX_FADV_NORMAL));
	show("fadvise64 bad fd",
	     syscall(SYS_fadvise64, 999, 0L, 0L, POSIX_FADV_NORMAL));
	show("readahead", syscall(SYS_readahead, fd, 0L, 4096L));
	show("readahead O_WRONLY", syscall(SYS_readahead, wo, 0L, 4096L));
	show("readahead pipe", syscall(SYS_readahead, p[0], 0L, 4096L));
	show("readahead bad fd", syscall(SYS_readahead, 999, 0L, 4096L));
	show("sync_file_range", syscall(SYS_sync_file_range, wo, 0L, 10L, 7));
	show("sync_file_range bad flags",
	     syscall(SYS_sync_file_range, wo, 0L, 10L, 8));
	show("sync_file_range negative offset",
	     syscall(SYS_sync_file_range, wo, -1L, 10L, 0));
	show("sync_file_range overflow",
	     syscall(SYS_sync_file_range, wo, 1L, 0x7fffffffffffffffL, 0));
	show("sync_file_range pipe",
	     syscall(SYS_sync_file_range, p[1], 0L, 0L, 0));
	show("sync_file_range bad fd",
	     syscall(SYS_sync_file_range, 999, 0L, 0L, 0));
	close(p[0]);
	close(p[1]);
	close(wo);
	close(fd);
}

/*
 * utimes and futimesat exist on x86_64 only; arm64 runs musl's utimes()
 * and futimes(), which reach utimensat with the same times.
 */
static long call_utimes(const char *path, const struct timeval *tv)
{
#ifdef SYS_utimes
	return syscall(SYS_utimes, path, tv);
#else
	return utimes(path, tv);
#endif
}

static long call_futimesat_fd(int fd, const struct timeval *tv)
{
#ifdef SYS_futimesat
	return syscall(SYS_futimesat, fd, NULL, tv);
#else
	return futimes(fd, tv);
#endif
}

static void show_times(const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		show(what, -1);
		return;
	}
	printf("files: %s = atime %lld.%09ld mtime %lld.%09ld\n", what,
	       (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void test_utimes(void)
{
	struct timeval tv[2] = { { 1000, 500000 }, { 2000, 250000 } };
	struct timeval bad[2] = { { 1, 0 }, { 2, 1000000 } };
	struct stat st;
	int fd;

	put("ut", "x");
	show("utimes", call_utimes("ut", tv));
	show_times("utimes times", "ut");
	show("utimes bad usec", call_utimes("ut", bad));
	show("utimes missing", call_utimes("ut.none", tv));
	show("utimes now", call_utimes("ut", NULL));
	show("utimes now is later",
	     !stat("ut", &st) && st.st_mtim.tv_sec > 2000);
	fd = open("ut", O_RDONLY);
	tv[1].tv_sec = 3000;
	show("futimesat fd", call_futimesat_fd(fd, tv));
	show_times("futimesat times", "ut");
	close(fd);
#ifdef SYS_futimesat
	show("futimesat dirfd", syscall(SYS_futimesat, AT_FDCWD, "ut", tv));
#else
	show("futimesat dirfd", utimes("ut", tv));
#endif
}

/*
 * The names and types in a directory through x86_64's old getdents
 * (arm64 has only getdents64, which readdir uses), sorted.
 */
static void show_dir_types(const char *what, const char *path)
{
	char line[512] = "", *names[16];
	int n = 0, i;
#ifdef SYS_getdents
	char buf[512];
	long len, pos;
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	while ((len = syscall(SYS_getdents, fd, buf, sizeof(buf))) > 0) {
		for (pos = 0; pos < len && n < 16;) {
			unsigned short reclen =
				*(unsigned short *)(buf + pos + 16);
			char *name = buf + pos + 18;

			asprintf(&names[n++], "%s:%d", name,
				 buf[pos + reclen - 1]);
			pos += reclen;
		}
	}
	close(fd);
#else
	struct dirent *d;
	DIR *dir = opendir(path);

	while ((d = readdir(dir)) && n < 16)
		asprintf(&names[n++], "%s:%d", d->d_name, d->d_type);
	closedir(dir);
#endif
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	for (i = 0; i < n; i++) {
		strcat(line, " ");
		strcat(line, names[i]);
		free(names[i]);
	}
	printf("files: %s =%s\n", what, line);
}

static void test_getdents_mknod(void)
{
	int fd;
	char buf[16];

	mkdir("gd", 0755);
	put("gd/file", "f");
	mkdir("gd/sub", 0755);
	symlink("file", "gd/link");
	show_dir_types("getdents types", "gd");
	fd = open("gd/file", O_RDONLY);
#ifdef SYS_getdents
	show("getdents on a file", syscall(SYS_getdents, fd, buf, sizeof(buf)));
#else
	show("getdents on a file",
	     syscall(SYS_getdents64, fd, buf, sizeof(buf)));
#endif
	close(fd);
	fd = open("gd", O_RDONLY | O_DIRECTORY);
#ifdef SYS_getdents
	show("getdents small buffer",
	     syscall(SYS_getdents, fd, buf, sizeof(buf)));
#else
	show("getdents small buffer",
	     syscall(SYS_getdents64, fd, buf, sizeof(buf)));
#endif
	close(fd);
	show("mknod regular", mknod("nod", S_IFREG | 0640, 0));
	show_stat("mknod regular stat", "nod", 0);
	show("mknod exists", mknod("nod", S_IFREG | 0640, 0));
	show("mknod no type", mknodat(AT_FDCWD, "nod0", 0600, 0));
	show_stat("mknod no type stat", "nod0", 0);
	show("mknod socket", mknod("nod.sock", S_IFSOCK | 0755, 0));
	show_stat("mknod socket stat", "nod.sock", 0);
	show("mknod directory", mknod("nod.dir", S_IFDIR | 0755, 0));
	show("mknod bad type", mknod("nod.bad", 0110000 | 0644, 0));
	show("mknod missing parent", mknod("none/nod", S_IFREG | 0644, 0));
}

static void test_copy_file_range(void)
{
	off_t oi, oo;
	int in, out, wo, ap, d, p[2];

	put("cfr", "0123456789");
	in = open("cfr", O_RDONLY);
	out = open("cfr.out", O_CREAT | O_RDWR | O_TRUNC, 0644);
	show("copy_file_range positions",
	     copy_file_range(in, NULL, out, NULL, 4, 0));
	show("input position", lseek(in, 0, SEEK_CUR));
	show("output position", lseek(out, 0, SEEK_CUR));
	oi = 6;
	oo = 4;
	show("copy_file_range offsets past the end",
	     copy_file_range(in, &oi, out, &oo, 100, 0));
	show("offset in", oi);
	show("offset out", oo);
	show("input position kept", lseek(in, 0, SEEK_CUR));
	show("copy_file_range at the end",
	     copy_file_range(in, &oi, out, &oo, 100, 0));
	show("copy_file_range length 0",
	     copy_file_range(in, NULL, out, NULL, 0, 0));
	show_file("copy_file_range output", "cfr.out");
	oi = 0;
	oo = 2;
	show("copy_file_range overlapping",
	     copy_file_range(out, &oi, out, &oo, 5, 0));
	oo = 8;
	show("copy_file_range same file",
	     copy_file_range(out, &oi, out, &oo, 2, 0));
	show_file("copy_file_range same file output", "cfr.out");
	oi = -1;
	show("copy_file_range negative offset",
	     copy_file_range(in, &oi, out, NULL, 1, 0));
	show("copy_file_range flags",
	     copy_file_range(in, NULL, out, NULL, 1, 1));
	show("copy_file_range bad fd",
	     copy_file_range(999, NULL, out, NULL, 1, 0));
	pipe(p);
	show("copy_file_range pipe",
	     copy_file_range(in, NULL, p[1], NULL, 1, 0));
	d = open(".", O_RDONLY | O_DIRECTORY);
	show("copy_file_range directory",
	     copy_file_range(d, NULL, out, NULL, 1, 0));
	wo = open("cfr", O_WRONLY);
	show("copy_file_range from O_WRONLY",
	     copy_file_range(wo, NULL, out, NULL, 1, 0));
	show("copy_file_range to O_RDONLY",
	     copy_file_range(out, NULL, in, NULL, 1, 0));
	ap = open("cfr.out", O_WRONLY | O_APPEND);
	show("copy_file_range to O_APPEND",
	     copy_file_range(in, NULL, ap, NULL, 1, 0));
	close(ap);
	close(wo);
	close(d);
	close(p[0]);
	close(p[1]);
	close(out);
	close(in);
}

/* Entries of dir whose names start with ".memfd" (Tessera's private ones). */
static long memfd_names(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *d;
	long n = 0;

	while (dir && (d = readdir(dir)))
		n += !strncmp(d->d_name, ".memfd", 6);
	if (dir)
		closedir(dir);
	return n;
}

static void test_memfd(void)
{
	char buf[32] = { 0 }, longname[300];
	struct stat st;
	int fd;

	fd = show_fd("memfd_create", memfd_create("files", MFD_CLOEXEC));
	show("memfd cloexec", fcntl(fd, F_GETFD));
	show("memfd write", write(fd, "hello memfd", 11));
	show("memfd pread", pread(fd, buf, sizeof(buf) - 1, 6));
	show_str("memfd data", buf);
	fstat(fd, &st);
	printf("files: memfd stat = type %o size %lld nlink %lu\n",
	       (unsigned)(st.st_mode & S_IFMT) >> 12, (long long)st.st_size,
	       (unsigned long)st.st_nlink);
	show("memfd ftruncate", ftruncate(fd, 3));
	show("memfd size", lseek(fd, 0, SEEK_END));
	close(fd);
	fd = show_fd("memfd_create no flags", memfd_create("x", 0));
	show("memfd no cloexec", fcntl(fd, F_GETFD));
	close(fd);
	show("memfd_create bad flags", memfd_create("x", 0x100));
	memset(longname, 'n', 250);
	longname[250] = '\0';
	show("memfd_create long name", memfd_create(longname, 0));
	show("memfd_create NULL name", syscall(SYS_memfd_create, NULL, 0));
	show("memfd names left in /", memfd_names("/"));
}

/*
 * Extended attributes: the argument and path checks that come before the
 * file system's answer (which differs: Tessera's file systems keep none).
 */
static void test_xattr_args(void)
{
	char longname[300];
	static char big[65537];

	memset(longname, 'n', 260);
	longname[260] = '\0';
	put("xattr", "x");
	show("setxattr bad flags", setxattr("xattr", "user.a", "v", 1, 4));
	show("setxattr empty name", setxattr("xattr", "", "v", 1, 0));
	show("setxattr long name", setxattr("xattr", longname, "v", 1, 0));
	show("setxattr too big",
	     setxattr("xattr", "user.a", big, sizeof(big), 0));
	show("setxattr missing", setxattr("xattr.none", "user.a", "v", 1, 0));
	show("lsetxattr missing", lsetxattr("xattr.none", "user.a", "v", 1, 0));
	show("fsetxattr bad fd", fsetxattr(999, "user.a", "v", 1, 0));
	show("getxattr long name", getxattr("xattr", longname, big, 8));
	show("getxattr missing", getxattr("xattr.none", "user.a", big, 8));
	show("lgetxattr missing", lgetxattr("xattr.none", "user.a", big, 8));
	show("fgetxattr bad fd", fgetxattr(999, "user.a", big, 8));
	show("listxattr missing", listxattr("xattr.none", big, 8));
	show("llistxattr missing", llistxattr("xattr.none", big, 8));
	show("flistxattr bad fd", flistxattr(999, big, 8));
	show("removexattr empty name", removexattr("xattr", ""));
	show("removexattr missing", removexattr("xattr.none", "user.a"));
	show("lremovexattr missing", lremovexattr("xattr.none", "user.a"));
	show("fremovexattr bad fd", fremovexattr(999, "user.a"));
}

/* splice, tee and vmsplice between pipes, files and each other. */
static void test_splice(void)
{
	char buf[32] = { 0 };
	struct iovec iov[2] = { { "vm", 2 }, { "splice", 6 } };
	struct iovec rv[2] = { { buf, 3 }, { buf + 3, 20 } };
	off_t off = 2;
	int in, out, p[2], q[2];

	put("sp", "0123456789");
	in = open("sp", O_RDONLY);
	out = open("sp.out", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	pipe(p);
	pipe(q);
	show("splice file to pipe", splice(in, NULL, p[1], NULL, 4, 0));
	show("input position", lseek(in, 0, SEEK_CUR));
	show("splice at offset to pipe", splice(in, &off, p[1], NULL, 3, 0));
	show("offset after", off);
	show("tee", tee(p[0], q[1], 100, 0));
	show("splice pipe to file", splice(p[0], NULL, out, NULL, 5, 0));
	off = 10;
	show("splice pipe to file at offset",
	     splice(p[0], NULL, out, &off, 100, 0));
	show("offset out", off);
	show_file("splice output", "sp.out");
	show("tee copy read", read(q[0], buf, sizeof(buf) - 1));
	show_str("tee copy", buf);
	show("splice empty pipe nonblocking",
	     splice(p[0], NULL, out, NULL, 1, SPLICE_F_NONBLOCK));
	show("tee empty pipe nonblocking",
	     tee(p[0], q[1], 1, SPLICE_F_NONBLOCK));
	show("splice length 0", splice(in, NULL, out, NULL, 0, 0));
	show("splice no pipe", splice(in, NULL, out, NULL, 1, 0));
	show("splice bad flags", splice(in, NULL, p[1], NULL, 1, 0x100));
	show("splice bad fd", splice(999, NULL, p[1], NULL, 1, 0));
	off = 0;
	show("splice offset on a pipe", splice(p[0], &off, out, NULL, 1, 0));
	show("splice pipe to itself", splice(p[0], NULL, p[1], NULL, 1, 0));
	show("splice from write end", splice(p[1], NULL, out, NULL, 1, 0));
	show("tee same pipe", tee(p[0], p[1], 1, 0));
	show("tee file", tee(in, q[1], 1, 0));
	show("tee bad fd", tee(999, q[1], 1, 0));
	show("vmsplice into pipe", vmsplice(p[1], iov, 2, 0));
	memset(buf, 0, sizeof(buf));
	show("vmsplice out of pipe", vmsplice(p[0], rv, 2, 0));
	show_str("vmsplice data", buf);
	show("vmsplice empty nonblocking",
	     vmsplice(p[0], rv, 2, SPLICE_F_NONBLOCK));
	show("vmsplice file", vmsplice(in, iov, 2, 0));
	show("vmsplice bad flags", vmsplice(p[1], iov, 2, 0x100));
	close(p[1]);
	show("splice at end of file", splice(p[0], NULL, out, NULL, 1, 0));
	show("vmsplice at end of file", vmsplice(p[0], rv, 2, 0));
	close(p[0]);
	close(q[0]);
	show("splice to pipe without readers",
	     splice(in, NULL, q[1], NULL, 1, 0));
	close(q[1]);
	close(out);
	close(in);
}

/* Reads and prints the queued inotify events as "wd mask name". */
static void show_events(const char *what, int fd)
{
	char buf[4096] __attribute__((aligned(8)));
	struct inotify_event *ev;
	ssize_t n = read(fd, buf, sizeof(buf)), pos;

	if (n < 0) {
		show(what, n);
		return;
	}
	printf("files: %s =", what);
	for (pos = 0; pos < n; pos += sizeof(*ev) + ev->len) {
		ev = (struct inotify_event *)(buf + pos);
		printf(" [%d %#x %s]", ev->wd, ev->mask,
		       ev->len ? ev->name : "");
	}
	printf("\n");
}

static void test_inotify(void)
{
	struct pollfd pfd;
	char tiny[4];
	int in, fd, wdir, wfile;

	in = show_fd("inotify_init1", inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
	show("inotify cloexec", fcntl(in, F_GETFD));
	show("inotify_init1 bad flags", inotify_init1(1));
	show("inotify read empty", read(in, tiny, sizeof(tiny)));
	mkdir("in", 0755);
	wdir = inotify_add_watch(in, "in", IN_CREATE | IN_DELETE);
	show("inotify_add_watch directory", wdir);
	put("in/f", "x");
	mkdir("in/d", 0755);
	wfile = inotify_add_watch(
		in, "in/f", IN_MODIFY | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE);
	show("inotify_add_watch file", wfile);
	show("inotify_add_watch same file",
	     inotify_add_watch(in, "in/f", IN_MODIFY | IN_CLOSE_WRITE));
	show("inotify_add_watch mask add",
	     inotify_add_watch(in, "in/f", IN_CLOSE_NOWRITE | IN_MASK_ADD));
	show_events("inotify created", in);
	fd = open("in/f", O_WRONLY);
	write(fd, "y", 1);
	close(fd);
	fd = open("in/f", O_RDONLY);
	close(fd);
	pfd = (struct pollfd){ .fd = in, .events = POLLIN };
	show("inotify poll", poll(&pfd, 1, 0));
	show("inotify read tiny buffer", read(in, tiny, sizeof(tiny)));
	show_events("inotify written and closed", in);
	show("inotify_rm_watch file", inotify_rm_watch(in, wfile));
	show("inotify_rm_watch again", inotify_rm_watch(in, wfile));
	unlink("in/f");
	rmdir("in/d");
	show_events("inotify removed", in);
	show("inotify_add_watch no events", inotify_add_watch(in, "in", 0));
	show("inotify_add_watch missing",
	     inotify_add_watch(in, "in/none", IN_CREATE));
	put("in/g", "g");
	show("inotify_add_watch onlydir on a file",
	     inotify_add_watch(in, "in/g", IN_MODIFY | IN_ONLYDIR));
	show("inotify_add_watch not inotify",
	     inotify_add_watch(0, "in", IN_CREATE));
	show("inotify_add_watch bad fd",
	     inotify_add_watch(999, "in", IN_CREATE));
	show_events("inotify last", in);
	close(in);
}

static void test_mmap(void)
{
	char *m;
	int fd, wo, p[2];

	put("mm", "mapped contents");
	fd = open("mm", O_RDWR);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	show("mmap private", m == MAP_FAILED ? -1 : 0);
	if (m != MAP_FAILED) {
		printf("files: mapped = \"%.15s\" then %d\n", m, m[15]);
		m[0] = 'M';
		show_file("file after private write", "mm");
		show("munmap", munmap(m, 4096));
	}
	m = mmap(NULL, 100, PROT_READ, MAP_SHARED, fd, 0);
	show("mmap shared read-only", m == MAP_FAILED ? -1 : 0);
	if (m != MAP_FAILED) {
		printf("files: shared mapped = \"%.6s\"\n", m);
		show("msync", msync(m, 100, MS_SYNC));
		show("msync bad flags", msync(m, 100, MS_SYNC | MS_ASYNC));
		munmap(m, 100);
	}
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("mmap shared writable", m == MAP_FAILED ? -1 : 0);
	if (m != MAP_FAILED) {
		char buf[16] = { 0 };

		m[0] = 'S';
		show("pread after store", pread(fd, buf, 6, 0));
		show_str("pread sees the store", buf);
		show("pwrite under the mapping", pwrite(fd, "W", 1, 1));
		printf("files: mapping sees the write = \"%.6s\"\n", m);
		show("msync shared writable", msync(m, 8192, MS_SYNC));
		show("munmap shared writable", munmap(m, 8192));
		show_file("file after shared munmap", "mm");
	}
	show("mmap unaligned offset",
	     mmap(NULL, 10, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ?
		     -1 :
		     0);
	show("mmap length 0",
	     mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 :
									  0);
	wo = open("mm", O_WRONLY);
	show("mmap write-only fd",
	     mmap(NULL, 10, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? -1 :
									   0);
	close(wo);
	close(fd);
	fd = open("mm", O_RDONLY);
	show("mmap shared writable on read-only fd",
	     mmap(NULL, 10, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
			     MAP_FAILED ?
		     -1 :
		     0);
	close(fd);
	pipe(p);
	show("mmap pipe",
	     mmap(NULL, 10, PROT_READ, MAP_PRIVATE, p[0], 0) == MAP_FAILED ?
		     -1 :
		     0);
	close(p[0]);
	close(p[1]);
	show("mmap bad fd",
	     mmap(NULL, 10, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED ? -1 :
									    0);
}

static void test_poll_files(void)
{
	struct pollfd pfd = { 0, POLLIN | POLLOUT, 0 };
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };

	pfd.fd = open("v", O_RDWR);
	show("poll regular file", poll(&pfd, 1, 0));
	printf("files: revents = %#x\n", pfd.revents);
	show("epoll add regular file",
	     epoll_ctl(ep, EPOLL_CTL_ADD, pfd.fd, &ev));
	close(pfd.fd);
	close(ep);
}

/* The memfd seals and where each one gives EPERM. */
static void test_seals(void)
{
	const size_t len = 4096;
	int plain, fd;
	void *map;

	plain = show_fd("memfd unsealable", memfd_create("p", 0));
	show("seals of unsealable", fcntl(plain, F_GET_SEALS));
	show("seal unsealable", fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE));
	close(plain);
	fd = show_fd("memfd sealable",
		     memfd_create("s", MFD_ALLOW_SEALING | MFD_CLOEXEC));
	show("seals of sealable", fcntl(fd, F_GET_SEALS));
	show("seal unknown", fcntl(fd, F_ADD_SEALS, 0x1000));
	show("sealed write", write(fd, "0123456789", 10));
	show("seal shrink", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	show("shrink sealed", ftruncate(fd, 4));
	show("grow with shrink seal", ftruncate(fd, 12));
	show("seal grow", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	show("seals now", fcntl(fd, F_GET_SEALS));
	show("grow sealed", ftruncate(fd, 13));
	show("same size", ftruncate(fd, 12));
	show("fallocate past end", fallocate(fd, 0, 10, 4));
	show("fallocate inside", fallocate(fd, 0, 0, 4));
	show("write inside", pwrite(fd, "ab", 2, 10));
	show("write past end", pwrite(fd, "abc", 3, 10));
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("shared writable map", map == MAP_FAILED ? -1 : 0);
	show("seal write while mapped", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(map, len);
	show("seal write", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	show("write sealed", write(fd, "x", 1));
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("shared writable map sealed", map == MAP_FAILED ? -1 : 0);
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	show("shared read-only map sealed", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, len);
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	show("private writable map sealed", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, len);
	show("seal seal", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	show("seal after seal", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	show("seals final", fcntl(fd, F_GET_SEALS));
	close(fd);
	fd = memfd_create("f", MFD_ALLOW_SEALING);
	write(fd, "abc", 3);
	show("seal future write", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	show("write future sealed", pwrite(fd, "x", 1, 0));
	show("truncate future sealed", ftruncate(fd, 1));
	close(fd);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	show("seal read-only fd", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	close(fd);
}

/*
 * Prints the queued events as show_events, with each cookie as the
 * number of the distinct cookie it is (0: none), as values differ.
 */
static void show_moves(const char *what, int fd)
{
	char buf[4096] __attribute__((aligned(8)));
	uint32_t cookies[8] = { 0 };
	struct inotify_event *ev;
	ssize_t n = read(fd, buf, sizeof(buf)), pos;
	int i, c;

	if (n < 0) {
		show(what, n);
		return;
	}
	printf("files: %s =", what);
	for (pos = 0; pos < n; pos += sizeof(*ev) + ev->len) {
		ev = (struct inotify_event *)(buf + pos);
		c = 0;
		for (i = 0; ev->cookie && i < 8; i++) {
			if (!cookies[i])
				cookies[i] = ev->cookie;
			if (cookies[i] == ev->cookie) {
				c = i + 1;
				break;
			}
		}
		printf(" [%d %#x %s %d]", ev->wd, ev->mask,
		       ev->len ? ev->name : "", c);
	}
	printf("\n");
}

/*
 * A watched directory's children: their open, access, modify, attrib
 * and close events with their name (IN_ISDIR for a subdirectory), before
 * the child's own watch's; link counts are the child's alone.
 */
static void test_inotify_children(void)
{
	int in, fd;
	DIR *d;
	char c;

	in = inotify_init1(IN_NONBLOCK);
	mkdir("in4", 0755);
	mkdir("in4/sub", 0755);
	put("in4/f", "f");
	show("inotify watch children",
	     inotify_add_watch(in, "in4", IN_ALL_EVENTS));
	show("inotify watch child", inotify_add_watch(in, "in4/f", IN_OPEN));
	fd = open("in4/f", O_RDWR);
	read(fd, &c, 1);
	write(fd, "g", 1);
	close(fd);
	chmod("in4/f", 0600);
	truncate("in4/f", 0);
	show_moves("inotify child file", in);
	chmod("in4/sub", 0700);
	d = opendir("in4/sub");
	readdir(d);
	closedir(d);
	show_moves("inotify child directory", in);
	d = opendir("in4");
	while (readdir(d))
		;
	closedir(d);
	chmod("in4", 0750);
	show_moves("inotify the directory itself", in);
	link("in4/f", "in4/h");
	unlink("in4/h");
	show_moves("inotify child links", in);
	unlink("in4/f");
	rmdir("in4/sub");
	rmdir("in4");
	show_moves("inotify children removed", in);
	close(in);
}

/*
 * The events beyond creation, deletion, writes and closes: open, access,
 * attributes, link counts, moves with their cookie, the watched file's
 * own move and deletion, IN_ONESHOT and IN_DONT_FOLLOW.
 */
static void test_inotify_more(void)
{
	const uint32_t dirmask =
		IN_CREATE | IN_DELETE | IN_MOVE | IN_DELETE_SELF | IN_MOVE_SELF;
	char c;
	int in, fd;

	in = inotify_init1(IN_NONBLOCK);
	mkdir("in2", 0755);
	put("in2/a", "a");
	show("inotify watch dir", inotify_add_watch(in, "in2", dirmask));
	show("inotify watch a", inotify_add_watch(in, "in2/a", IN_ALL_EVENTS));
	fd = open("in2/a", O_RDWR);
	read(fd, &c, 1);
	write(fd, "b", 1);
	pread(fd, &c, 1, 0);
	fchmod(fd, 0600);
	ftruncate(fd, 1);
	close(fd);
	show_moves("inotify file events", in);
	chmod("in2/a", 0640);
	utimensat(AT_FDCWD, "in2/a", NULL, 0);
	link("in2/a", "in2/b");
	show_moves("inotify attrib and link", in);
	rename("in2/a", "in2/c");
	show_moves("inotify rename", in);
	unlink("in2/b");
	unlink("in2/c");
	show_moves("inotify unlink both names", in);
	put("in2/o", "o");
	show("inotify watch oneshot",
	     inotify_add_watch(in, "in2/o", IN_OPEN | IN_ONESHOT));
	close(open("in2/o", O_RDONLY));
	close(open("in2/o", O_RDONLY));
	symlink("o", "in2/l");
	show("inotify watch link itself",
	     inotify_add_watch(in, "in2/l", IN_ATTRIB | IN_DONT_FOLLOW));
	show("inotify watch link target",
	     inotify_add_watch(in, "in2/l", IN_ATTRIB));
	chmod("in2/o", 0600);
	show("inotify onlydir on a directory",
	     inotify_add_watch(in, "in2", dirmask | IN_ONLYDIR));
	show_moves("inotify oneshot and links", in);
	mkdir("in2/sub", 0755);
	show("inotify watch sub",
	     inotify_add_watch(in, "in2/sub", IN_DELETE_SELF));
	rmdir("in2/sub");
	unlink("in2/l");
	unlink("in2/o");
	show_moves("inotify rmdir", in);
	rename("in2", "in3");
	rmdir("in3");
	show_moves("inotify directory moved and removed", in);
	close(in);
	test_inotify_children();
}

/* Opens path with flags in a thread (a blocking FIFO open's partner). */
struct fifo_job {
	const char *path;
	int flags, fd;
};

static void *fifo_opener(void *arg)
{
	struct fifo_job *j = arg;

	j->fd = open(j->path, j->flags);
	if (j->fd >= 0 && (j->flags & O_ACCMODE) == O_WRONLY)
		write(j->fd, "t", 1);
	return NULL;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A blocking FIFO open that a signal (no SA_RESTART) interrupts. */
static void fifo_open_interrupted(const char *what, int flags)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { .it_value = { .tv_usec = 100000 } };
	struct itimerval off = { 0 };

	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	show(what, open("fifo", flags));
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
}

/*
 * FIFOs: mkfifo and mknod S_IFIFO, the open rules (a reader waits for a
 * writer and the reverse, O_NONBLOCK, O_RDWR), data, end of file, EPIPE,
 * poll, a buffer that lives while any end is open, and EINTR.
 */
static void test_fifo(void)
{
	struct fifo_job job = { "fifo", O_WRONLY, -1 };
	struct pollfd pfd = { .events = POLLIN | POLLOUT };
	struct stat st;
	pthread_t t;
	char buf[16];
	int rd, wr, rw;

	show("mkfifo", mkfifo("fifo", 0640));
	show_stat("mkfifo stat", "fifo", 0);
	show("mkfifo exists", mkfifo("fifo", 0640));
	show("mknod fifo", mknod("fifo2", S_IFIFO | 0600, 0));
	show_stat("mknod fifo stat", "fifo2", 0);
	mkdir("fifodir", 0755);
	show("mknodat fifo",
	     mknodat(AT_FDCWD, "fifodir/fifo3", S_IFIFO | 0666, 0));
	show_stat("mknodat fifo stat", "fifodir/fifo3", 0);
	show_dir_types("fifo getdents types", "fifodir");
	show("fifo writer without reader", open("fifo", O_WRONLY | O_NONBLOCK));
	rd = show_fd("fifo nonblocking reader",
		     open("fifo", O_RDONLY | O_NONBLOCK));
	show("fifo read before a writer", read(rd, buf, sizeof(buf)));
	pfd.fd = rd;
	show("fifo poll before a writer", poll(&pfd, 1, 0));
	printf("files: revents = %#x\n", pfd.revents);
	wr = show_fd("fifo nonblocking writer",
		     open("fifo", O_WRONLY | O_NONBLOCK));
	show("fifo read empty", read(rd, buf, sizeof(buf)));
	show("fifo write", write(wr, "abc", 3));
	show("fifo fstat", fstat(wr, &st));
	printf("files: fifo fstat = type %o mode %o\n",
	       (unsigned)(st.st_mode & S_IFMT) >> 12,
	       (unsigned)(st.st_mode & 07777));
	show("fifo fchmod", fchmod(wr, 0604));
	show_stat("fifo fchmod stat", "fifo", 0);
	show("fifo futimens", futimens(wr, NULL));
	show("fifo fchdir", fchdir(wr));
	show("fifo lseek", lseek(wr, 0, SEEK_SET));
	show("fifo F_GETPIPE_SZ", fcntl(rd, F_GETPIPE_SZ));
	show("fifo read", read(rd, buf, 2));
	show("fifo unlink while open", unlink("fifo"));
	show("fifo close writer", close(wr));
	show("fifo poll after writer", poll(&pfd, 1, 0));
	printf("files: revents = %#x\n", pfd.revents);
	show("fifo read rest", read(rd, buf, sizeof(buf)));
	show("fifo read end of file", read(rd, buf, sizeof(buf)));
	close(rd);
	show("fifo open unlinked", open("fifo", O_RDONLY | O_NONBLOCK));
	rw = show_fd("fifo read-write open", open("fifo2", O_RDWR));
	wr = show_fd("fifo writer with reader",
		     open("fifo2", O_WRONLY | O_NONBLOCK));
	show("fifo write to read-write", write(wr, "xy", 2));
	show("fifo read-write read", read(rw, buf, sizeof(buf)));
	show("fifo close read-write", close(rw));
	show("fifo write without reader", write(wr, "z", 1));
	close(wr);
	/* The data go with the last file. */
	rw = open("fifo2", O_RDWR | O_NONBLOCK);
	write(rw, "gone", 4);
	close(rw);
	rw = open("fifo2", O_RDWR | O_NONBLOCK);
	show("fifo data after last close", read(rw, buf, sizeof(buf)));
	close(rw);
	/* Blocking opens meet: this reader waits for the thread's writer. */
	job.path = "fifo2";
	pthread_create(&t, NULL, fifo_opener, &job);
	rd = show_fd("fifo blocking reader", open("fifo2", O_RDONLY));
	pthread_join(t, NULL);
	show("fifo thread writer", job.fd < 0 ? -1 : 0);
	show("fifo blocking read", read(rd, buf, sizeof(buf)));
	close(job.fd);
	show("fifo blocking read end", read(rd, buf, sizeof(buf)));
	close(rd);
	job.flags = O_RDONLY;
	pthread_create(&t, NULL, fifo_opener, &job);
	wr = show_fd("fifo blocking writer", open("fifo2", O_WRONLY));
	pthread_join(t, NULL);
	show("fifo thread reader", job.fd < 0 ? -1 : 0);
	close(job.fd);
	close(wr);
	mkfifo("fifo", 0600);
	fifo_open_interrupted("fifo reader interrupted", O_RDONLY);
	fifo_open_interrupted("fifo writer interrupted", O_WRONLY);
	unlink("fifo");
	unlink("fifo2");
	unlink("fifodir/fifo3");
	rmdir("fifodir");
}

int main(void)
{
	/* Under bazel test, the host run stays in the test's own space. */
	const char *base = getenv("TEST_TMPDIR");
	char dir[256];

	signal(SIGPIPE, SIG_IGN);
	umask(022);
	snprintf(dir, sizeof(dir), "%s/files-diff-XXXXXX",
		 base ? base : "/tmp");
	if (!mkdtemp(dir) || chdir(dir)) {
		printf("files: cannot make a scratch directory\n");
		return 1;
	}
	test_open();
	test_rw();
	test_dirs();
	test_links();
	test_creat_links();
	test_rename();
	test_exchange();
	test_attrs();
	test_statx_faccessat2();
	test_locks();
	test_stdio();
	test_pipes();
	test_dev();
	test_sendfile();
	test_hints();
	test_utimes();
	test_getdents_mknod();
	test_copy_file_range();
	test_memfd();
	test_xattr_args();
	test_splice();
	test_inotify();
	test_mmap();
	test_poll_files();
	test_fifo();
	test_seals();
	test_inotify_more();
	printf("files: done\n");
	return 0;
}
