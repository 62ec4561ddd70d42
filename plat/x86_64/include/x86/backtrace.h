/* Frame-pointer stack walk for crash reports. */
#ifndef X86_BACKTRACE_H
#define X86_BACKTRACE_H

#include <stdint.h>

/*
 * Follows the frame-pointer chain from rbp (each frame: saved rbp, then
 * the return address) and stores up to max return addresses in addrs.
 * Stops at a NULL, misaligned, unmapped or non-increasing frame pointer,
 * or a zero return address; never faults. Returns the number stored.
 */
unsigned int x86_backtrace(uintptr_t rbp, uintptr_t *addrs, unsigned int max);

#endif /* X86_BACKTRACE_H */
