/* The ChaCha20 block function, written from RFC 8439, section 2.3. */
#include "chacha20.h"

#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

#define QUARTER_ROUND(x, a, b, c, d)                                           \
	do {                                                                   \
		x[a] += x[b];                                                  \
		x[d] ^= x[a];                                                  \
		x[d] = ROTL32(x[d], 16);                                       \
		x[c] += x[d];                                                  \
		x[b] ^= x[c];                                                  \
		x[b] = ROTL32(x[b], 12);                                       \
		x[a] += x[b];                                                  \
		x[d] ^= x[a];                                                  \
		x[d] = ROTL32(x[d], 8);                                        \
		x[c] += x[d];                                                  \
		x[b] ^= x[c];                                                  \
		x[b] = ROTL32(x[b], 7);                                        \
	} while (0)

void posix_chacha20_block(const uint32_t key[8], uint32_t counter,
			  const uint32_t nonce[3],
			  uint8_t out[POSIX_CHACHA20_BLOCK])
{
	/* "expand 32-byte k" */
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t x[16];
	int i;

	for (i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	in[13] = nonce[0];
	in[14] = nonce[1];
	in[15] = nonce[2];
	for (i = 0; i < 16; i++)
		x[i] = in[i];
	/* 20 rounds: 10 times a column round and a diagonal round. */
	for (i = 0; i < 10; i++) {
		QUARTER_ROUND(x, 0, 4, 8, 12);
		QUARTER_ROUND(x, 1, 5, 9, 13);
		QUARTER_ROUND(x, 2, 6, 10, 14);
		QUARTER_ROUND(x, 3, 7, 11, 15);
		QUARTER_ROUND(x, 0, 5, 10, 15);
		QUARTER_ROUND(x, 1, 6, 11, 12);
		QUARTER_ROUND(x, 2, 7, 8, 13);
		QUARTER_ROUND(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}
