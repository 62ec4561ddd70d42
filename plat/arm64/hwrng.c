/* arm64 hardware random numbers: RNDR (FEAT_RNG, Armv8.5). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/plat/hwrng.h>

/* Arm ARM D19.2: ID_AA64ISAR0_EL1.RNDR, bits [63:60], non-zero with RNDR. */
#define ID_AA64ISAR0_RNDR_SHIFT 60
#define RNDR_RETRIES 10

static bool hwrng_present(void)
{
	uint64_t isar0;

	__asm__ __volatile__("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> ID_AA64ISAR0_RNDR_SHIFT) & 0xf;
}

int ukplat_hwrng_u64(uint64_t *v)
{
	uint64_t ok;
	int i;

	if (!hwrng_present())
		return -ENODEV;
	for (i = 0; i < RNDR_RETRIES; i++) {
		/*
		 * RNDR is s3_3_c2_c4_0 (named so that assemblers without
		 * FEAT_RNG accept it). It sets NZCV to 0b0000 on success and
		 * 0b0100 (Z) when no random number was available in time.
		 */
		__asm__ __volatile__("mrs %0, s3_3_c2_c4_0\n\t"
				     "cset %1, ne"
				     : "=r"(*v), "=r"(ok)
				     :
				     : "cc");
		if (ok)
			return 0;
	}
	return -EIO;
}
