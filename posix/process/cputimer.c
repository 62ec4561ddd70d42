/* CPU-time timer arithmetic (cputimer.h). */
#include "cputimer.h"

uint64_t posix_cputimer_expire(uint64_t *deadline, uint64_t interval,
			       uint64_t now)
{
	uint64_t n;

	if (!*deadline || now < *deadline)
		return 0;
	if (!interval) {
		*deadline = 0;
		return 1;
	}
	n = 1 + (now - *deadline) / interval;
	*deadline += n * interval;
	return n;
}

uint64_t posix_cputimer_poll_delay(uint64_t left, unsigned int ncpus,
				   uint64_t floor, uint64_t cap)
{
	uint64_t d = left / (ncpus ? ncpus : 1);

	if (d < floor)
		d = left < floor ? left : floor;
	return d < cap ? d : cap;
}

int posix_cpuclock_decode(long clk, int *id, bool *perthread)
{
	if (clk >= 0 || (clk & 3) == 3)
		return -EINVAL;
	*id = (int)~(clk >> 3);
	*perthread = clk & 4;
	return 0;
}
