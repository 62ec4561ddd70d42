/* Memory shared with virtio devices, from the default allocator. */
#include <string.h>
#include <uk/alloc.h>
#include <uk/virtio/dev.h>

void *uk_virtio_dma_alloc(unsigned long npages)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (!a || !npages)
		return NULL;
	p = uk_palloc(a, npages);
	if (p)
		memset(p, 0, npages * __PAGE_SIZE);
	return p;
}
