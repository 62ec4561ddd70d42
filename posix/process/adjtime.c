/*
 * adjtimex and clock_adjtime on CLOCK_REALTIME. The clock is not
 * disciplined (no NTP kernel loop), so a read (modes 0, or
 * ADJ_OFFSET_SS_READ) reports TIME_OK with no offset or frequency
 * correction and the current time; ADJ_SETOFFSET steps the clock through
 * clock_settime; the slewing modes (offset, frequency, status, ...) give
 * EPERM, as for a caller without CAP_SYS_TIME.
 */
#include <errno.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>
#include <uk/syscall.h>
#include "process_impl.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_USEC 1000L
/* Linux's defaults: USER_HZ 100, 500 ppm << 16, NTP_PHASE_LIMIT (us). */
#define TIMEX_TICK_US 10000L
#define TIMEX_TOLERANCE 32768000L
#define TIMEX_ERROR_US 16000000L
#define TIMEX_CONSTANT 2L
/* The mode adjtime(3) reads the remaining offset with. */
#define TIMEX_SS_READ 0xa001u

static int timex_step(const struct timex *tx)
{
	long frac = tx->time.tv_usec;
	struct timespec now;
	long long ns;
	int ret;

	if (!(tx->modes & ADJ_NANO))
		frac *= NSEC_PER_USEC;
	if (frac < 0 || frac >= NSEC_PER_SEC)
		return -EINVAL;
	ret = (int)uk_sys_clock_gettime(CLOCK_REALTIME, (long)&now);
	if (ret)
		return ret;
	ns = now.tv_nsec + frac;
	now.tv_sec += tx->time.tv_sec + ns / NSEC_PER_SEC;
	now.tv_nsec = ns % NSEC_PER_SEC;
	return (int)uk_sys_clock_settime(CLOCK_REALTIME, (long)&now);
}

static int timex_read(struct timex *tx)
{
	unsigned int modes = tx->modes;
	struct timespec now;
	int ret;

	if (modes == ADJ_SETOFFSET || modes == (ADJ_SETOFFSET | ADJ_NANO)) {
		ret = timex_step(tx);
		if (ret)
			return ret;
	} else if (modes && modes != TIMEX_SS_READ) {
		return -EPERM;
	}
	ret = (int)uk_sys_clock_gettime(CLOCK_REALTIME, (long)&now);
	if (ret)
		return ret;
	memset(tx, 0, sizeof(*tx));
	tx->modes = modes;
	tx->maxerror = TIMEX_ERROR_US;
	tx->esterror = TIMEX_ERROR_US;
	tx->constant = TIMEX_CONSTANT;
	tx->precision = 1;
	tx->tolerance = TIMEX_TOLERANCE;
	tx->tick = TIMEX_TICK_US;
	tx->time.tv_sec = now.tv_sec;
	tx->time.tv_usec = now.tv_nsec / NSEC_PER_USEC;
	return TIME_OK;
}

UK_SYSCALL_DEFINE(int, adjtimex, struct timex *, tx)
{
	if (!tx)
		return -EFAULT;
	return timex_read(tx);
}

/*
 * CLOCK_REALTIME only: the other clocks cannot be adjusted (EOPNOTSUPP,
 * as Linux), an unknown one is EINVAL.
 */
UK_SYSCALL_DEFINE(int, clock_adjtime, clockid_t, clk, struct timex *, tx)
{
	struct timespec res;

	if (clk == CLOCK_REALTIME)
		return uk_sys_adjtimex(tx);
	if (uk_sys_clock_getres(clk, (long)&res))
		return -EINVAL;
	return -EOPNOTSUPP;
}
