/*
 * Memory syscalls. The image has one address space, identity-mapped:
 * anonymous mmap returns zeroed pages from the default allocator, and
 * a file mapping is such pages filled by posix/vfs (uk_mmap_file). Each
 * mapping is recorded with the protection of each of its pages, which
 * the platform enforces (<uk/plat/paging.h>): PROT_NONE pages are guard
 * pages, the others are readable, writable with PROT_WRITE and
 * executable with PROT_EXEC. The pages return to the allocator when the
 * last page of their mapping is unmapped. MAP_FIXED replaces whatever
 * mappings lie in its range (their pages there become new zeroed ones)
 * and makes new mappings of the pages between them that are free in the
 * allocator (uk_palloc_at), as Linux replaces old mappings. It cannot
 * take memory that the heap or the image holds: that is the kernel's,
 * outside what the program may map, so it fails with ENOMEM, as Linux's
 * MAP_FIXED does for addresses outside the process's address space, and
 * changes nothing. mremap's MREMAP_FIXED moves to any range MAP_FIXED
 * could map; munmap and mprotect take ranges across several mappings.
 * brk moves a break inside a 1 MiB area reserved at its first call.
 */
#define _GNU_SOURCE /* mremap's MREMAP_* */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>

/* The state of one page of a mapping (mman_map.page[]). */
#define MM_WRITE UKPLAT_PAGE_WRITE
#define MM_EXEC UKPLAT_PAGE_EXEC
#define MM_READ 0x4 /* accessible: not a guard page */
#define MM_GONE 0x8 /* unmapped (a guard page until the mapping goes) */

/* Pages [base, base + npages) from one uk_palloc(). */
struct mman_map {
	struct uk_list_head list;
	struct mman_map *made; /* mman_fixed's list of the ones it made */
	char *base;
	unsigned long npages;
	uint8_t page[];
};

static struct uk_list_head mman_maps = UK_LIST_HEAD_INIT(mman_maps);
/* Guards the list; a mapping's pages are its users' to change. */
static struct uk_spinlock mman_lock = UK_SPINLOCK_INITIALIZER;

static unsigned long mman_pages(unsigned long len)
{
	return UK_ALIGN_UP(len, __PAGE_SIZE) / __PAGE_SIZE;
}

/* The page state that mmap/mprotect's prot asks for. */
static uint8_t mman_state(long prot)
{
	uint8_t s = 0;

	if (prot == PROT_NONE)
		return 0;
	s = MM_READ;
	if (prot & PROT_WRITE)
		s |= MM_WRITE;
	if (prot & PROT_EXEC)
		s |= MM_EXEC;
	return s;
}

/*
 * The mapping that holds all of [p, p + n pages), or NULL; with overlap
 * set, any mapping that holds a page of it.
 */
static struct mman_map *mman_find(char *p, unsigned long n, bool overlap)
{
	struct mman_map *m, *found = NULL;
	unsigned long flags;
	char *end = p + n * __PAGE_SIZE, *mend;

	flags = uk_spin_lock_irqsave(&mman_lock);
	uk_list_for_each_entry(m, &mman_maps, list) {
		mend = m->base + m->npages * __PAGE_SIZE;
		if (overlap ? (p < mend && end > m->base) :
			      (p >= m->base && end <= mend)) {
			found = m;
			break;
		}
	}
	uk_spin_unlock_irqrestore(&mman_lock, flags);
	return found;
}

/*
 * The piece of [p, end) that starts at p: a run of pages inside one
 * mapping (*mp set, *ip the index of p in it) or a run of pages outside
 * every mapping, up to the next mapping (*mp NULL). Returns its pages.
 */
static unsigned long mman_piece(char *p, char *end, struct mman_map **mp,
				unsigned long *ip)
{
	struct mman_map *m;
	unsigned long flags;
	char *mend, *stop = end;

	*mp = NULL;
	*ip = 0;
	flags = uk_spin_lock_irqsave(&mman_lock);
	uk_list_for_each_entry(m, &mman_maps, list) {
		mend = m->base + m->npages * __PAGE_SIZE;
		if (p >= m->base && p < mend) {
			*mp = m;
			*ip = (unsigned long)(p - m->base) / __PAGE_SIZE;
			stop = mend < end ? mend : end;
			break;
		}
		if (m->base > p && m->base < stop)
			stop = m->base;
	}
	uk_spin_unlock_irqrestore(&mman_lock, flags);
	return (unsigned long)(stop - p) / __PAGE_SIZE;
}

/* What mman_walk calls for each piece (see mman_piece). */
typedef long (*mman_piece_fn)(struct mman_map *m, unsigned long i, char *p,
			      unsigned long n, void *arg);

/*
 * Calls fn for each piece of [p, p + n pages), in address order, until
 * it returns non-zero; returns that, or 0.
 */
static long mman_walk(char *p, unsigned long n, mman_piece_fn fn, void *arg)
{
	char *end = p + n * __PAGE_SIZE;
	struct mman_map *m;
	unsigned long i, k;
	long rc;

	for (; p < end; p += k * __PAGE_SIZE) {
		k = mman_piece(p, end, &m, &i);
		rc = fn(m, i, p, k, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Gives page p the state want (MM_READ clear: a guard page), from cur.
 * Rights are set after a page stops being a guard page, since the
 * platform changes rights only of mapped pages. A page becomes a guard
 * page with the rights it has where the platform allows it (x86_64), and
 * keeps them for when it is unguarded: no rights change, so no TLB
 * shootdown, on the way to or from a guard page (each page of a thread
 * stack that musl makes goes both ways, issue 14). A platform that
 * guards only pages with the heap's rights (arm64) refuses others with
 * -EINVAL: their rights are reset first. The platform invalidates the
 * TLB, other CPUs' too (shootdown).
 */
static int mman_page_set(char *p, uint8_t cur, uint8_t want)
{
	int rc;

	if (cur == want)
		return 0;
	if (!(cur & MM_READ)) {
		rc = ukplat_page_unguard(p);
		if (rc)
			return rc;
	}
	if (want & MM_READ)
		return ukplat_page_protect(p, 1, want & (MM_WRITE | MM_EXEC));
	rc = ukplat_page_guard(p);
	if (rc != -EINVAL)
		return rc;
	rc = ukplat_page_unprotect(p, 1);
	return rc ?: ukplat_page_guard(p);
}

/*
 * Sets the pages [i, i + n) of m to want. Accessible pages that stay
 * accessible change rights as one run, and accessible pages that become
 * guard pages are guarded as one run: one platform call, so one TLB
 * invalidation (and shootdown) for the run, not one per page (mmap of a
 * thread stack guards all its pages). A run that the platform refuses
 * (-EINVAL: arm64 guards only pages with the heap's rights) goes page by
 * page. A platform that cannot change rights (-ENOTSUP) leaves pages
 * read-write; other errors undo nothing and are reported as Linux's
 * mprotect would (ENOMEM: no page table).
 */
static long mman_set(struct mman_map *m, unsigned long i, unsigned long n,
		     uint8_t want)
{
	unsigned long end = i + n, run;
	char *p;
	int rc;

	while (i < end) {
		p = m->base + i * __PAGE_SIZE;
		run = 1;
		if (m->page[i] & MM_READ) {
			while (i + run < end && (m->page[i + run] & MM_READ))
				run++;
		}
		if ((m->page[i] & MM_READ) && (want & MM_READ)) {
			rc = ukplat_page_protect(p, run,
						 want & (MM_WRITE | MM_EXEC));
		} else if ((m->page[i] & MM_READ) &&
			   ukplat_page_guard_n(p, run) == 0) {
			rc = 0;
		} else {
			run = 1;
			rc = mman_page_set(p, m->page[i], want);
		}
		if (rc && rc != -ENOTSUP)
			return rc == -ENOMEM ? -ENOMEM :
			       rc == -EACCES ? -EACCES :
					       -EINVAL;
		memset(&m->page[i], want, run);
		i += run;
	}
	return 0;
}

/* Zeroes pages [i, i + n) of m, whatever their protection. */
static long mman_zero(struct mman_map *m, unsigned long i, unsigned long n)
{
	unsigned long j;
	uint8_t s;
	long rc;

	for (j = i; j < i + n; j++) {
		s = m->page[j];
		if (s != (MM_READ | MM_WRITE)) {
			rc = mman_set(m, j, 1, MM_READ | MM_WRITE);
			if (rc)
				return rc;
		}
		memset(m->base + j * __PAGE_SIZE, 0, __PAGE_SIZE);
		if (s != (MM_READ | MM_WRITE)) {
			rc = mman_set(m, j, 1, s);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Gives m's pages back: rights reset, then to the allocator. */
static void mman_free(struct mman_map *m)
{
	unsigned long flags, i;

	flags = uk_spin_lock_irqsave(&mman_lock);
	uk_list_del(&m->list);
	uk_spin_unlock_irqrestore(&mman_lock, flags);
	for (i = 0; i < m->npages; i++)
		if (!(m->page[i] & MM_READ))
			ukplat_page_unguard(m->base + i * __PAGE_SIZE);
	/* -ENOTSUP: nothing was changed. */
	(void)ukplat_page_unprotect(m->base, m->npages);
	uk_pfree(uk_alloc_get_default(), m->base, m->npages);
	uk_free(uk_alloc_get_default(), m);
}

/*
 * A new mapping of n zeroed read-write pages, at addr if not NULL (free
 * pages of the allocator), or NULL.
 */
static struct mman_map *mman_new(void *addr, unsigned long n)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mman_map *m;
	unsigned long flags;
	char *base;

	/* The pages first: the record's allocation could take them. */
	base = addr ? uk_palloc_at(a, addr, n) : uk_palloc(a, n);
	if (!base)
		return NULL;
	m = uk_malloc(a, sizeof(*m) + n);
	if (!m) {
		uk_pfree(a, base, n);
		return NULL;
	}
	m->made = NULL;
	m->base = base;
	m->npages = n;
	memset(m->page, MM_READ | MM_WRITE, n);
	/* Anonymous memory reads as zero; freed pages may be dirty. */
	memset(m->base, 0, n * __PAGE_SIZE);
	/* Heap pages may be executable: make them read-write only. */
	if (ukplat_page_protect(m->base, n, UKPLAT_PAGE_WRITE) == -ENOMEM) {
		uk_pfree(a, m->base, n);
		uk_free(a, m);
		return NULL;
	}
	flags = uk_spin_lock_irqsave(&mman_lock);
	uk_list_add(&m->list, &mman_maps);
	uk_spin_unlock_irqrestore(&mman_lock, flags);
	return m;
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

/* Whether every page of m is unmapped. */
static bool mman_gone(struct mman_map *m)
{
	unsigned long i;

	for (i = 0; i < m->npages; i++)
		if (!(m->page[i] & MM_GONE))
			return false;
	return true;
}

/* mman_fixed's first step: a new mapping of each free run (*arg). */
static long mman_fixed_new(struct mman_map *m, unsigned long i __unused,
			   char *p, unsigned long n, void *arg)
{
	struct mman_map **made = arg, *nm;

	if (m)
		return 0;
	nm = mman_new(p, n);
	if (!nm)
		return -ENOMEM;
	nm->made = *made;
	*made = nm;
	return 0;
}

/* Its second: the pages of the old mappings (not in *arg) made anew. */
static long mman_fixed_zero(struct mman_map *m, unsigned long i,
			    char *p __unused, unsigned long n, void *arg)
{
	struct mman_map *nm;

	if (!m)
		return -ENOMEM; /* taken since the first step */
	for (nm = *(struct mman_map **)arg; nm; nm = nm->made)
		if (nm == m)
			return 0;
	return mman_zero(m, i, n) ?: mman_set(m, i, n, MM_READ | MM_WRITE);
}

/*
 * MAP_FIXED: makes [addr, addr + n pages) zeroed read-write pages of
 * mappings. Pages that mappings hold are replaced in them (unmapped ones
 * become mapped again); the runs between them become new mappings of the
 * allocator's free pages there. Those are made first, so that a page the
 * heap or the image holds (-ENOMEM) leaves every old mapping as it was.
 */
static long mman_fixed(long addr, unsigned long n)
{
	struct mman_map *made = NULL, *nm;
	long rc;

	if (addr & (__PAGE_SIZE - 1))
		return -EINVAL;
	rc = mman_walk((char *)addr, n, mman_fixed_new, &made);
	if (!rc)
		rc = mman_walk((char *)addr, n, mman_fixed_zero, &made);
	if (!rc)
		return 0;
	while ((nm = made)) {
		made = nm->made;
		mman_free(nm);
	}
	return rc;
}

/*
 * MAP_FIXED_NOREPLACE: a new mapping at addr, of the allocator's free
 * pages; -EEXIST if a mapping, the heap or the image holds a page of the
 * range, as Linux says for memory that is mapped already.
 */
static struct mman_map *mman_noreplace(long addr, unsigned long n, long *rc)
{
	struct mman_map *m = NULL;

	*rc = -EINVAL;
	if (addr & (__PAGE_SIZE - 1))
		return NULL;
	*rc = -EEXIST;
	if (!mman_find((char *)addr, n, true))
		m = mman_new((void *)addr, n);
	return m;
}

/* munmap of one piece: see munmap. */
static long mman_unmap_piece(struct mman_map *m, unsigned long i, char *p,
			     unsigned long n, void *arg __unused)
{
	long rc;

	if (!m)
		return 0;
	rc = uk_munmap_file(p);
	if (rc)
		return rc;
	if (i == 0 && n == m->npages) {
		mman_free(m);
		return 0;
	}
	rc = mman_set(m, i, n, MM_GONE);
	if (!rc && mman_gone(m))
		mman_free(m);
	return rc;
}

/* Gives page p, of unknown state (not in a mapping), the state want. */
static int mman_page_unknown(char *p, uint8_t want)
{
	int rc;

	if (!want) {
		rc = ukplat_page_unprotect(p, 1);
		if (rc == -EFAULT)
			return 0; /* a guard page already */
		return rc ?: ukplat_page_guard(p);
	}
	/* -EINVAL: it was not a guard page. */
	ukplat_page_unguard(p);
	return ukplat_page_protect(p, 1, want & (MM_WRITE | MM_EXEC));
}

/* mprotect of one piece to the state *arg: see mprotect. */
static long mman_protect_piece(struct mman_map *m, unsigned long i, char *p,
			       unsigned long n, void *arg)
{
	uint8_t want = *(uint8_t *)arg;
	int rc;

	if (m)
		return mman_set(m, i, n, want);
	for (; n--; p += __PAGE_SIZE) {
		rc = mman_page_unknown(p, want);
		if (rc == -ENOTSUP)
			return 0;
		if (rc)
			return rc == -ENOMEM ? -ENOMEM :
			       rc == -EACCES ? -EACCES :
					       -EINVAL;
	}
	return 0;
}

/* -ENOMEM if a page of the piece was unmapped (mprotect's check). */
static long mman_mapped_piece(struct mman_map *m, unsigned long i,
			      char *p __unused, unsigned long n,
			      void *arg __unused)
{
	for (; m && n--; i++)
		if (m->page[i] & MM_GONE)
			return -ENOMEM;
	return 0;
}

UK_SYSCALL_DEFINE(long, mmap, long, addr, long, len, long, prot, long, flags,
		  long, fd, long, off)
{
	struct mman_map *m;
	uint8_t want = mman_state(prot);
	unsigned long n;
	char *base;
	long rc;

	if (len <= 0)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) && (off & (__PAGE_SIZE - 1)))
		return -EINVAL;
	n = mman_pages((unsigned long)len);
	if (flags & MAP_FIXED_NOREPLACE) {
		m = mman_noreplace(addr, n, &rc);
		if (!m)
			return rc;
		base = m->base;
	} else if (flags & MAP_FIXED) {
		rc = mman_fixed(addr, n);
		if (rc)
			return rc;
		base = (char *)addr;
	} else {
		m = mman_new(NULL, n);
		if (!m)
			return -ENOMEM;
		base = m->base;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		rc = uk_mmap_file(base, (size_t)len, (int)prot, (int)flags,
				  (int)fd, off);
		if (rc)
			goto fail;
	}
	rc = mman_walk(base, n, mman_protect_piece, &want);
	if (rc)
		goto fail;
	return (long)base;
fail:
	mman_walk(base, n, mman_unmap_piece, NULL);
	return rc;
}

/*
 * Unmaps the pages of mappings in [addr, addr + len): they become guard
 * pages (an access faults, as on Linux), and a mapping goes back to the
 * allocator once none of its pages is mapped. Pages that no mapping
 * holds are ignored, as Linux ignores unmapped ranges.
 */
UK_SYSCALL_DEFINE(long, munmap, long, addr, long, len)
{
	if ((addr & (__PAGE_SIZE - 1)) || len <= 0)
		return -EINVAL;
	return mman_walk((char *)addr, mman_pages((unsigned long)len),
			 mman_unmap_piece, NULL);
}

/*
 * Sets the protection of whole pages: -ENOMEM, changing nothing, if a
 * page of a mapping in the range was unmapped. Pages outside mmap's
 * mappings (the heap's, such as a stack that a program allocated) get it
 * too, without a record: PROT_NONE makes them guard pages, anything else
 * accessible.
 */
UK_SYSCALL_DEFINE(long, mprotect, long, addr, long, len, long, prot)
{
	uint8_t want = mman_state(prot);
	unsigned long n;

	if ((addr & (__PAGE_SIZE - 1)) || len < 0)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (len == 0)
		return 0;
	n = mman_pages((unsigned long)len);
	return mman_walk((char *)addr, n, mman_mapped_piece, NULL) ?:
		       mman_walk((char *)addr, n, mman_protect_piece, &want);
}

/*
 * mremap: shrinks in place; grows in place into pages that a shrink left
 * (or moves, with MREMAP_MAYMOVE); MREMAP_FIXED moves to new_addr, which
 * it maps as MAP_FIXED would. Moved pages keep their contents and
 * protection; the old ones are unmapped.
 */
static long mman_move(struct mman_map *m, unsigned long i, unsigned long n,
		      char *to, unsigned long nn)
{
	unsigned long k;
	uint8_t s;
	long rc;

	for (k = 0; k < n && k < nn; k++) {
		s = m->page[i + k];
		rc = mman_set(m, i + k, 1, MM_READ | MM_WRITE);
		if (rc)
			return rc;
		memcpy(to + k * __PAGE_SIZE, m->base + (i + k) * __PAGE_SIZE,
		       __PAGE_SIZE);
		rc = mman_walk(to + k * __PAGE_SIZE, 1, mman_protect_piece, &s);
		if (rc)
			return rc;
	}
	rc = mman_set(m, i, n, MM_GONE);
	if (!rc && mman_gone(m))
		mman_free(m);
	return rc;
}

UK_SYSCALL_DEFINE(long, mremap, long, old, long, old_len, long, new_len, long,
		  flags, long, new_addr)
{
	struct mman_map *m, *to;
	unsigned long n, nn, i, k;
	long rc;

	if ((old & (__PAGE_SIZE - 1)) || new_len <= 0 || old_len < 0 ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	n = mman_pages((unsigned long)old_len);
	nn = mman_pages((unsigned long)new_len);
	if (n == 0)
		return -EINVAL; /* Linux's shared-mapping copy: not here */
	/* As Linux's mremap_to: the new range is checked before the old. */
	if ((flags & MREMAP_FIXED) &&
	    ((new_addr & (__PAGE_SIZE - 1)) ||
	     ((char *)new_addr < (char *)old + n * __PAGE_SIZE &&
	      (char *)new_addr + nn * __PAGE_SIZE > (char *)old)))
		return -EINVAL;
	m = mman_find((char *)old, n, false);
	if (!m)
		return -EFAULT;
	i = ((char *)old - m->base) / __PAGE_SIZE;
	for (k = i; k < i + n; k++)
		if (m->page[k] & MM_GONE)
			return -EFAULT;
	if (flags & MREMAP_FIXED) {
		rc = mman_fixed(new_addr, nn) ?:
			     mman_move(m, i, n, (char *)new_addr, nn);
		return rc ?: new_addr;
	}
	if (nn <= n) {
		if (nn < n) {
			rc = mman_set(m, i + nn, n - nn, MM_GONE);
			if (rc)
				return rc;
		}
		return old;
	}
	for (k = i + n; k < i + nn && k < m->npages; k++)
		if (!(m->page[k] & MM_GONE))
			break;
	if (k == i + nn) {
		rc = mman_zero(m, i + n, nn - n) ?:
			     mman_set(m, i + n, nn - n, m->page[i + n - 1]);
		return rc ?: old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	to = mman_new(NULL, nn);
	if (!to)
		return -ENOMEM;
	rc = mman_move(m, i, n, to->base, nn);
	return rc ?: (long)to->base;
}

/*
 * MADV_DONTNEED and MADV_FREE zero the pages of mappings (the next read
 * sees zeros, as for Linux's private anonymous memory); other advice is
 * accepted and has no effect.
 */
UK_SYSCALL_DEFINE(long, madvise, long, addr, long, len, long, advice)
{
	struct mman_map *m;
	unsigned long n, i;

	if ((addr & (__PAGE_SIZE - 1)) || len < 0)
		return -EINVAL;
	if (advice != MADV_DONTNEED && advice != MADV_FREE)
		return 0;
	if (len == 0)
		return 0;
	n = mman_pages((unsigned long)len);
	m = mman_find((char *)addr, n, false);
	if (!m)
		return -ENOMEM;
	i = ((char *)addr - m->base) / __PAGE_SIZE;
	return mman_zero(m, i, n);
}

/*
 * mincore's check of one piece: -ENOMEM for a page that was unmapped
 * from a mapping, or, outside every mapping, a page that the allocator
 * has free (nothing holds it: it is not mapped for the program, as
 * Linux's unmapped ranges). Other pages (mappings, the heap's and the
 * image's memory) are always resident.
 */
static long mman_resident_piece(struct mman_map *m, unsigned long i, char *p,
				unsigned long n, void *arg __unused)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (m)
		return mman_mapped_piece(m, i, p, n, NULL);
	for (; n--; p += __PAGE_SIZE) {
		/* Taken only to be given back: the allocator's own check. */
		if (uk_palloc_at(a, p, 1)) {
			uk_pfree(a, p, 1);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * mincore: every mapped page is resident (nothing is paged out); -ENOMEM
 * if a page of the range is not mapped (see mman_resident_piece).
 */
UK_SYSCALL_DEFINE(int, mincore, void *, addr, size_t, len, unsigned char *, vec)
{
	unsigned long n;
	long rc;

	if ((unsigned long)addr & (__PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	n = mman_pages(len);
	rc = mman_walk(addr, n, mman_resident_piece, NULL);
	if (rc)
		return (int)rc;
	if (!vec)
		return -EFAULT;
	memset(vec, 1, n);
	return 0;
}

/* The break area: reserved at the first brk, as a program starts. */
#define MMAN_BRK_SIZE (1UL << 20)

static char *mman_brk_base, *mman_brk_cur;

/*
 * Moves the break to addr inside the area, zeroing what it uncovers, and
 * returns the new break; outside the area (brk(0) included) returns the
 * break unchanged, which callers take as a failure (as on Linux).
 */
UK_SYSCALL_DEFINE(long, brk, long, addr)
{
	char *want = (char *)addr, *cur;
	unsigned long flags;

	flags = uk_spin_lock_irqsave(&mman_lock);
	if (!mman_brk_base) {
		mman_brk_base = uk_palloc(uk_alloc_get_default(),
					  MMAN_BRK_SIZE / __PAGE_SIZE);
		mman_brk_cur = mman_brk_base;
	}
	if (mman_brk_base && want >= mman_brk_base &&
	    want <= mman_brk_base + MMAN_BRK_SIZE) {
		if (want > mman_brk_cur)
			memset(mman_brk_cur, 0, want - mman_brk_cur);
		mman_brk_cur = want;
	}
	cur = mman_brk_cur;
	uk_spin_unlock_irqrestore(&mman_lock, flags);
	return (long)cur;
}
