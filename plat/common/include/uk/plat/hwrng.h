/* The CPU's random number instruction, where the CPU has one. */
#ifndef UK_PLAT_HWRNG_H
#define UK_PLAT_HWRNG_H

#include <stdint.h>

/*
 * Stores 64 random bits from the CPU (x86_64: RDRAND; arm64: RNDR,
 * FEAT_RNG) in *v. Returns 0, -ENODEV if the CPU has no such instruction,
 * or -EIO if it kept failing (the entropy source was exhausted).
 */
int ukplat_hwrng_u64(uint64_t *v);

#endif /* UK_PLAT_HWRNG_H */
