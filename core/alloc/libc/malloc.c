/*
 * The C library's malloc family on the default allocator (core/alloc), in
 * place of musl's mallocng: one heap for kernel and application, with its
 * corruption checks and statistics. Application code calls these
 * directly, not through a syscall, so each disables preemption itself:
 * kernel code waits for the heap lock without being preemptible, so a
 * preempted holder would make it spin forever on one CPU.
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/alloc.h>
#include <uk/preempt.h>

void *malloc(size_t size)
{
	void *p;

	uk_preempt_disable();
	p = uk_malloc(uk_alloc_get_default(), size);
	uk_preempt_enable();
	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	uk_preempt_disable();
	uk_free(uk_alloc_get_default(), ptr);
	uk_preempt_enable();
}

void *calloc(size_t nmemb, size_t size)
{
	void *p;

	uk_preempt_disable();
	p = uk_calloc(uk_alloc_get_default(), nmemb, size);
	uk_preempt_enable();
	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	void *p;

	uk_preempt_disable();
	p = uk_realloc(uk_alloc_get_default(), ptr, size);
	uk_preempt_enable();
	if (!p && size)
		errno = ENOMEM;
	return p;
}

void *aligned_alloc(size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	uk_preempt_disable();
	p = uk_memalign(uk_alloc_get_default(), align, size);
	uk_preempt_enable();
	if (!p)
		errno = ENOMEM;
	return p;
}

/* musl's internal names for its own allocations (atexit, locale, ...). */
void *__libc_malloc(size_t size)
{
	return malloc(size);
}

void *__libc_malloc_impl(size_t size)
{
	return malloc(size);
}

void *__libc_calloc(size_t nmemb, size_t size)
{
	return calloc(nmemb, size);
}

void *__libc_realloc(void *ptr, size_t size)
{
	return realloc(ptr, size);
}

void __libc_free(void *ptr)
{
	free(ptr);
}
