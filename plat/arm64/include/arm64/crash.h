/* Crash report settings that the platform fills in at boot. */
#ifndef ARM64_CRASH_H
#define ARM64_CRASH_H

#include <stdint.h>

/*
 * Declares [lo, hi) as RAM in which a backtrace may follow frame
 * pointers (the kernel image is always allowed). Until it is called,
 * backtraces stay inside the image (boot, exception stacks, .bss).
 */
void arm64_crash_set_ram(uintptr_t lo, uintptr_t hi);

#endif /* ARM64_CRASH_H */
