/*
 * Timers with callbacks: a deadline on the monotonic clock, an optional
 * period, and a function called with the number of expirations that
 * passed. One kernel thread ("timers"), started when the first timer is
 * armed, sleeps until the earliest deadline and calls the functions.
 */
#ifndef UK_TIMER_H
#define UK_TIMER_H

#include <stdint.h>
#include <uk/essentials.h>
#include <uk/list.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_timer;

/*
 * Called for n (>= 1) expirations of t, on the timer thread or in
 * uk_timer_expire()/uk_timer_remaining(), with the timers' spinlock held:
 * it must not block nor call the uk_timer functions. It may wake threads.
 */
typedef void (*uk_timer_fn)(struct uk_timer *t, uint64_t n);

struct uk_timer {
	/* Private to the timer code. */
	__nsec next; /* next expiration, 0: disarmed */
	__nsec interval; /* period, 0: one-shot */
	uk_timer_fn fn;
	struct uk_list_head node;
};

/* Prepares a disarmed timer that calls fn. */
void uk_timer_init(struct uk_timer *t, uk_timer_fn fn);

/*
 * Arms t to expire at deadline (monotonic ns; a time already past
 * expires at once), then every interval ns unless it is 0, replacing any
 * earlier setting. Returns 0, or -ENOMEM if the timer thread could not be
 * started.
 */
int uk_timer_arm(struct uk_timer *t, __nsec deadline, __nsec interval);

/*
 * From t's own callback only (the timers' lock is held): arms t again,
 * once, to expire at deadline.
 */
void uk_timer_rearm_locked(struct uk_timer *t, __nsec deadline);

/*
 * Disarms t. Once it returns, fn is not running for t and will not be
 * called again until t is armed: t may be freed.
 */
void uk_timer_disarm(struct uk_timer *t);

/* Calls fn for the expirations of t that are due, if any. */
void uk_timer_expire(struct uk_timer *t);

/*
 * Time until the next expiration of t (0: disarmed), after the due
 * expirations were reported; its period in *interval if not NULL.
 */
__nsec uk_timer_remaining(struct uk_timer *t, __nsec *interval);

#ifdef __cplusplus
}
#endif

#endif /* UK_TIMER_H */
