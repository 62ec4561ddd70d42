/*
 * Guard pages and access rights of single pages of the kernel's RAM
 * (the identity map that the heap hands out).
 */
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
 * when the call returns (x86_64: a TLB shootdown by IPI; arm64: a
 * broadcast invalidation).
 * Returns 0, or:
 *   -EINVAL   va not page-aligned, or a page the platform refuses (arm64:
 *             not RAM, or not mapped as the heap is);
 *   -EFAULT   va is not mapped (e.g. already guarded);
 *   -ENOMEM   no memory for the page table that the change needs;
 *   -ENOTSUP  the platform cannot guard pages (or not this one).
 */
int ukplat_page_guard(void *va) __attribute__((warn_unused_result));

/*
 * ukplat_page_guard() of the n pages from va, as one change: all of them
 * or, on an error (ukplat_page_guard()'s, for the first page refused),
 * none. Each page is then made accessible again by ukplat_page_unguard().
 * One TLB invalidation for the run where the platform pays per call
 * (x86_64: one shootdown IPI round, not one per page).
 */
int ukplat_page_guard_n(void *va, unsigned long n)
	__attribute__((warn_unused_result));

/*
 * Makes a page guarded by ukplat_page_guard() accessible again, with the
 * mapping it had before. Safe to call from any CPU.
 * Returns 0, -EINVAL if va is not page-aligned or not a guarded page,
 * -ENOTSUP if the platform cannot guard pages.
 */
int ukplat_page_unguard(void *va);

/* Access rights for ukplat_page_protect(); reading is always allowed. */
#define UKPLAT_PAGE_WRITE 0x1
#define UKPLAT_PAGE_EXEC 0x2

/*
 * Gives the mapped pages [va, va + n pages) the rights prot: readable,
 * writable if UKPLAT_PAGE_WRITE, executable if UKPLAT_PAGE_EXEC (x86_64
 * NX, arm64 PXN; everything is executable on an x86_64 CPU without NX).
 * A write to a page without UKPLAT_PAGE_WRITE, or an instruction fetch
 * from one without UKPLAT_PAGE_EXEC, faults (crash report). The pages
 * must be RAM that the heap handed out (as for ukplat_page_guard()), not
 * the image's code or read-only data, and not guarded. All CPUs see the
 * change when the call returns, as for ukplat_page_guard().
 * Returns 0, or:
 *   -EINVAL   va not page-aligned, or pages the platform refuses (not RAM,
 *             not mapped as the heap is);
 *   -EACCES   writable and executable together under w_xor_x;
 *   -EFAULT   a page is not mapped (e.g. guarded);
 *   -ENOMEM   no memory for the page table that the change needs (the
 *             rights of the range may then be changed in part);
 *   -ENOTSUP  the platform cannot change rights.
 */
int ukplat_page_protect(void *va, unsigned long n, int prot)
	__attribute__((warn_unused_result));

/*
 * Gives the pages [va, va + n pages) the rights that the heap's RAM has
 * (read-write; executable unless w_xor_x), as before any
 * ukplat_page_protect(). Returns as ukplat_page_protect().
 */
int ukplat_page_unprotect(void *va, unsigned long n);

#endif /* UK_PLAT_PAGING_H */
