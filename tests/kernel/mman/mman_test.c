/*
 * Memory syscalls through musl, as programs use them: mprotect rights,
 * madvise(MADV_DONTNEED) zeroing, MAP_FIXED and MAP_FIXED_NOREPLACE
 * (inside a mapping, on free memory, across mappings and free memory),
 * partial munmap, mremap (shrink, grow in place, move, MREMAP_FIXED into
 * mappings and free memory) and
 * brk. Prints "ok"/"not ok" per check and a summary line; exits 1 on a
 * failure. With "write_ro" on the command line it then writes to a
 * PROT_READ page, with "exec_nx" it calls into a read-write page: both
 * must end in a crash report. "wxorx" says that the image has w_xor_x.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL

static int failed, passed;
/* "wxorx" on the command line: the image is built with w_xor_x. */
static int wxorx;

static void check(int cond, const char *what)
{
	printf("mman: %s %s\n", cond ? "ok" : "not ok", what);
	if (cond)
		passed++;
	else
		failed++;
}

static char *map(unsigned long pages, int prot)
{
	char *p = mmap(NULL, pages * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);

	return p == MAP_FAILED ? NULL : p;
}

static int all_zero(const char *p, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static int __attribute__((noinline)) answer(void)
{
	return 42;
}

static void test_mprotect(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE);
	int (*fn)(void);

	check(p != NULL, "mmap 4 pages");
	memset(p, 7, 4 * PG);
	check(mprotect(p + PG, PG, PROT_READ) == 0, "mprotect PROT_READ");
	check(p[PG] == 7, "a PROT_READ page reads");
	check(mprotect(p + PG, PG, PROT_READ | PROT_WRITE) == 0,
	      "mprotect back to read-write");
	p[PG] = 8;
	check(p[PG] == 8, "writable again");
	check(mprotect(p, PG, 0x100) == -1 && errno == EINVAL,
	      "mprotect unknown bits: EINVAL");
	/* musl's mprotect rounds the start down: ask the kernel directly. */
	check(syscall(SYS_mprotect, p + 1, PG, PROT_READ) == -1 &&
		      errno == EINVAL,
	      "mprotect unaligned: EINVAL");
	/* Code copied into a page runs once the page is executable. */
	memcpy(p + 2 * PG, (void *)(uintptr_t)answer, 64);
	check(mprotect(p + 2 * PG, PG, PROT_READ | PROT_EXEC) == 0,
	      "mprotect PROT_READ|PROT_EXEC");
	__builtin___clear_cache(p + 2 * PG, p + 3 * PG);
	fn = (int (*)(void))(uintptr_t)(p + 2 * PG);
	check(fn() == 42, "code runs from a PROT_EXEC page");
	if (wxorx)
		check(mprotect(p + 3 * PG, PG,
			       PROT_READ | PROT_WRITE | PROT_EXEC) == -1 &&
			      errno == EACCES,
		      "PROT_WRITE|PROT_EXEC under w_xor_x: EACCES");
	else
		check(mprotect(p + 3 * PG, PG,
			       PROT_READ | PROT_WRITE | PROT_EXEC) == 0,
		      "PROT_WRITE|PROT_EXEC without w_xor_x");
	check(munmap(p, 4 * PG) == 0, "munmap");
}

static void test_madvise(void)
{
	char *p = map(3, PROT_READ | PROT_WRITE);

	memset(p, 0x5a, 3 * PG);
	check(mprotect(p + 2 * PG, PG, PROT_READ) == 0, "last page read-only");
	check(madvise(p + PG, 2 * PG, MADV_DONTNEED) == 0,
	      "madvise MADV_DONTNEED");
	check(p[0] == 0x5a && all_zero(p + PG, 2 * PG),
	      "MADV_DONTNEED pages read as zero, the others keep data");
	check(madvise(p, PG, MADV_WILLNEED) == 0 && p[0] == 0x5a,
	      "MADV_WILLNEED keeps data");
	munmap(p, 3 * PG);
}

static void test_fixed(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE), *q;

	memset(p, 1, 4 * PG);
	q = mmap(p + PG, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + PG, "MAP_FIXED inside a mapping: that address");
	check(p[0] == 1 && all_zero(p + PG, 2 * PG) && p[3 * PG] == 1,
	      "MAP_FIXED pages are new zeroed pages");
	q = mmap(p, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(q == MAP_FAILED && errno == EEXIST,
	      "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
	q = mmap(p + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	check(q == MAP_FAILED && errno == EINVAL,
	      "MAP_FIXED unaligned: EINVAL");
	check(munmap(p + PG, PG) == 0, "munmap of one page inside");
	check(mprotect(p + PG, PG, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect of the unmapped page: ENOMEM");
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + PG && all_zero(q, PG), "MAP_FIXED maps it again");
	munmap(p, 4 * PG);
}

/* MAP_FIXED where no mapping is: the allocator's free pages there. */
static void test_fixed_outside(void)
{
	char *p = map(8, PROT_READ | PROT_WRITE), *q;
	static char image_pages[2 * PG];
	char *held = (char *)(((uintptr_t)image_pages + PG - 1) & ~(PG - 1));

	memset(p, 7, 8 * PG);
	munmap(p, 8 * PG);
	q = mmap(p + 2 * PG, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + 2 * PG && all_zero(q, 4 * PG),
	      "MAP_FIXED on free memory: a new zeroed mapping there");
	q[0] = 1;
	check(mprotect(q, PG, PROT_READ) == 0 && munmap(q, 4 * PG) == 0,
	      "it is a mapping: mprotect and munmap");
	q = mmap(p, 8 * PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(q == p && all_zero(q, 8 * PG),
	      "MAP_FIXED_NOREPLACE on free memory: a mapping there");
	check(mmap(p + PG, PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		   0) == MAP_FAILED &&
		      errno == EEXIST,
	      "MAP_FIXED_NOREPLACE inside it: EEXIST");
	munmap(p, 8 * PG);
	check(mmap(held, PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
		   0) == MAP_FAILED &&
		      errno == EEXIST,
	      "MAP_FIXED_NOREPLACE on the image's memory: EEXIST");
	check(mmap(held, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		   -1, 0) == MAP_FAILED &&
		      errno == ENOMEM,
	      "MAP_FIXED on the image's memory: ENOMEM, not replaced");
}

/* A new mapping of n pages at p; p must be free (a page of a munmap). */
static char *map_at(char *p, unsigned long pages, int prot)
{
	return mmap(p, pages * PG, prot,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
}

/*
 * MAP_FIXED over old mappings and the free pages between them replaces
 * them, as Linux does; over the image's memory it fails and changes
 * nothing.
 */
static void test_fixed_replace(void)
{
	char *p = map(16, PROT_READ | PROT_WRITE), *a, *b, *q, *lo, *hi;
	static char image_pages[2 * PG];
	char *held = (char *)(((uintptr_t)image_pages + PG - 1) & ~(PG - 1));

	munmap(p, 16 * PG);
	a = map_at(p + 2 * PG, 2, PROT_READ | PROT_WRITE);
	b = map_at(p + 6 * PG, 2, PROT_READ);
	check(a == p + 2 * PG && b == p + 6 * PG,
	      "two mappings with free pages around them");
	memset(a, 5, 2 * PG);
	q = mmap(p + 3 * PG, 6 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + 3 * PG && all_zero(q, 6 * PG) && a[0] == 5,
	      "MAP_FIXED across mappings and free pages: new zeroed pages");
	memset(q, 6, 6 * PG);
	check(q[3 * PG] == 6 && q[5 * PG] == 6,
	      "the replaced read-only pages are writable");
	check(mprotect(p + 2 * PG, 7 * PG, PROT_READ) == 0,
	      "mprotect across the mappings");
	check(munmap(p + 2 * PG, 7 * PG) == 0 &&
		      map_at(p + 2 * PG, 7, PROT_READ) == p + 2 * PG,
	      "munmap across the mappings frees all of them");
	munmap(p, 16 * PG);
	a = map(1, PROT_READ | PROT_WRITE);
	a[0] = 4;
	lo = a < held ? a : held;
	hi = a < held ? held : a;
	check(mmap(lo, (size_t)(hi - lo) + PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		   0) == MAP_FAILED &&
		      errno == ENOMEM && a[0] == 4,
	      "MAP_FIXED over a mapping and the image: ENOMEM, kept");
	munmap(a, PG);
}

/* MREMAP_FIXED to free pages, then over them and a mapping. */
static void test_mremap_fixed(void)
{
	char *s = map(2, PROT_READ | PROT_WRITE), *p = map(8, PROT_READ), *a,
	     *q;

	munmap(p, 8 * PG);
	memset(s, 9, 2 * PG);
	q = mremap(s, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		   p + 2 * PG);
	check(q == p + 2 * PG && q[0] == 9 && q[2 * PG - 1] == 9,
	      "MREMAP_FIXED to free memory moves there");
	a = map_at(p + 5 * PG, 1, PROT_READ);
	q = mremap(q, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		   p + 4 * PG);
	check(a == p + 5 * PG && q == p + 4 * PG && q[0] == 9 &&
		      q[2 * PG - 1] == 9,
	      "MREMAP_FIXED over a free page and a mapping replaces it");
	check(munmap(p, 8 * PG) == 0 &&
		      map_at(p + 2 * PG, 4, PROT_READ) == p + 2 * PG,
	      "the old pages are free again");
	munmap(p, 8 * PG);
}

static void test_mremap(void)
{
	char *p = map(4, PROT_READ | PROT_WRITE), *q, *f;

	memset(p, 3, 4 * PG);
	q = mremap(p, 4 * PG, 2 * PG, 0);
	check(q == p, "mremap shrinks in place");
	q = mremap(p, 2 * PG, 3 * PG, 0);
	check(q == p && p[0] == 3 && all_zero(p + 2 * PG, PG),
	      "mremap grows in place into the freed pages, zeroed");
	q = mremap(p, 3 * PG, 64 * PG, 0);
	check(q == MAP_FAILED && errno == ENOMEM,
	      "mremap cannot grow in place: ENOMEM");
	q = mremap(p, 3 * PG, 64 * PG, MREMAP_MAYMOVE);
	check(q != MAP_FAILED && q != p && q[0] == 3 && q[2 * PG - 1] == 3 &&
		      all_zero(q + 3 * PG, 61 * PG),
	      "mremap MREMAP_MAYMOVE moves the contents");
	f = map(2, PROT_READ | PROT_WRITE);
	p = mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, f + PG);
	check(p == f + PG && p[0] == 3, "mremap MREMAP_FIXED");
	check(mremap(q, PG, PG, MREMAP_FIXED, f) == MAP_FAILED &&
		      errno == EINVAL,
	      "MREMAP_FIXED without MREMAP_MAYMOVE: EINVAL");
	munmap(q + PG, 63 * PG);
	munmap(f, 2 * PG);
}

static void test_brk(void)
{
	char *b = (char *)syscall(SYS_brk, 0), *n;

	check(b != NULL, "brk(0) gives the break");
	n = (char *)syscall(SYS_brk, b + 3 * PG);
	check(n == b + 3 * PG && all_zero(b, 3 * PG), "brk grows, zeroed");
	memset(b, 9, 3 * PG);
	check((char *)syscall(SYS_brk, b + PG) == b + PG, "brk shrinks");
	check((char *)syscall(SYS_brk, b + 2 * PG) == b + 2 * PG &&
		      all_zero(b + PG, PG),
	      "brk grows again over zeroed memory");
	check((char *)syscall(SYS_brk, b + (1UL << 30)) == b + 2 * PG,
	      "brk past the area keeps the break");
}

static void write_ro(void)
{
	char *p = map(1, PROT_READ | PROT_WRITE);

	mprotect(p, PG, PROT_READ);
	printf("mman: writing to the PROT_READ page at %p\n", (void *)p);
	fflush(stdout);
	*(volatile char *)p = 1;
	printf("mman: the write was not caught\n");
}

static void exec_nx(void)
{
	char *p = map(1, PROT_READ | PROT_WRITE);
	void (*fn)(void) = (void (*)(void))(uintptr_t)p;

	printf("mman: calling into the read-write page at %p\n", (void *)p);
	fflush(stdout);
	fn();
	printf("mman: the call was not caught\n");
}

int main(int argc, char *argv[])
{
	int i;

	/* x86_64's multiboot command line starts with the image's path. */
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "wxorx"))
			wxorx = 1;
	test_mprotect();
	test_madvise();
	test_fixed();
	test_fixed_outside();
	test_fixed_replace();
	test_mremap();
	test_mremap_fixed();
	test_brk();
	printf("mman: done, %d passed, %d failed\n", passed, failed);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "write_ro"))
			write_ro();
		if (!strcmp(argv[i], "exec_nx"))
			exec_nx();
	}
	return failed ? 1 : 0;
}
