/*
 * lwIP's operating-system types on core/sched and core/lock: semaphores,
 * mutexes, mailboxes and threads (see port/sys_arch.c).
 */
#ifndef LWIP_ARCH_SYS_ARCH_H
#define LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>

struct uk_thread;

/* A counting semaphore; valid between sys_sem_new and sys_sem_free. */
typedef struct {
	struct uk_semaphore sem;
	bool valid;
} sys_sem_t;

/* A non-recursive sleeping mutex (LOCK_TCPIP_CORE takes one). */
typedef struct {
	struct uk_mutex mutex;
	bool valid;
} sys_mutex_t;

/* A bounded FIFO of pointers, allocated by sys_mbox_new; NULL: invalid. */
struct uk_lwip_mbox;
typedef struct uk_lwip_mbox *sys_mbox_t;

typedef struct uk_thread *sys_thread_t;

/* IRQ flags saved by sys_arch_protect (SYS_ARCH_PROTECT). */
typedef unsigned long sys_prot_t;

#define sys_mbox_valid(mbox) (*(mbox) != NULL)
#define sys_mbox_set_invalid(mbox) (*(mbox) = NULL)
#define sys_sem_valid(s) ((s)->valid)
#define sys_sem_set_invalid(s) ((s)->valid = false)
#define sys_mutex_valid(m) ((m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = false)

#endif /* LWIP_ARCH_SYS_ARCH_H */
