/*
 * Memory syscalls for musl's malloc. TEMPORARY until core/alloc: anonymous
 * mmap comes from a static arena managed by a page bitmap (first fit);
 * brk reports no heap, so musl's malloc uses mmap only.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/syscall.h>

/* Arena size: bounds all of a program's malloc'd memory for now. */
#define ARENA_PAGES 4096 /* 16 MiB */
#define BITS_PER_LONG (8 * sizeof(unsigned long))

static char arena[ARENA_PAGES * __PAGE_SIZE] __aligned(__PAGE_SIZE);
static unsigned long used[ARENA_PAGES / BITS_PER_LONG];
static int arena_lock;

static void lock(void)
{
	while (__atomic_test_and_set(&arena_lock, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_clear(&arena_lock, __ATOMIC_RELEASE);
}

static int page_used(size_t pg)
{
	return !!(used[pg / BITS_PER_LONG] & (1UL << (pg % BITS_PER_LONG)));
}

static void mark(size_t first, size_t n, int set)
{
	size_t pg;

	for (pg = first; pg < first + n; pg++) {
		if (set)
			used[pg / BITS_PER_LONG] |= 1UL << (pg % BITS_PER_LONG);
		else
			used[pg / BITS_PER_LONG] &=
				~(1UL << (pg % BITS_PER_LONG));
	}
}

/* First run of n free pages, or ARENA_PAGES if none. Call locked. */
static size_t find_free(size_t n)
{
	size_t start = 0, pg;

	for (pg = 0; pg < ARENA_PAGES; pg++) {
		if (page_used(pg))
			start = pg + 1;
		else if (pg + 1 - start == n)
			return start;
	}
	return ARENA_PAGES;
}

static long sys_mmap(long addr __unused, long len, long prot __unused,
		     long flags, long fd __unused, long off __unused)
{
	size_t n, first;

	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* no files to map yet */
	if (flags & MAP_FIXED)
		return -EINVAL; /* one address space: we choose the address */
	if (len <= 0)
		return -EINVAL;
	n = UK_ALIGN_UP((size_t)len, __PAGE_SIZE) / __PAGE_SIZE;
	lock();
	first = find_free(n);
	if (first < ARENA_PAGES)
		mark(first, n, 1);
	unlock();
	if (first >= ARENA_PAGES)
		return -ENOMEM;
	/* Anonymous memory reads as zero; freed pages may be dirty. */
	memset(arena + first * __PAGE_SIZE, 0, n * __PAGE_SIZE);
	return (long)(arena + first * __PAGE_SIZE);
}
UK_SYSCALL_REGISTER(SYS_mmap, sys_mmap);

/* Frees the arena pages in [addr, addr + len); other ranges are ignored. */
static long sys_munmap(long addr, long len, long a3 __unused,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	uintptr_t lo = (uintptr_t)addr, hi, a0 = (uintptr_t)arena;

	if ((lo & (__PAGE_SIZE - 1)) || len <= 0)
		return -EINVAL;
	hi = lo + UK_ALIGN_UP((uintptr_t)len, __PAGE_SIZE);
	lo = UK_MAX(lo, a0);
	hi = UK_MIN(hi, a0 + sizeof(arena));
	if (lo >= hi)
		return 0;
	lock();
	mark((lo - a0) / __PAGE_SIZE, (hi - lo) / __PAGE_SIZE, 0);
	unlock();
	return 0;
}
UK_SYSCALL_REGISTER(SYS_munmap, sys_munmap);

/* No brk heap: musl's malloc then asks mmap. */
static long sys_brk(long addr __unused, long a2 __unused, long a3 __unused,
		    long a4 __unused, long a5 __unused, long a6 __unused)
{
	return -ENOMEM;
}
UK_SYSCALL_REGISTER(SYS_brk, sys_brk);

/* musl's realloc copies when mremap fails. */
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
