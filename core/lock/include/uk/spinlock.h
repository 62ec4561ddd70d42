/* SMP-safe spinlocks: test-and-test-and-set on C11-style __atomic builtins. */
#ifndef UK_SPINLOCK_H
#define UK_SPINLOCK_H

#include <stdbool.h>
#include <uk/cpu_relax.h>
#include <uk/plat/lcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Test-and-test-and-set rather than a ticket lock: waiters spin on a plain
 * load (the cache line stays shared until the holder releases it), and
 * whichever CPU runs when the lock is released takes it. A ticket lock hands
 * the lock to one chosen waiter; when that waiter's vCPU (a host thread under
 * QEMU/KVM, or a std::thread in host tests) is descheduled, every other CPU
 * waits for it too (lock-waiter preemption). Our critical sections are
 * short, so unfairness does not matter in practice.
 *
 * These locks do not disable IRQs: code that shares data with an IRQ handler
 * (or that must not be preempted while holding one) takes it with
 * uk_spin_lock_irqsave() below.
 */
struct uk_spinlock {
	unsigned int locked; /* 0: free, 1: held */
};

#define UK_SPINLOCK_INITIALIZER { 0 }

/* Initialises l as unlocked. */
static inline void uk_spin_init(struct uk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELAXED);
}

/*
 * Tries to take l once. Returns true with l held (acquire ordering), false
 * if another CPU holds it. Never blocks.
 */
static inline bool uk_spin_trylock(struct uk_spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) == 0 &&
	       !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

/*
 * Takes l, spinning until it is free. Not recursive: taking a lock the
 * caller already holds spins forever.
 */
static inline void uk_spin_lock(struct uk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			uk_cpu_relax();
	}
}

/* Releases l (release ordering). Precondition: the caller holds l. */
static inline void uk_spin_unlock(struct uk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Disables IRQs on the calling CPU, then takes l; returns the IRQ state. */
static inline unsigned long uk_spin_lock_irqsave(struct uk_spinlock *l)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_spin_lock(l);
	return flags;
}

/* Releases l, then restores the IRQ state uk_spin_lock_irqsave() gave. */
static inline void uk_spin_unlock_irqrestore(struct uk_spinlock *l,
					     unsigned long flags)
{
	uk_spin_unlock(l);
	ukplat_lcpu_restore_irqf(flags);
}

/* Whether some CPU holds l; only meaningful for assertions. */
static inline bool uk_spin_is_locked(struct uk_spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* UK_SPINLOCK_H */
