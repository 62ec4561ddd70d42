/*
 * File mappings: core/syscall's mmap allocates zeroed pages and calls
 * uk_mmap_file to fill them from the file, a copy taken at mmap time.
 * That is MAP_PRIVATE exactly (Linux's copy-on-write differs only in
 * when the copy is taken: later writes to the file are not seen), and
 * read-only MAP_SHARED as a snapshot. A writable MAP_SHARED mapping
 * would have to write back at msync and munmap: not offered (ENODEV).
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <uk/fdtab.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

long uk_mmap_file(void *p, size_t len, int prot, int flags, int fd, long off)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct uk_vfs_file *vf;
	unsigned int mode;
	ssize_t n;
	long ret = 0;

	if (!f)
		return -EBADF;
	vf = uk_vfs_file_of(f);
	mode = uk_file_flags(f) & UK_FILE_ACCMODE;
	if (!vf || (vf->oflags & O_PATH))
		ret = vf ? -EBADF : -ENODEV;
	else if (!S_ISREG(vf->vn->mode))
		ret = -ENODEV;
	else if (mode == O_WRONLY)
		ret = -EACCES;
	else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE))
		ret = mode == O_RDWR ? -ENODEV : -EACCES;
	if (!ret) {
		uk_vfs_lock();
		n = uk_vfs_vn_read(vf->vn, p, len, off);
		uk_vfs_unlock();
		ret = n < 0 ? n : 0;
	}
	uk_file_release(f);
	return ret;
}
