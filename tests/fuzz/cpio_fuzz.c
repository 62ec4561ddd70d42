/*
 * Fuzz target: the rootfs archive reader (posix/fs/cpio) on any bytes,
 * extracting into a fresh directory /t of a ramfs. Checked against its
 * contract: 0 only with a trailer in the archive, otherwise a negative
 * errno with a reason and an offset within the archive; nothing created
 * outside /t (the ramfs's root holds only it). The tree is then removed,
 * which also checks that everything extracted is a well-formed file,
 * directory or link.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/cpio.h>
#include <uk/fdtab.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

#define HEAP_SIZE (16 << 20)
#define DENTS_SIZE 1024

static void setup(void)
{
	void *mem = aligned_alloc(4096, HEAP_SIZE);

	if (!mem)
		abort();
	uk_alloc_set_default(uk_allocbuddy_init(mem, HEAP_SIZE));
	if (uk_ramfs_mount("/", 0))
		abort();
}

/*
 * The first name in directory fd other than "." and "..", copied to
 * name; false when there is none.
 */
static bool first_entry(int fd, char *name, size_t cap)
{
	char *buf = malloc(DENTS_SIZE);
	struct uk_dirent64 *d;
	bool found = false;
	ssize_t n, off;

	if (!buf || uk_sys_lseek(fd, 0, SEEK_SET))
		abort();
	while (!found && (n = uk_sys_getdents64(fd, buf, DENTS_SIZE)) > 0) {
		for (off = 0; off < n && !found; off += d->d_reclen) {
			d = (struct uk_dirent64 *)(void *)(buf + off);
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
				if (strlen(d->d_name) >= cap)
					abort();
				strcpy(name, d->d_name);
				found = true;
			}
		}
	}
	if (n < 0)
		abort();
	free(buf);
	return found;
}

/*
 * Removes name below dirfd, a directory with all it holds; aborts if any
 * part of it cannot be removed.
 */
static void remove_tree(int dirfd, const char *name)
{
	char *entry;
	struct stat st;
	int fd;

	if (uk_sys_newfstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		abort();
	if (!S_ISDIR(st.st_mode)) {
		if (uk_sys_unlinkat(dirfd, name, 0))
			abort();
		return;
	}
	if (uk_sys_fchmodat(dirfd, name, 0700))
		abort();
	fd = uk_sys_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	entry = malloc(256);
	if (fd < 0 || !entry)
		abort();
	while (first_entry(fd, entry, 256))
		remove_tree(fd, entry);
	free(entry);
	uk_sys_close(fd);
	if (uk_sys_unlinkat(dirfd, name, AT_REMOVEDIR))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct uk_cpio_error err = { 0 };
	char name[256];
	int dirfd, root, ret;

	if (!ready) {
		setup();
		ready = true;
	}
	if (uk_sys_mkdir("/t", 0755))
		abort();
	dirfd = uk_sys_open("/t", O_RDONLY | O_DIRECTORY, 0);
	if (dirfd < 0)
		abort();
	ret = uk_cpio_extract(data, size, dirfd, &err);
	uk_sys_close(dirfd);
	if (ret > 0 || (ret && (!err.reason || err.offset > size)))
		abort();
	if (!ret && !memmem(data, size, "TRAILER!!!", 10))
		abort();
	root = uk_sys_open("/", O_RDONLY | O_DIRECTORY, 0);
	if (root < 0)
		abort();
	remove_tree(root, "t");
	if (first_entry(root, name, sizeof(name)))
		abort();
	uk_sys_close(root);
	return 0;
}
