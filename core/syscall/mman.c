/*
 * Memory syscalls. The image has one address space, identity-mapped:
 * anonymous mmap returns zeroed pages from the default allocator and
 * munmap gives whole mappings back; a file mapping is such pages filled
 * by posix/vfs (uk_mmap_file). brk reports no heap (libc's malloc is
 * core/alloc's, see //core/alloc:libc). PROT_NONE pages are made
 * inaccessible with the platform's guard pages (musl's pthread stack
 * guards); other protections leave pages read-write.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/plat/paging.h>
#include <uk/syscall.h>

static unsigned long mman_pages(long len)
{
	return UK_ALIGN_UP((unsigned long)len, __PAGE_SIZE) / __PAGE_SIZE;
}

/*
 * Makes pages [p, p + n pages) inaccessible (none) or accessible again.
 * Pages already in the wanted state are skipped; a platform without
 * guard pages leaves everything accessible. On an error the pages before
 * the one that failed are made accessible again.
 */
static long mman_protect(char *p, unsigned long n, bool none)
{
	unsigned long i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!none) {
			/* -EINVAL: not guarded, nothing to do. */
			ukplat_page_unguard(p + i * __PAGE_SIZE);
			continue;
		}
		rc = ukplat_page_guard(p + i * __PAGE_SIZE);
		if (rc == -ENOTSUP)
			return 0;
		if (rc && rc != -EFAULT) /* -EFAULT: already guarded */
			goto undo;
	}
	return 0;
undo:
	while (i--)
		ukplat_page_unguard(p + i * __PAGE_SIZE);
	return rc == -ENOMEM ? -ENOMEM : -EINVAL;
}

/*
 * Fills the zeroed pages [p, p + len) of a file mapping from fd at off.
 * posix/vfs, when linked, replaces this weak default (no files to map).
 */
__weak long uk_mmap_file(void *p __unused, size_t len __unused,
			 int prot __unused, int flags __unused, int fd __unused,
			 long off __unused)
{
	return -ENODEV;
}

/*
 * Before munmap frees the pages at p: ends a shared file mapping's use of
 * them (0, or a negative errno to refuse). posix/vfs replaces this weak
 * default (no file mappings).
 */
__weak long uk_munmap_file(void *p __unused)
{
	return 0;
}

UK_SYSCALL_DEFINE(long, mmap, long, addr __unused, long, len, long, prot, long,
		  flags, long, fd, long, off)
{
	void *p;
	long rc;

	if (flags & MAP_FIXED)
		return -EINVAL; /* one address space: we choose the address */
	if (len <= 0)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) && (off & (__PAGE_SIZE - 1)))
		return -EINVAL;
	p = uk_palloc(uk_alloc_get_default(), mman_pages(len));
	if (!p)
		return -ENOMEM;
	/* Anonymous memory reads as zero; freed pages may be dirty. */
	memset(p, 0, mman_pages(len) * __PAGE_SIZE);
	if (!(flags & MAP_ANONYMOUS)) {
		rc = uk_mmap_file(p, (size_t)len, (int)prot, (int)flags,
				  (int)fd, off);
		if (rc) {
			uk_pfree(uk_alloc_get_default(), p, mman_pages(len));
			return rc;
		}
	}
	if (prot == PROT_NONE) {
		rc = mman_protect(p, mman_pages(len), true);
		if (rc) {
			uk_pfree(uk_alloc_get_default(), p, mman_pages(len));
			return rc;
		}
	}
	return (long)p;
}

/*
 * Unmaps a whole mapping made by mmap (same address and length); the
 * allocator reports anything else as an invalid free and keeps the pages.
 */
UK_SYSCALL_DEFINE(long, munmap, long, addr, long, len)
{
	long rc;

	if ((addr & (__PAGE_SIZE - 1)) || len <= 0)
		return -EINVAL;
	rc = uk_munmap_file((void *)addr);
	if (rc)
		return rc;
	/* Guarded pages must not go back to the heap inaccessible. */
	mman_protect((char *)addr, mman_pages(len), false);
	uk_pfree(uk_alloc_get_default(), (void *)addr, mman_pages(len));
	return 0;
}

/*
 * PROT_NONE makes whole pages inaccessible, anything else makes them
 * read-write again (read-only or no-execute per page is not kept). Only
 * for pages of this address space that mmap or the heap handed out.
 */
UK_SYSCALL_DEFINE(long, mprotect, long, addr, long, len, long, prot)
{
	if ((addr & (__PAGE_SIZE - 1)) || len < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	return mman_protect((char *)addr, mman_pages(len), prot == PROT_NONE);
}

/* No brk heap. */
UK_SYSCALL_DEFINE(long, brk, long, addr __unused)
{
	return -ENOMEM;
}

/* Mappings do not move: callers copy when mremap fails. */
UK_SYSCALL_DEFINE(long, mremap)
{
	return -ENOMEM;
}

/* No paging advice for this memory. */
UK_SYSCALL_DEFINE(long, madvise)
{
	return 0;
}
