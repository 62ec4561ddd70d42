/*
 * TCP initial sequence numbers as RFC 6528 asks: ISN = M + F(4-tuple),
 * with M a clock ticking every 4.096 us and F a keyed hash (SipHash-2-4)
 * of the local and remote addresses and ports under a secret drawn from
 * the kernel's getrandom at first use.
 *
 * lwIP's own ISNs are a counter any peer can predict, which lets an
 * off-path attacker inject segments into connections. The clock also
 * makes a new connection on a 4-tuple start above the sequence space of
 * the previous one, which is what lets a peer in TIME_WAIT accept it
 * (RFC 6191, patches/tcp_time_wait.patch).
 */
#include <string.h>
#include <uk/thread.h>

#include "lwip/ip_addr.h"
#include "lwip/sys.h"
#include "third_party/lwip/port/tcp_isn.h"

static uint64_t isn_key[2];
static int isn_keyed;

static uint64_t rotl64(uint64_t x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl64(v[1], 13) ^ v[0];
	v[0] = rotl64(v[0], 32);
	v[2] += v[3];
	v[3] = rotl64(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = rotl64(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = rotl64(v[1], 17) ^ v[2];
	v[2] = rotl64(v[2], 32);
}

static void sipblock(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

uint64_t uk_lwip_siphash24(const uint64_t key[2], const void *msg, size_t len)
{
	const uint8_t *p = msg;
	uint64_t v[4] = {
		key[0] ^ 0x736f6d6570736575ULL,
		key[1] ^ 0x646f72616e646f6dULL,
		key[0] ^ 0x6c7967656e657261ULL,
		key[1] ^ 0x7465646279746573ULL,
	};
	uint64_t last = (uint64_t)len << 56;
	size_t i, j;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t m = 0;

		for (j = 0; j < 8; j++)
			m |= (uint64_t)p[i + j] << (8 * j);
		sipblock(v, m);
	}
	for (j = 0; i + j < len; j++)
		last |= (uint64_t)p[i + j] << (8 * j);
	sipblock(v, last);
	v[2] ^= 0xff;
	for (j = 0; j < 4; j++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* Appends an address with its family, so v4 and v6 tuples never collide. */
static size_t put_addr(uint8_t *out, const ip_addr_t *a)
{
	if (IP_IS_V6(a)) {
		out[0] = 6;
		memcpy(out + 1, ip_2_ip6(a)->addr, 16);
		return 17;
	}
	out[0] = 4;
	memcpy(out + 1, &ip_2_ip4(a)->addr, 4);
	return 5;
}

/* Called by lwIP (LWIP_HOOK_TCP_ISN) with the core lock held. */
u32_t uk_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port,
		      const ip_addr_t *remote_ip, u16_t remote_port)
{
	uint8_t m[2 * 17 + 4];
	size_t n;

	if (!isn_keyed) {
		/*
		 * getrandom() says itself how strong its seed is (see the
		 * boot log); should it fail, lwIP's generator still keys
		 * the hash so that tuples differ.
		 */
		if (uk_lwip_getrandom(isn_key, sizeof(isn_key)) !=
		    (long)sizeof(isn_key)) {
			isn_key[0] =
				((uint64_t)LWIP_RAND() << 32) | LWIP_RAND();
			isn_key[1] =
				((uint64_t)LWIP_RAND() << 32) | LWIP_RAND();
		}
		isn_keyed = 1;
	}
	n = put_addr(m, local_ip);
	n += put_addr(m + n, remote_ip);
	memcpy(m + n, &local_port, 2);
	memcpy(m + n + 2, &remote_port, 2);
	n += 4;
	return (u32_t)((uint64_t)uk_sched_now() >> 12) +
	       (u32_t)uk_lwip_siphash24(isn_key, m, n);
}
