/* PSCI (Arm DEN 0022) calls through the conduit the device tree names. */
#ifndef ARM64_PSCI_H
#define ARM64_PSCI_H

#include <stdint.h>

#define PSCI_FN_SYSTEM_OFF 0x84000008U
#define PSCI_FN_CPU_ON 0xc4000003U /* SMC64: target MPIDR, entry, context */

/* PSCI return codes (DEN 0022, 5.2.2). */
#define PSCI_RET_SUCCESS 0
#define PSCI_RET_INVALID_PARAMS -2
#define PSCI_RET_ALREADY_ON -4
#define PSCI_RET_ON_PENDING -5

/*
 * Picks the conduit from the /psci "method" property of the device tree
 * at fdt ("hvc" or "smc"); keeps hvc when fdt is NULL or has none.
 */
void arm64_psci_init(const void *fdt);

/* Issues PSCI function fid with up to three arguments; returns x0. */
int64_t arm64_psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif /* ARM64_PSCI_H */
