/*
 * getrandom: a ChaCha20 generator with fast key erasure. Each call takes
 * a fresh key from the shared state (which is then replaced) and expands
 * it into the caller's buffer outside the lock.
 *
 * Seeding: when the CPU has a random instruction (RDRAND on x86_64, RNDR
 * on arm64 with FEAT_RNG), its output is mixed into the state on every
 * call. Without one, the seed comes from the low bits of monotonic-clock
 * readings around work of varying length (timer jitter). That fallback is
 * NOT unpredictable: under TCG or to an observer of the boot timing it can
 * be guessed. It makes sequences differ between boots and threads, which
 * is enough for hash seeds and the like, but not for secret keys. The
 * boot log says which source is in use.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/random.h>
#include <uk/plat/hwrng.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "chacha20.h"

/* Linux caps one getrandom call at 32 MiB - 1 bytes. */
#define RANDOM_MAX_CALL ((1 << 25) - 1)
#define RANDOM_JITTER_ROUNDS 256

struct random_state {
	uint32_t key[8];
	uint32_t nonce[3];
};

static struct random_state random_state;
static struct uk_spinlock random_lock = UK_SPINLOCK_INITIALIZER;
static bool random_seeded;
static bool random_hw;

/* XORs hardware random bits into the key; false without a hardware RNG. */
static bool random_mix_hw(struct random_state *s)
{
	uint64_t v;
	int i;

	for (i = 0; i < 4; i++) {
		if (ukplat_hwrng_u64(&v))
			return false;
		s->key[2 * i] ^= (uint32_t)v;
		s->key[2 * i + 1] ^= (uint32_t)(v >> 32);
	}
	return true;
}

/* The fallback: clock jitter folded into the key (see the top comment). */
static void random_mix_jitter(struct random_state *s)
{
	volatile uint32_t sink = 0;
	__nsec t;
	int i, j;

	for (i = 0; i < RANDOM_JITTER_ROUNDS; i++) {
		t = uk_sched_now();
		for (j = 0; j < (int)(t & 0x3f); j++)
			sink += j;
		s->key[i % 8] = (s->key[i % 8] << 5 | s->key[i % 8] >> 27) ^
				(uint32_t)t ^ (uint32_t)(t >> 32) ^ sink;
	}
}

/*
 * Replaces the state's key with fresh key-stream bytes and returns the
 * next 32 bytes as the caller's key; lock held.
 */
static void random_next_key(uint32_t out[8])
{
	uint8_t block[POSIX_CHACHA20_BLOCK];

	if (!random_seeded) {
		random_hw = random_mix_hw(&random_state);
		if (!random_hw)
			random_mix_jitter(&random_state);
		random_seeded = true;
		uk_pr_info("getrandom: seeded from %s\n",
			   random_hw ? "the CPU's RNG" : "timer jitter");
	} else if (random_hw) {
		random_mix_hw(&random_state);
	}
	posix_chacha20_block(random_state.key, 0, random_state.nonce, block);
	memcpy(random_state.key, block, 32);
	memcpy(out, block + 32, 32);
	/* Never the same (key, nonce) twice, even if a key repeated. */
	if (!++random_state.nonce[0])
		++random_state.nonce[1];
	memset(block, 0, sizeof(block));
}

/*
 * GRND_NONBLOCK and GRND_RANDOM change nothing (the generator never
 * blocks once seeded, which the first call does at once); GRND_INSECURE
 * is accepted as on Linux 5.6+.
 */
UK_SYSCALL_DEFINE(long, getrandom, long, buf, long, len, long, flags)
{
	static const uint32_t nonce[3];
	uint8_t block[POSIX_CHACHA20_BLOCK];
	uint8_t *out = (uint8_t *)buf;
	uint32_t key[8];
	size_t n, done = 0;
	uint32_t ctr = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_RANDOM) && (flags & GRND_INSECURE))
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	if (len > RANDOM_MAX_CALL)
		len = RANDOM_MAX_CALL;
	if (len && !out)
		return -EFAULT;
	uk_spin_lock(&random_lock);
	random_next_key(key);
	uk_spin_unlock(&random_lock);
	/* The call's key is used once: a zero nonce is safe here. */
	while (done < (size_t)len) {
		posix_chacha20_block(key, ctr++, nonce, block);
		n = (size_t)len - done < sizeof(block) ? (size_t)len - done :
							 sizeof(block);
		memcpy(out + done, block, n);
		done += n;
	}
	memset(key, 0, sizeof(key));
	memset(block, 0, sizeof(block));
	return (long)done;
}
