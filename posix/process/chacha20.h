/* The ChaCha20 block function (RFC 8439, section 2.3), for getrandom. */
#ifndef POSIX_PROCESS_CHACHA20_H
#define POSIX_PROCESS_CHACHA20_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POSIX_CHACHA20_BLOCK 64 /* bytes of key stream per block */

/*
 * Writes the 64-byte key-stream block number counter of (key, nonce) to
 * out, in RFC 8439's byte order (little-endian words).
 */
void posix_chacha20_block(const uint32_t key[8], uint32_t counter,
			  const uint32_t nonce[3],
			  uint8_t out[POSIX_CHACHA20_BLOCK]);

#ifdef __cplusplus
}
#endif

#endif /* POSIX_PROCESS_CHACHA20_H */
