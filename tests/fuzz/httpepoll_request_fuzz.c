/* memmem is a GNU extension. */
#define _GNU_SOURCE
/*
 * Fuzz target: httpepoll's request parser on any bytes, checked against
 * its contract: a complete head ends in a blank line inside the buffer
 * (the first one), and anything but GET or HEAD closes the connection.
 */
#include <stdlib.h>
#include <string.h>

#include "images/httpepoll/request.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct httpepoll_request req;
	char *buf = malloc(size ? size : 1);
	const char *end;

	if (!buf)
		return 0;
	/* An exactly sized copy: ASan sees any read past the end. */
	memcpy(buf, data, size);
	end = size ? memmem(buf, size, "\r\n\r\n", 4) : NULL;
	if (httpepoll_request_parse(buf, size, &req)) {
		if (!end || req.len != (size_t)(end - buf) + 4 ||
		    req.len > size)
			abort();
		if (strncmp(buf, "GET ", 4) && strncmp(buf, "HEAD ", 5) &&
		    !req.close)
			abort();
	} else if (end) {
		abort();
	}
	free(buf);
	return 0;
}
