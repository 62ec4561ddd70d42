/* W^X: calling code copied into the heap faults when w_xor_x is set. */
#include <string.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/print.h>
#include <uk/test.h>
#include "wxorx_code.h"

TESTCASE(wxorx, exec_heap)
{
	struct uk_alloc *a = uk_alloc_get_default();
	int (*fn)(void);
	void *page;

	EXPECT_NE(a, NULL);
	if (!a)
		return;
	page = uk_palloc(a, 1);
	EXPECT_NE(page, NULL);
	if (!page)
		return;
	memcpy(page, wxorx_ret42, wxorx_ret42_size);
	wxorx_sync_icache(page, wxorx_ret42_size);
	fn = (int (*)(void))(uintptr_t)page;
	uk_printk("wxorx: calling code in the heap at 0x%016lx\n",
		  (unsigned long)page);
	EXPECT_EQ(fn(), 42);
	EXPECT_FALSE(CONFIG_ENFORCE_W_XOR_X);
	uk_pfree(a, page, 1);
}
