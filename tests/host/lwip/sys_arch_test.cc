// Host tests of lwIP's OS layer (third_party/lwip/port/sys_arch.c) on the
// fake platform: mailbox, semaphore and thread semantics lwIP relies on.
#include <gtest/gtest.h>

#include <cstdlib>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/plat/lcpu.h>
#include <uk/thread.h>

#include "lwip/sys.h"
}

namespace {

constexpr size_t kArena = 16 << 20;
constexpr __nsec kMs = 1000000;

class SysArchTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
	}
};

int a_msg, b_msg, c_msg;

TEST_F(SysArchTest, MboxIsBoundedFifo)
{
	sys_mbox_t mb;
	void *m = nullptr;

	ASSERT_EQ(sys_mbox_new(&mb, 2), ERR_OK);
	EXPECT_TRUE(sys_mbox_valid(&mb));
	EXPECT_EQ(sys_mbox_trypost(&mb, &a_msg), ERR_OK);
	EXPECT_EQ(sys_mbox_trypost_fromisr(&mb, &b_msg), ERR_OK);
	EXPECT_EQ(sys_mbox_trypost(&mb, &c_msg), ERR_MEM);
	EXPECT_EQ(sys_arch_mbox_tryfetch(&mb, &m), 0u);
	EXPECT_EQ(m, &a_msg);
	EXPECT_EQ(sys_arch_mbox_tryfetch(&mb, &m), 0u);
	EXPECT_EQ(m, &b_msg);
	EXPECT_EQ(sys_arch_mbox_tryfetch(&mb, &m), (u32_t)SYS_MBOX_EMPTY);
	/* Wrap around the ring. */
	EXPECT_EQ(sys_mbox_trypost(&mb, &c_msg), ERR_OK);
	EXPECT_EQ(sys_arch_mbox_fetch(&mb, &m, 0), 0u);
	EXPECT_EQ(m, &c_msg);
	sys_mbox_free(&mb);
	EXPECT_FALSE(sys_mbox_valid(&mb));
}

TEST_F(SysArchTest, MboxFetchTimesOut)
{
	sys_mbox_t mb;
	void *m = &a_msg;

	ASSERT_EQ(sys_mbox_new(&mb, 4), ERR_OK);
	__nsec start = fakeplat_now;
	EXPECT_EQ(sys_arch_mbox_fetch(&mb, &m, 30), (u32_t)SYS_ARCH_TIMEOUT);
	EXPECT_GE(fakeplat_now - start, 30 * kMs);
	EXPECT_EQ(m, &a_msg); // untouched
	sys_mbox_free(&mb);
}

struct PostLater {
	sys_mbox_t *mb;
	void *msg;
	__nsec delay;
	bool done;
};

static void post_later(void *arg)
{
	auto *p = static_cast<PostLater *>(arg);

	uk_sched_sleep_ns(p->delay);
	sys_mbox_post(p->mb, p->msg);
	p->done = true;
}

TEST_F(SysArchTest, MboxFetchWaitsForPostAndReportsWait)
{
	sys_mbox_t mb;
	void *m = nullptr;

	ASSERT_EQ(sys_mbox_new(&mb, 4), ERR_OK);
	PostLater p{ &mb, &b_msg, 10 * kMs, false };
	uk_thread *t = uk_thread_create("poster", post_later, &p, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	u32_t waited = sys_arch_mbox_fetch(&mb, &m, 1000);
	EXPECT_EQ(m, &b_msg);
	EXPECT_GE(waited, 10u);
	EXPECT_LT(waited, 1000u);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	sys_mbox_free(&mb);
}

TEST_F(SysArchTest, MboxPostBlocksWhileFull)
{
	sys_mbox_t mb;
	void *m = nullptr;

	ASSERT_EQ(sys_mbox_new(&mb, 1), ERR_OK);
	sys_mbox_post(&mb, &a_msg);
	PostLater p{ &mb, &b_msg, 0, false };
	uk_thread *t = uk_thread_create("poster", post_later, &p, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	uk_sched_yield();
	uk_sched_yield();
	EXPECT_FALSE(p.done); // the mailbox is full: the poster waits
	EXPECT_EQ(sys_arch_mbox_fetch(&mb, &m, 0), 0u);
	EXPECT_EQ(m, &a_msg);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_TRUE(p.done);
	EXPECT_EQ(sys_arch_mbox_tryfetch(&mb, &m), 0u);
	EXPECT_EQ(m, &b_msg);
	sys_mbox_free(&mb);
}

static void signal_later(void *arg)
{
	uk_sched_sleep_ns(20 * kMs);
	sys_sem_signal(static_cast<sys_sem_t *>(arg));
}

TEST_F(SysArchTest, SemaphoreTimeoutAndSignal)
{
	sys_sem_t sem;

	ASSERT_EQ(sys_sem_new(&sem, 1), ERR_OK);
	EXPECT_TRUE(sys_sem_valid(&sem));
	EXPECT_NE(sys_arch_sem_wait(&sem, 5), (u32_t)SYS_ARCH_TIMEOUT);
	__nsec start = fakeplat_now;
	EXPECT_EQ(sys_arch_sem_wait(&sem, 5), (u32_t)SYS_ARCH_TIMEOUT);
	EXPECT_GE(fakeplat_now - start, 5 * kMs);
	uk_thread *t = uk_thread_create("signal", signal_later, &sem, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	u32_t waited = sys_arch_sem_wait(&sem, 0);
	EXPECT_NE(waited, (u32_t)SYS_ARCH_TIMEOUT);
	EXPECT_GE(waited, 20u);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	sys_sem_free(&sem);
	EXPECT_FALSE(sys_sem_valid(&sem));
}

TEST_F(SysArchTest, MutexExcludes)
{
	sys_mutex_t mu;

	ASSERT_EQ(sys_mutex_new(&mu), ERR_OK);
	EXPECT_TRUE(sys_mutex_valid(&mu));
	sys_mutex_lock(&mu);
	EXPECT_TRUE(uk_mutex_is_mine(&mu.mutex));
	sys_mutex_unlock(&mu);
	EXPECT_FALSE(uk_mutex_is_mine(&mu.mutex));
	sys_mutex_free(&mu);
	EXPECT_FALSE(sys_mutex_valid(&mu));
}

TEST_F(SysArchTest, SysNowFollowsMonotonicClock)
{
	u32_t before = sys_now();

	uk_sched_sleep_ns(42 * kMs);
	EXPECT_EQ(sys_now() - before, 42u);
}

static void set_flag(void *arg)
{
	*static_cast<int *>(arg) = 1;
}

TEST_F(SysArchTest, ThreadNewRunsDetached)
{
	int ran = 0;

	sys_thread_t t = sys_thread_new("t", set_flag, &ran, 0, 0);
	ASSERT_NE(t, nullptr);
	uk_sched_yield();
	EXPECT_EQ(ran, 1);
}

TEST_F(SysArchTest, ProtectNestsAndRestoresIrqState)
{
	unsigned long outer = ukplat_lcpu_save_irqf();
	ukplat_lcpu_restore_irqf(outer);

	sys_prot_t a = sys_arch_protect();
	sys_prot_t b = sys_arch_protect();
	sys_arch_unprotect(b);
	sys_arch_unprotect(a);
	// IRQs are back as they were before the outer protect.
	unsigned long now = ukplat_lcpu_save_irqf();
	EXPECT_EQ(now, outer);
	ukplat_lcpu_restore_irqf(now);
}

TEST_F(SysArchTest, RandVaries)
{
	u32_t a = LWIP_RAND(), b = LWIP_RAND(), c = LWIP_RAND();

	EXPECT_FALSE(a == b && b == c);
}

} // namespace
