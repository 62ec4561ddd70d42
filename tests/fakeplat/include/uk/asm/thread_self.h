/* Fake platform: no current-thread word, so core/sched takes its slow path. */
#ifndef UK_ASM_THREAD_SELF_H
#define UK_ASM_THREAD_SELF_H

#include <stddef.h>

static inline void *ukarch_thread_self(void)
{
	return NULL;
}

static inline void ukarch_thread_self_set(void *t)
{
	(void)t;
}

#endif /* UK_ASM_THREAD_SELF_H */
