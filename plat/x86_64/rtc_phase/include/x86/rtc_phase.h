/*
 * QEMU's CMOS clock (hw/rtc/mc146818rtc.c) starts at the host's whole
 * second floor(T0) at the instant T0 when QEMU creates it, and counts
 * seconds from that instant: its count changes at T0 + k, to floor(T0) + k.
 * The count alone cannot tell T0's fraction of a second. The launcher
 * (tools/qemu_run.sh) passes the host's time U just after T0 in fw_cfg
 * file X86_RTC_HOST_TIME_FILE (decimal nanoseconds since the epoch): QEMU
 * reads fw_cfg files after creating the machine's devices, and the file is
 * a FIFO whose writer takes the time when QEMU opens it.
 */
#ifndef X86_RTC_PHASE_H
#define X86_RTC_PHASE_H

#include <stddef.h>
#include <stdint.h>

#define X86_RTC_HOST_TIME_FILE "opt/tessera/host_time_ns"

/*
 * Parses the fw_cfg file's text, len bytes (decimal digits, optionally
 * ending in a newline or NULs), into *ns. Returns 0, or -EINVAL.
 */
int x86_rtc_host_time_parse(const char *s, size_t len, int64_t *ns);

/*
 * The wall-clock time in ns when the CMOS count became value, at mono ns
 * of the guest's monotonic clock, given the launcher's time host_ns = U.
 * T0 is in U's second or the one before; the count has run k = value -
 * floor(T0) seconds since T0, and the guest's monotonic clock started
 * between T0 and a second after it, so k <= mono + 1 s: T0 is in the
 * second before exactly when k = value - floor(U) + 1 also satisfies that
 * (the monotonic clock would otherwise have started a second or more
 * after T0, or before T0 when the read came late). The result takes T0 as
 * late as it can be (U, or U's whole second), so it is never behind the
 * host's clock and at most U - T0 ahead.
 */
int64_t x86_rtc_edge_ns(int64_t value, int64_t mono, int64_t host_ns);

#endif /* X86_RTC_PHASE_H */
