/* httpepoll's request parser: where a request's head ends, what it asks. */
#ifndef HTTPEPOLL_REQUEST_H
#define HTTPEPOLL_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

struct httpepoll_request {
	/* Bytes of the head, its final blank line included. */
	size_t len;
	/* GET or unknown (a page), rather than HEAD (its headers only). */
	bool get;
	/* Close after answering: asked for, HTTP/1.0, or an unknown method. */
	bool close;
};

/*
 * Parses the request head at the start of buf[0..len-1] (any bytes).
 * Returns true and fills *req when the head is complete, false when more
 * bytes are needed. A method other than GET or HEAD is answered like a
 * GET and closes the connection.
 */
bool httpepoll_request_parse(const char *buf, size_t len,
			     struct httpepoll_request *req);

#endif /* HTTPEPOLL_REQUEST_H */
