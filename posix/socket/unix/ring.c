/* The receive ring of AF_UNIX sockets (see ring.h). */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>

#include "posix/socket/unix/ring.h"

#define REC_ALIGN 16

_Static_assert(sizeof(struct posix_unix_rec) <= REC_ALIGN,
	       "a record header must fit its alignment");

void posix_unix_iov_init(struct posix_unix_iov *c, const struct iovec *iov,
			 int cnt)
{
	c->iov = iov;
	c->cnt = cnt;
	c->i = 0;
	c->off = 0;
}

size_t posix_unix_iov_left(const struct posix_unix_iov *c)
{
	size_t n = 0;
	int i;

	for (i = c->i; i < c->cnt; i++)
		n += c->iov[i].iov_len;
	return n - (c->i < c->cnt ? c->off : 0);
}

/* The contiguous bytes at c's position (skipping empty buffers). */
static size_t iov_span(struct posix_unix_iov *c, char **p)
{
	while (c->i < c->cnt && c->off == c->iov[c->i].iov_len) {
		c->i++;
		c->off = 0;
	}
	if (c->i == c->cnt)
		return 0;
	*p = (char *)c->iov[c->i].iov_base + c->off;
	return c->iov[c->i].iov_len - c->off;
}

void posix_unix_iov_copy(struct posix_unix_iov *dst, struct posix_unix_iov *src,
			 size_t n)
{
	char *d, *s;
	size_t k;

	while (n) {
		k = UK_MIN(UK_MIN(iov_span(dst, &d), iov_span(src, &s)), n);
		memcpy(d, s, k);
		dst->off += k;
		src->off += k;
		n -= k;
	}
}

/* Copies n bytes between the ring at byte pos and c (to_ring: into it). */
static void ring_copy(const struct posix_unix_ring *r, size_t pos,
		      struct posix_unix_iov *c, size_t n, int to_ring)
{
	size_t at, k;
	char *p;

	while (n) {
		at = pos & (r->size - 1);
		k = UK_MIN(UK_MIN(iov_span(c, &p), r->size - at), n);
		if (to_ring)
			memcpy(r->buf + at, p, k);
		else
			memcpy(p, r->buf + at, k);
		c->off += k;
		pos += k;
		n -= k;
	}
}

int posix_unix_ring_resize(struct posix_unix_ring *r, size_t size)
{
	char *buf = NULL;

	if (size) {
		buf = uk_malloc(uk_alloc_get_default(), size);
		if (!buf)
			return -ENOMEM;
	}
	uk_free(uk_alloc_get_default(), r->buf);
	r->buf = buf;
	r->size = size;
	r->head = 0;
	r->tail = 0;
	return 0;
}

size_t posix_unix_ring_footprint(size_t len)
{
	return REC_ALIGN + UK_ALIGN_UP(len, REC_ALIGN);
}

size_t posix_unix_ring_room(const struct posix_unix_ring *r)
{
	size_t free = r->size - (r->tail - r->head);

	return free > REC_ALIGN ? free - REC_ALIGN : 0;
}

void posix_unix_ring_put(struct posix_unix_ring *r, struct posix_unix_iov *src,
			 size_t len, void *anc)
{
	struct posix_unix_rec *h = (void *)(r->buf + (r->tail & (r->size - 1)));

	h->len = (uint32_t)len;
	h->off = 0;
	h->anc = anc;
	ring_copy(r, r->tail + REC_ALIGN, src, len, 1);
	r->tail += posix_unix_ring_footprint(len);
	r->bytes += len;
	r->records++;
}

struct posix_unix_rec *posix_unix_ring_rec(struct posix_unix_ring *r,
					   size_t pos)
{
	if (pos == r->tail)
		return NULL;
	return (void *)(r->buf + (pos & (r->size - 1)));
}

size_t posix_unix_ring_next(const struct posix_unix_ring *r, size_t pos)
{
	const struct posix_unix_rec *h =
		(const void *)(r->buf + (pos & (r->size - 1)));

	return pos + posix_unix_ring_footprint(h->len);
}

void posix_unix_ring_read(const struct posix_unix_ring *r, size_t pos,
			  size_t off, struct posix_unix_iov *dst, size_t n)
{
	ring_copy(r, pos + REC_ALIGN + off, dst, n, 0);
}

void *posix_unix_ring_consume(struct posix_unix_ring *r, size_t n)
{
	struct posix_unix_rec *h = posix_unix_ring_rec(r, r->head);
	void *anc;

	h->off += (uint32_t)n;
	r->bytes -= n;
	if (h->off < h->len)
		return NULL;
	anc = h->anc;
	r->head = posix_unix_ring_next(r, r->head);
	r->records--;
	return anc;
}
