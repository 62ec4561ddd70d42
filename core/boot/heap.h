/* Boot-internal: setting up the default allocator. */
#ifndef UK_BOOT_HEAP_H
#define UK_BOOT_HEAP_H

#include <uk/plat/bootstrap.h>

/*
 * Builds the default allocator (uk_alloc_get_default()) from every region
 * flagged UKPLAT_MEMRF_FREE. Returns 0, or -ENOMEM without usable memory.
 */
int uk_boot_heap_init(const struct ukplat_bootinfo *bi);

#endif /* UK_BOOT_HEAP_H */
