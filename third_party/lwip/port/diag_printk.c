/* lwIP's diagnostics in the kernel: the console, and a halt on assertions. */
#include <stdarg.h>
#include <uk/plat/bootstrap.h>
#include <uk/print.h>

#include "arch/cc.h"

/* Exit status of a machine stopped by a failed lwIP assertion. */
#define UK_LWIP_ASSERT_EXIT 125

void uk_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(fmt, ap);
	va_end(ap);
}

void uk_lwip_assert_fail(const char *msg, const char *file, int line)
{
	uk_pr_err("lwIP assertion \"%s\" failed at %s:%d\n", msg, file, line);
	ukplat_terminate(UK_LWIP_ASSERT_EXIT);
}
