/*
 * lwIP's compiler and platform definitions for Tessera: C11 types from the
 * C library headers, diagnostics on the kernel console, a fast PRNG.
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stdint.h>
#include <sys/time.h>

/* Both targets (x86_64, arm64) and the host tests are little-endian. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* Character classes by lwIP's own macros: no locale-aware libc calls. */
#define LWIP_NO_CTYPE_H 1

/*
 * struct timeval (SO_RCVTIMEO, SO_SNDTIMEO) is the C library's: the C
 * library's <sys/select.h> defines it too, and both must not clash.
 */
#define LWIP_TIMEVAL_PRIVATE 0

/*
 * Prints lwIP's debug messages (LWIP_DEBUGF) and assertion reports; the
 * format is printf's, as far as core/print supports it.
 */
void uk_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reports a failed lwIP assertion and stops the machine. */
void uk_lwip_assert_fail(const char *msg, const char *file, int line)
	__attribute__((noreturn));

#define LWIP_PLATFORM_DIAG(x)                                                  \
	do {                                                                   \
		uk_lwip_diag x;                                                \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) uk_lwip_assert_fail(x, __FILE__, __LINE__)

/*
 * Random numbers for TCP initial sequence numbers, ephemeral ports, DHCP
 * transaction ids and IPv6 temporary identifiers: xorshift64*, seeded from
 * the monotonic clock on first use. Not cryptographic (neither is what
 * lwIP asks of it).
 */
uint32_t uk_lwip_rand(void);
#define LWIP_RAND() uk_lwip_rand()

#endif /* LWIP_ARCH_CC_H */
