/* lwIP's diagnostics in host tests: stderr, and abort() on assertions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch/cc.h"

void uk_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void uk_lwip_assert_fail(const char *msg, const char *file, int line)
{
	fprintf(stderr, "lwIP assertion \"%s\" failed at %s:%d\n", msg, file,
		line);
	abort();
}
