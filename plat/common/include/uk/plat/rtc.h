/* Platform real-time clock: the wall-clock time the machine boots with. */
#ifndef UK_PLAT_RTC_H
#define UK_PLAT_RTC_H

#include <stdint.h>

/*
 * Reads the hardware real-time clock (x86_64: the CMOS RTC; arm64: the
 * PL031 of QEMU virt) as seconds since 1970-01-01T00:00:00Z; QEMU sets it
 * from the host's clock in UTC. Call from thread context; it takes a few
 * microseconds (x86_64 waits out an update in progress).
 * Returns 0, or -ENODEV when the platform has no such clock.
 */
int ukplat_rtc_read(int64_t *sec);

/*
 * The wall-clock time, in nanoseconds since the epoch, at monotonic time
 * mono (uk_sched_now) read just after the RTC's count was seen to change
 * to value: a lower bound, late by at most the time since the change.
 * arm64: the PL031 counts the host's own whole seconds, so the change is
 * the host's second edge, value exactly. x86_64: the CMOS clock counts
 * from the instant QEMU set it, which the host's time that the launcher
 * passes places (x86/rtc_phase.h). Returns 0, or -ENODATA when the
 * platform cannot place the RTC's changes on the host's clock (x86_64
 * without the launcher's time): watching for a change then gains nothing.
 */
int ukplat_rtc_edge(int64_t value, uint64_t mono, int64_t *ns);

#endif /* UK_PLAT_RTC_H */
