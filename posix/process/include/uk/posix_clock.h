/* The POSIX clocks of posix/process, for timers in other libraries. */
#ifndef UK_POSIX_CLOCK_H
#define UK_POSIX_CLOCK_H

#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Converts a time t (ns) of clock clk (CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_BOOTTIME, CLOCK_TAI, the alarm clocks, CLOCK_PROCESS_CPUTIME_ID)
 * to the monotonic timeline (nanoseconds of ukplat_monotonic_clock()),
 * clamped at 0. Returns 0, or -EINVAL for a clock that cannot time a
 * sleep.
 */
int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono);

#ifdef __cplusplus
}
#endif

#endif /* UK_POSIX_CLOCK_H */
