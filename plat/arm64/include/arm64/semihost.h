/* Arm semihosting calls (hlt #0xf000), answered by QEMU or a debugger. */
#ifndef ARM64_SEMIHOST_H
#define ARM64_SEMIHOST_H

#define SEMIHOST_SYS_WRITE0 0x04 /* NUL-terminated string to the console */
#define SEMIHOST_SYS_EXIT 0x18
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Performs semihosting operation op with parameter (usually a pointer to
 * a parameter block) and returns the host's answer. Without a semihosting
 * host the hlt is undefined: arm64_trap_handler() then returns -1.
 */
int64_t arm64_semihost_call(uint64_t op, uint64_t param);

/* Address of the hlt instruction inside arm64_semihost_call(). */
extern char arm64_semihost_trap[];
#endif /* !__ASSEMBLER__ */

#endif /* ARM64_SEMIHOST_H */
