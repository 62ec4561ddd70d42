/* httpepoll's request parser: bounded by the buffer, on any bytes. */
/* memmem is a GNU extension in musl. */
#define _GNU_SOURCE
#include <string.h>
#include <strings.h>

#include "images/httpepoll/request.h"

/* Whether the header block [h, end) has "name: value" (no case). */
static bool has_header(const char *h, const char *end, const char *name,
		       const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	const char *p = h;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > nl + 1 && !strncasecmp(p, name, nl) &&
		    p[nl] == ':') {
			const char *v = p + nl + 1;

			while (v < eol && *v == ' ')
				v++;
			if ((size_t)(eol - v) >= vl &&
			    !strncasecmp(v, value, vl))
				return true;
		}
		p = eol + 1;
	}
	return false;
}

bool httpepoll_request_parse(const char *buf, size_t len,
			     struct httpepoll_request *req)
{
	const char *end = len ? memmem(buf, len, "\r\n\r\n", 4) : NULL;
	bool get, head, http10;

	if (!end)
		return false;
	req->len = (size_t)(end - buf) + 4;
	get = req->len >= 4 && !strncmp(buf, "GET ", 4);
	head = req->len >= 5 && !strncmp(buf, "HEAD ", 5);
	req->get = !head;
	if (!get && !head) {
		req->close = true;
		return true;
	}
	http10 = memmem(buf, req->len, "HTTP/1.0", 8);
	req->close =
		has_header(buf, end, "Connection", "close") ||
		(http10 && !has_header(buf, end, "Connection", "keep-alive"));
	return true;
}
