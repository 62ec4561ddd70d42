/* TSC measurement against a down-counting reference (include/x86/calib.h). */
#include <x86/calib.h>

void x86_calib_init(struct x86_calib *c, uint64_t ref_hz, uint32_t period,
		    uint64_t max_gap)
{
	*c = (struct x86_calib){
		.ref_hz = ref_hz,
		.period = period,
		.max_gap = max_gap,
	};
}

void x86_calib_add(struct x86_calib *c, uint32_t count, uint64_t tsc)
{
	uint32_t d;

	if (c->started && tsc - c->last_tsc <= c->max_gap) {
		/* A down-counter that reloaded in between went past 1. */
		d = c->last_count >= count ? c->last_count - count :
					     c->last_count + c->period - count;
		c->ref_sum += d;
		c->tsc_sum += tsc - c->last_tsc;
	} else if (c->started) {
		c->stalls++;
	}
	c->started = true;
	c->last_count = count;
	c->last_tsc = tsc;
}

uint64_t x86_calib_hz(const struct x86_calib *c)
{
	if (!c->ref_sum)
		return 0;
	/* No overflow: the counted pairs span seconds, not hours. */
	return c->tsc_sum * c->ref_hz / c->ref_sum;
}
