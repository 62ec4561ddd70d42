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

#endif /* UK_PLAT_RTC_H */
