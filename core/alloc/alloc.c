/* The default allocator, statistics snapshots and corruption reporting. */
#include <errno.h>
#include <string.h>
#include "alloc_impl.h"

static struct uk_alloc *alloc_default;
static uk_alloc_corruption_fn alloc_corruption_hook;

struct uk_alloc *uk_alloc_get_default(void)
{
	return __atomic_load_n(&alloc_default, __ATOMIC_ACQUIRE);
}

void uk_alloc_set_default(struct uk_alloc *a)
{
	__atomic_store_n(&alloc_default, a, __ATOMIC_RELEASE);
}

void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out)
{
	uk_spin_lock(&a->lock);
	*out = a->stats;
	uk_spin_unlock(&a->lock);
}

void _uk_alloc_fail(struct uk_alloc *a)
{
	uk_spin_lock(&a->lock);
	_uk_alloc_stats_fail(a);
	uk_spin_unlock(&a->lock);
}

uk_alloc_corruption_fn uk_alloc_set_corruption_hook(uk_alloc_corruption_fn hook)
{
	return __atomic_exchange_n(&alloc_corruption_hook, hook,
				   __ATOMIC_ACQ_REL);
}

const char *uk_alloc_fault_str(enum uk_alloc_fault fault)
{
	switch (fault) {
	case UK_ALLOC_FAULT_DOUBLE_FREE:
		return "double free";
	case UK_ALLOC_FAULT_FOREIGN:
		return "free of a foreign pointer";
	case UK_ALLOC_FAULT_INVALID:
		return "free of an invalid pointer";
	case UK_ALLOC_FAULT_OVERFLOW:
		return "overwritten canary or header (overflow)";
	}
	return "unknown fault";
}

void uk_alloc_corruption(struct uk_alloc *a, enum uk_alloc_fault fault,
			 const void *ptr)
{
	uk_alloc_corruption_fn hook;

	uk_spin_lock(&a->lock);
	a->stats.corruptions++;
	uk_spin_unlock(&a->lock);
	hook = __atomic_load_n(&alloc_corruption_hook, __ATOMIC_ACQUIRE);
	if (hook)
		hook(a, fault, ptr);
	else
		_uk_alloc_corruption_log(a, fault, ptr);
}

void *_uk_alloc_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &bytes)) {
		_uk_alloc_fail(a);
		return NULL;
	}
	p = a->malloc(a, bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

int _uk_alloc_posix_memalign(struct uk_alloc *a, void **memptr, size_t align,
			     size_t size)
{
	void *p;

	if (!_uk_alloc_is_pow2(align) || align < sizeof(void *))
		return -EINVAL;
	p = a->memalign(a, align, size);
	if (!p)
		return -ENOMEM;
	*memptr = p;
	return 0;
}
