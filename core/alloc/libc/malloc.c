/*
 * The C library's malloc family on the default allocator (core/alloc), in
 * place of musl's mallocng: one heap for kernel and application, with its
 * corruption checks and statistics.
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/alloc.h>

void *malloc(size_t size)
{
	void *p = uk_malloc(uk_alloc_get_default(), size);

	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	uk_free(uk_alloc_get_default(), ptr);
}

void *calloc(size_t nmemb, size_t size)
{
	void *p = uk_calloc(uk_alloc_get_default(), nmemb, size);

	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	void *p = uk_realloc(uk_alloc_get_default(), ptr, size);

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
	p = uk_memalign(uk_alloc_get_default(), align, size);
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
