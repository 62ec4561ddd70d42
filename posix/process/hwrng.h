/* The CPU's random number instruction, where the CPU has one. */
#ifndef POSIX_PROCESS_HWRNG_H
#define POSIX_PROCESS_HWRNG_H

#include <stdint.h>

/*
 * Stores 64 random bits from the CPU (x86_64: RDRAND; arm64: RNDR,
 * FEAT_RNG) in *v. Returns 0, -ENODEV if the CPU has no such instruction,
 * or -EIO if it kept failing (the entropy source was exhausted).
 */
int posix_hwrng_u64(uint64_t *v);

#endif /* POSIX_PROCESS_HWRNG_H */
