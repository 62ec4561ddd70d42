/*
 * lwIP's operating-system layer on core/sched and core/lock: semaphores,
 * mutexes, mailboxes, threads, critical sections, time and memory.
 */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/plat/lcpu.h>
#include <uk/spinlock.h>
#include <uk/thread.h>

#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#define NSEC_PER_MSEC 1000000ULL

/* A mailbox of lwIP's default size when it asks for size 0. */
#define MBOX_DEFAULT_SIZE 32

struct uk_lwip_mbox {
	/* Taken with IRQs off: sys_mbox_trypost_fromisr may run in IRQs. */
	struct uk_spinlock lock;
	unsigned int head; /* index of the oldest message */
	unsigned int count; /* messages queued */
	unsigned int size; /* capacity */
	/*
	 * Freed by sys_mbox_free while threads wait in it (another thread
	 * shut the socket down): they return, and the last one frees it.
	 */
	bool freed;
	unsigned int users; /* threads waiting in fetch or post */
	struct uk_waitq readers; /* wait for count > 0 */
	struct uk_waitq writers; /* wait for count < size */
	void *msgs[];
};

/* lwip_init's first call. */
void sys_init(void)
{
	uk_lwip_sock_table_init();
}

u32_t sys_now(void)
{
	return (u32_t)(uk_sched_now() / NSEC_PER_MSEC);
}

/* Deadline for a timeout in ms, where 0 means none (lwIP's convention). */
static __nsec deadline_of(u32_t timeout_ms)
{
	return timeout_ms ? uk_sched_now() + timeout_ms * NSEC_PER_MSEC : 0;
}

/* Milliseconds since start, never SYS_ARCH_TIMEOUT. */
static u32_t elapsed_ms(__nsec start)
{
	__nsec ms = (uk_sched_now() - start) / NSEC_PER_MSEC;

	return ms >= SYS_ARCH_TIMEOUT ? SYS_ARCH_TIMEOUT - 1 : (u32_t)ms;
}

/* ---- Memory (MEM_LIBC_MALLOC) ---- */

void *uk_lwip_malloc(size_t size)
{
	return uk_malloc(uk_alloc_get_default(), size);
}

void *uk_lwip_calloc(size_t n, size_t size)
{
	return uk_calloc(uk_alloc_get_default(), n, size);
}

void uk_lwip_free(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

/* ---- Semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_semaphore_init(&sem->sem, count);
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	__nsec start = uk_sched_now();

	if (uk_semaphore_down_deadline(&sem->sem, deadline_of(timeout)) < 0)
		return SYS_ARCH_TIMEOUT;
	return elapsed_ms(start);
}

/* ---- Mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	uk_mutex_init(&mutex->mutex, false);
	mutex->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	int rc = uk_mutex_lock(&mutex->mutex);

	LWIP_ASSERT("sys_mutex_lock: mutex already held", rc == 0);
	LWIP_UNUSED_ARG(rc);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	int rc = uk_mutex_unlock(&mutex->mutex);

	LWIP_ASSERT("sys_mutex_unlock: mutex not held", rc == 0);
	LWIP_UNUSED_ARG(rc);
}

void uk_lwip_assert_core_locked(void)
{
	/* tcpip_init calls lwip_init before it creates the core lock. */
	if (lock_tcpip_core.valid && !uk_mutex_is_mine(&lock_tcpip_core.mutex))
		LWIP_PLATFORM_ASSERT("lwIP core called without the core lock");
}

/* ---- Mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	struct uk_lwip_mbox *mb;

	if (size <= 0)
		size = MBOX_DEFAULT_SIZE;
	mb = uk_lwip_calloc(1, sizeof(*mb) + (size_t)size * sizeof(void *));
	if (!mb)
		return ERR_MEM;
	uk_spin_init(&mb->lock);
	mb->size = (unsigned int)size;
	uk_waitq_init(&mb->readers);
	uk_waitq_init(&mb->writers);
	*mbox = mb;
	return ERR_OK;
}

/*
 * lwIP frees a mailbox that other threads may wait in when a socket is
 * shut down (or its listener closed) under a blocked accept or recv. As
 * lwIP's sys_arch contract asks, they are woken and fetch "closed"
 * (accept then fails with EINVAL, recv sees end of file); the last of
 * them frees the memory.
 */
void sys_mbox_free(sys_mbox_t *mbox)
{
	struct uk_lwip_mbox *mb = *mbox;
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool now;

	uk_spin_lock(&mb->lock);
	mb->freed = true;
	now = mb->users == 0;
	uk_spin_unlock(&mb->lock);
	ukplat_lcpu_restore_irqf(flags);
	*mbox = NULL;
	if (now) {
		uk_lwip_free(mb);
		return;
	}
	uk_waitq_wake_up(&mb->readers);
	uk_waitq_wake_up(&mb->writers);
}

/*
 * api_msg.c's marker message for ERR_CLSD: global in lwIP 2.1.3 but not
 * declared in a header.
 */
extern const u8_t netconn_closed;

/* A waiting thread enters (false: the mailbox is already freed). */
static bool mbox_enter(struct uk_lwip_mbox *mb)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool ok;

	uk_spin_lock(&mb->lock);
	ok = !mb->freed;
	if (ok)
		mb->users++;
	uk_spin_unlock(&mb->lock);
	ukplat_lcpu_restore_irqf(flags);
	return ok;
}

/* ...and leaves; the last to leave a freed mailbox frees it. */
static void mbox_leave(struct uk_lwip_mbox *mb)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool last;

	uk_spin_lock(&mb->lock);
	last = --mb->users == 0 && mb->freed;
	uk_spin_unlock(&mb->lock);
	ukplat_lcpu_restore_irqf(flags);
	if (last)
		uk_lwip_free(mb);
}

static bool mbox_freed(struct uk_lwip_mbox *mb)
{
	return __atomic_load_n(&mb->freed, __ATOMIC_ACQUIRE);
}

static bool mbox_put(struct uk_lwip_mbox *mb, void *msg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool done = false;

	uk_spin_lock(&mb->lock);
	if (mb->count < mb->size) {
		mb->msgs[(mb->head + mb->count) % mb->size] = msg;
		mb->count++;
		done = true;
	}
	uk_spin_unlock(&mb->lock);
	ukplat_lcpu_restore_irqf(flags);
	if (done)
		uk_waitq_wake_one(&mb->readers);
	return done;
}

static bool mbox_get(struct uk_lwip_mbox *mb, void **msg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool done = false;
	void *m = NULL;

	uk_spin_lock(&mb->lock);
	if (mb->count) {
		m = mb->msgs[mb->head];
		mb->head = (mb->head + 1) % mb->size;
		mb->count--;
		done = true;
	}
	uk_spin_unlock(&mb->lock);
	ukplat_lcpu_restore_irqf(flags);
	if (done) {
		if (msg)
			*msg = m;
		uk_waitq_wake_one(&mb->writers);
	}
	return done;
}

static unsigned int mbox_count(struct uk_lwip_mbox *mb)
{
	return __atomic_load_n(&mb->count, __ATOMIC_RELAXED);
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	struct uk_lwip_mbox *mb = *mbox;

	if (mbox_put(mb, msg) || !mbox_enter(mb))
		return;
	/*
	 * A woken writer may lose the free slot to another: try again. A
	 * message posted to a mailbox freed meanwhile is dropped, as it
	 * would have been by the drain before the free.
	 */
	while (!mbox_freed(mb) && !mbox_put(mb, msg))
		uk_waitq_wait_event(&mb->writers, mbox_count(mb) < mb->size ||
							  mbox_freed(mb));
	mbox_leave(mb);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	return mbox_put(*mbox, msg) ? ERR_OK : ERR_MEM;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	struct uk_lwip_mbox *mb = *mbox;
	__nsec start = uk_sched_now();
	__nsec deadline = deadline_of(timeout);
	u32_t ret = 0;

	if (mbox_get(mb, msg))
		return elapsed_ms(start);
	if (!mbox_enter(mb))
		goto freed;
	while (!mbox_get(mb, msg)) {
		if (mbox_freed(mb)) {
			mbox_leave(mb);
			goto freed;
		}
		/*
		 * A signal for the thread ends the wait as a timeout would:
		 * only netconn receives and accepts (posix threads) wait here
		 * besides the TCP/IP thread, and the socket glue turns that
		 * timeout into EINTR or a restart.
		 */
		if (uk_waitq_wait_event_deadline_intr(
			    &mb->readers, mbox_count(mb) || mbox_freed(mb),
			    deadline)) {
			ret = SYS_ARCH_TIMEOUT;
			break;
		}
	}
	mbox_leave(mb);
	return ret == SYS_ARCH_TIMEOUT ? ret : elapsed_ms(start);
freed:
	/*
	 * Only netconn mailboxes are freed under waiters; the ERR_CLSD marker
	 * is what lwIP itself queues when a connection closes.
	 */
	if (msg)
		*msg = (void *)&netconn_closed;
	return elapsed_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	return mbox_get(*mbox, msg) ? 0 : SYS_MBOX_EMPTY;
}

/* ---- Threads ---- */

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg,
			    int stacksize, int prio)
{
	struct uk_thread *t;

	LWIP_UNUSED_ARG(prio); /* core/sched has no priorities */
	t = uk_thread_create(name, thread, arg,
			     stacksize > 0 ? (size_t)stacksize : 0);
	/* lwIP has no way to report this: its callers would wait forever. */
	if (UK_PTRISERR(t))
		LWIP_PLATFORM_ASSERT("sys_thread_new: out of memory");
	/* lwIP never joins its threads. */
	uk_thread_detach(t);
	return t;
}

/* ---- Critical sections (SYS_ARCH_PROTECT) ---- */

/*
 * lwIP nests these; one lock for all, recursive for its owner thread.
 * IRQs stay off while it is held so that an IRQ handler on this CPU that
 * posts to a mailbox never spins on a lock its own CPU holds.
 */
static struct uk_spinlock protect_lock = UK_SPINLOCK_INITIALIZER;
static struct uk_thread *protect_owner;
static unsigned int protect_depth;

sys_prot_t sys_arch_protect(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct uk_thread *self = uk_thread_current();

	if (__atomic_load_n(&protect_owner, __ATOMIC_RELAXED) != self) {
		uk_spin_lock(&protect_lock);
		__atomic_store_n(&protect_owner, self, __ATOMIC_RELAXED);
	}
	protect_depth++;
	return flags;
}

void sys_arch_unprotect(sys_prot_t pval)
{
	if (--protect_depth == 0) {
		__atomic_store_n(&protect_owner, NULL, __ATOMIC_RELAXED);
		uk_spin_unlock(&protect_lock);
	}
	ukplat_lcpu_restore_irqf(pval);
}

/* ---- Random numbers (LWIP_RAND) ---- */

static uint64_t rand_state;

uint32_t uk_lwip_rand(void)
{
	uint64_t x = rand_state;

	if (!x) {
		/* Seed: the boot's timing differs run to run; never zero. */
		x = (uint64_t)uk_sched_now() * 0x9e3779b97f4a7c15ULL;
		if (!x)
			x = 0x9e3779b97f4a7c15ULL;
	}
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rand_state = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
}
