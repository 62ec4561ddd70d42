/* Guard pages: making single pages of the kernel's RAM inaccessible. */
#ifndef UK_PLAT_PAGING_H
#define UK_PLAT_PAGING_H

#include <uk/essentials.h>

/*
 * Makes the __PAGE_SIZE page at va inaccessible: any read, write or
 * instruction fetch faults (crash report unless a trap handler claims it).
 * va must be page-aligned RAM that is mapped read-write at its own
 * physical address, such as pages from uk_palloc(); the page stays
 * reserved by its owner, who must call ukplat_page_unguard() before
 * freeing it. Call with no one using the page. All CPUs see the change
 * when the call returns, except where a platform documents otherwise
 * (x86_64: only the calling CPU's TLB is flushed).
 * Returns 0, or:
 *   -EINVAL   va not page-aligned, or a page the platform refuses (arm64:
 *             not RAM, or not mapped as the heap is);
 *   -EFAULT   va is not mapped (e.g. already guarded);
 *   -ENOMEM   no memory for the page table that the change needs;
 *   -ENOTSUP  the platform cannot guard pages (or not this one).
 */
int ukplat_page_guard(void *va) __attribute__((warn_unused_result));

/*
 * Makes a page guarded by ukplat_page_guard() accessible again, with the
 * mapping it had before. Safe to call from any CPU.
 * Returns 0, -EINVAL if va is not page-aligned or not a guarded page,
 * -ENOTSUP if the platform cannot guard pages.
 */
int ukplat_page_unguard(void *va);

#endif /* UK_PLAT_PAGING_H */
