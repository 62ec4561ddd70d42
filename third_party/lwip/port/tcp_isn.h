/* SipHash-2-4, the keyed hash behind our TCP initial sequence numbers. */
#ifndef UK_LWIP_TCP_ISN_H
#define UK_LWIP_TCP_ISN_H

#include <stddef.h>
#include <stdint.h>

/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012) of len bytes at msg under
 * the 128-bit key (key[0] holds its first 8 bytes, little-endian).
 */
uint64_t uk_lwip_siphash24(const uint64_t key[2], const void *msg, size_t len);

/*
 * Fills buf with len random bytes for the key: the kernel's getrandom
 * handler in images (random_kernel.c), the host's in tests. Returns the
 * number of bytes or a negative errno.
 */
long uk_lwip_getrandom(void *buf, size_t len);

#endif /* UK_LWIP_TCP_ISN_H */
