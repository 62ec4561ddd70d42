/*
 * Memory syscalls. The image has one address space, identity-mapped:
 * anonymous mmap returns zeroed pages from the default allocator and
 * munmap gives whole mappings back. brk reports no heap (libc's malloc is
 * core/alloc's, see //core/alloc:libc).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/syscall.h>

static unsigned long mman_pages(long len)
{
	return UK_ALIGN_UP((unsigned long)len, __PAGE_SIZE) / __PAGE_SIZE;
}

static long sys_mmap(long addr __unused, long len, long prot __unused,
		     long flags, long fd __unused, long off __unused)
{
	void *p;

	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* no files to map */
	if (flags & MAP_FIXED)
		return -EINVAL; /* one address space: we choose the address */
	if (len <= 0)
		return -EINVAL;
	p = uk_palloc(uk_alloc_get_default(), mman_pages(len));
	if (!p)
		return -ENOMEM;
	/* Anonymous memory reads as zero; freed pages may be dirty. */
	memset(p, 0, mman_pages(len) * __PAGE_SIZE);
	return (long)p;
}
UK_SYSCALL_REGISTER(SYS_mmap, sys_mmap);

/*
 * Unmaps a whole mapping made by mmap (same address and length); the
 * allocator reports anything else as an invalid free and keeps the pages.
 */
static long sys_munmap(long addr, long len, long a3 __unused,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	if ((addr & (__PAGE_SIZE - 1)) || len <= 0)
		return -EINVAL;
	uk_pfree(uk_alloc_get_default(), (void *)addr, mman_pages(len));
	return 0;
}
UK_SYSCALL_REGISTER(SYS_munmap, sys_munmap);

/* No brk heap. */
static long sys_brk(long addr __unused, long a2 __unused, long a3 __unused,
		    long a4 __unused, long a5 __unused, long a6 __unused)
{
	return -ENOMEM;
}
UK_SYSCALL_REGISTER(SYS_brk, sys_brk);

/* Mappings do not move: callers copy when mremap fails. */
static long sys_mremap(long a1 __unused, long a2 __unused, long a3 __unused,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	return -ENOMEM;
}
UK_SYSCALL_REGISTER(SYS_mremap, sys_mremap);

/* No per-page protection or paging advice for this memory yet. */
static long sys_mem_nop(long a1 __unused, long a2 __unused, long a3 __unused,
			long a4 __unused, long a5 __unused, long a6 __unused)
{
	return 0;
}
UK_SYSCALL_REGISTER(SYS_mprotect, sys_mem_nop);
UK_SYSCALL_REGISTER(SYS_madvise, sys_mem_nop);
