// uk_spinlock: mutual exclusion under real threads, trylock semantics.
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <uk/spinlock.h>

TEST(Spinlock, TrylockFailsWhileHeld)
{
	struct uk_spinlock l = UK_SPINLOCK_INITIALIZER;

	EXPECT_FALSE(uk_spin_is_locked(&l));
	EXPECT_TRUE(uk_spin_trylock(&l));
	EXPECT_TRUE(uk_spin_is_locked(&l));
	EXPECT_FALSE(uk_spin_trylock(&l));
	uk_spin_unlock(&l);
	EXPECT_FALSE(uk_spin_is_locked(&l));
	uk_spin_lock(&l);
	EXPECT_FALSE(uk_spin_trylock(&l));
	uk_spin_unlock(&l);
	uk_spin_init(&l);
	EXPECT_TRUE(uk_spin_trylock(&l));
	uk_spin_unlock(&l);
}

TEST(Spinlock, CountsExactlyUnderContention)
{
	constexpr int kThreads = 4, kIters = 200000;
	struct uk_spinlock l;
	// Two words updated non-atomically: torn updates show as a mismatch.
	volatile unsigned long a = 0, b = 0;
	std::vector<std::thread> ts;

	uk_spin_init(&l);
	for (int t = 0; t < kThreads; t++) {
		ts.emplace_back([&] {
			for (int i = 0; i < kIters; i++) {
				if (i % 2)
					uk_spin_lock(&l);
				else
					while (!uk_spin_trylock(&l))
						;
				unsigned long v = a;
				b = b + 1;
				a = v + 1;
				uk_spin_unlock(&l);
			}
		});
	}
	for (auto &t : ts)
		t.join();
	EXPECT_EQ(a, static_cast<unsigned long>(kThreads) * kIters);
	EXPECT_EQ(b, a);
}
