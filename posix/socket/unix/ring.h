/*
 * The receive ring of an AF_UNIX socket: a power-of-two byte ring of
 * records, one per send. A record is a 16-byte header (its length, how much
 * of it was read, and the sender's ancillary data) and its bytes, padded
 * to 16 so that headers never wrap; the bytes may. Streams read records in
 * parts, datagrams and sequenced packets whole.
 */
#ifndef POSIX_SOCKET_UNIX_RING_H
#define POSIX_SOCKET_UNIX_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct posix_unix_rec {
	uint32_t len; /* bytes */
	uint32_t off; /* bytes already read (streams) */
	void *anc; /* the sender's ancillary data, or NULL */
};

struct posix_unix_ring {
	char *buf;
	size_t size; /* bytes, a power of two (0: not allocated yet) */
	size_t head; /* where the first record starts (free-running) */
	size_t tail; /* where the next record goes (free-running) */
	size_t bytes; /* unread payload bytes of all records */
	size_t records; /* records held */
};

/* A position in an iovec array, advanced as bytes are copied. */
struct posix_unix_iov {
	const struct iovec *iov;
	int cnt;
	int i; /* the buffer at hand */
	size_t off; /* bytes used of it */
};

void posix_unix_iov_init(struct posix_unix_iov *c, const struct iovec *iov,
			 int cnt);

/* Bytes left from c's position to the end of its buffers. */
size_t posix_unix_iov_left(const struct posix_unix_iov *c);

/* Copies n bytes (no more than either has left) from src to dst. */
void posix_unix_iov_copy(struct posix_unix_iov *dst, struct posix_unix_iov *src,
			 size_t n);

/*
 * Allocates r's buffer of size bytes (a power of two, at least 32), or
 * frees it for size 0; the ring must be empty. Returns 0 or -ENOMEM.
 */
int posix_unix_ring_resize(struct posix_unix_ring *r, size_t size);

/* The largest record r can take now (0 if none). */
size_t posix_unix_ring_room(const struct posix_unix_ring *r);

/* Bytes a record of len bytes takes in the ring. */
size_t posix_unix_ring_footprint(size_t len);

/*
 * Appends a record of len <= posix_unix_ring_room(r) bytes taken from src,
 * with ancillary data anc.
 */
void posix_unix_ring_put(struct posix_unix_ring *r, struct posix_unix_iov *src,
			 size_t len, void *anc);

/*
 * The record at position pos, the first being at r->head, or NULL past
 * the last. posix_unix_ring_next gives the position after it.
 */
struct posix_unix_rec *posix_unix_ring_rec(struct posix_unix_ring *r,
					   size_t pos);
size_t posix_unix_ring_next(const struct posix_unix_ring *r, size_t pos);

/*
 * Copies n bytes of the record at pos, from its byte off (counted from
 * the record's start, read or not), to dst.
 */
void posix_unix_ring_read(const struct posix_unix_ring *r, size_t pos,
			  size_t off, struct posix_unix_iov *dst, size_t n);

/*
 * Marks n more bytes of the first record read; a record read to its end
 * leaves the ring. Returns the record's ancillary data if it left, else
 * NULL (the caller frees what it holds).
 */
void *posix_unix_ring_consume(struct posix_unix_ring *r, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* POSIX_SOCKET_UNIX_RING_H */
