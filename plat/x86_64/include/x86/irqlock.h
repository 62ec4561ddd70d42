/* A spinlock taken with IRQs disabled, for the platform's small tables. */
#ifndef X86_IRQLOCK_H
#define X86_IRQLOCK_H

#define X86_RFLAGS_IF (1UL << 9)

/*
 * Disables IRQs on this CPU, then spins until *lock is free and takes it.
 * Returns the previous RFLAGS for x86_irqlock_release(). Never call with
 * the same lock held on this CPU.
 */
static inline unsigned long x86_irqlock_acquire(volatile int *lock)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	return flags;
}

/* Releases *lock and restores the IRQ state saved by the acquire. */
static inline void x86_irqlock_release(volatile int *lock, unsigned long flags)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
	if (flags & X86_RFLAGS_IF)
		__asm__ __volatile__("sti" : : : "memory");
}

#endif /* X86_IRQLOCK_H */
