// getrandom's ChaCha20 block function against RFC 8439's test vectors.
#include <cstdint>
#include <cstring>

#include "chacha20.h"
#include "gtest/gtest.h"

namespace {

// Words of a 32-byte key or 12-byte nonce given as bytes, little-endian.
void LoadWords(const uint8_t *bytes, uint32_t *words, int n)
{
	for (int i = 0; i < n; i++)
		words[i] = bytes[4 * i] | bytes[4 * i + 1] << 8 |
			   bytes[4 * i + 2] << 16 |
			   static_cast<uint32_t>(bytes[4 * i + 3]) << 24;
}

// RFC 8439, section 2.3.2: key 00 01 .. 1f, counter 1,
// nonce 00 00 00 09 00 00 00 4a 00 00 00 00.
TEST(ChaCha20, Rfc8439BlockFunction)
{
	uint8_t key_bytes[32];
	const uint8_t nonce_bytes[12] = { 0, 0,	   0, 0x09, 0, 0,
					  0, 0x4a, 0, 0,    0, 0 };
	const uint8_t expect[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f,
		0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7,
		0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4,
		0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09,
		0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12,
		0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8,
		0xa2, 0x50, 0x3c, 0x4e
	};
	uint32_t key[8], nonce[3];
	uint8_t out[POSIX_CHACHA20_BLOCK];

	for (int i = 0; i < 32; i++)
		key_bytes[i] = static_cast<uint8_t>(i);
	LoadWords(key_bytes, key, 8);
	LoadWords(nonce_bytes, nonce, 3);
	posix_chacha20_block(key, 1, nonce, out);
	EXPECT_EQ(0, memcmp(out, expect, sizeof(expect)));
}

// RFC 8439, appendix A.1, test vector #1: all-zero key, nonce, counter.
TEST(ChaCha20, Rfc8439ZeroKey)
{
	const uint8_t expect[16] = { 0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1,
				     0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5,
				     0x53, 0x86, 0xbd, 0x28 };
	const uint32_t key[8] = { 0 }, nonce[3] = { 0 };
	uint8_t out[POSIX_CHACHA20_BLOCK];

	posix_chacha20_block(key, 0, nonce, out);
	EXPECT_EQ(0, memcmp(out, expect, sizeof(expect)));
}

// The counter selects distinct blocks of the same stream.
TEST(ChaCha20, CounterChangesBlock)
{
	const uint32_t key[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, nonce[3] = { 9 };
	uint8_t a[POSIX_CHACHA20_BLOCK], b[POSIX_CHACHA20_BLOCK];

	posix_chacha20_block(key, 0, nonce, a);
	posix_chacha20_block(key, 1, nonce, b);
	EXPECT_NE(0, memcmp(a, b, sizeof(a)));
}

} // namespace
