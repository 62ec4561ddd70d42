/* Placing the CMOS clock on the host's clock: see <x86/rtc_phase.h>. */
#include <errno.h>
#include <stdint.h>
#include <x86/rtc_phase.h>

#define NSEC_PER_SEC 1000000000LL

int x86_rtc_host_time_parse(const char *s, size_t len, int64_t *ns)
{
	int64_t v = 0;
	size_t i = 0;

	while (len && (s[len - 1] == '\0' || s[len - 1] == '\n'))
		len--;
	if (!len)
		return -EINVAL;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    v > (INT64_MAX - (s[i] - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	*ns = v;
	return 0;
}

int64_t x86_rtc_edge_ns(int64_t value, int64_t mono, int64_t host_ns)
{
	int64_t sec = host_ns / NSEC_PER_SEC;
	int64_t k = value - sec;

	/* T0 in the second before, taken at its end: T0 + k + 1 = value + 1. */
	if (k * NSEC_PER_SEC <= mono)
		return (value + 1) * NSEC_PER_SEC;
	return host_ns + k * NSEC_PER_SEC;
}
