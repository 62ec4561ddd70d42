// posix/fdtab: the poll contract (chains, wake-ups, detach on release).
#include "tests/host/fdtab/fake_file.h"

namespace {

struct Waiter {
	uk_poll_chain chain{};
	int wakes = 0, detaches = 0;
	unsigned int last_events = 0;

	Waiter()
	{
		chain.wake = [](uk_poll_chain *c, unsigned int ev) {
			Waiter *w = static_cast<Waiter *>(c->priv);
			w->wakes++;
			w->last_events = ev;
		};
		chain.detach = [](uk_poll_chain *c) {
			static_cast<Waiter *>(c->priv)->detaches++;
		};
		chain.priv = this;
	}
};

TEST_F(FdtabTest, PollWithoutOpIsAlwaysReady)
{
	FakeFile *ff = NewFile();
	unsigned int rev = 0;

	ff->ops.poll = nullptr;
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, nullptr), 0);
	EXPECT_EQ(rev, (unsigned)(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
	uk_file_release(&ff->f);
}

TEST_F(FdtabTest, PollChainIsWokenUntilDeleted)
{
	FakeFile *ff = NewFile();
	Waiter w1, w2;
	unsigned int rev = 0;

	EXPECT_EQ(uk_file_poll(&ff->f, &rev, nullptr), 0);
	EXPECT_EQ(rev, (unsigned)POLLIN);
	EXPECT_EQ(ff->poll_chain, nullptr);
	ff->poll_events = POLLOUT;
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, &w1.chain), 0);
	EXPECT_EQ(rev, (unsigned)POLLOUT);
	// The op saw the chain, already linked.
	EXPECT_EQ(ff->poll_chain, &w1.chain);
	EXPECT_EQ(w1.chain.file, &ff->f);
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, &w2.chain), 0);
	uk_file_poll_wake(&ff->f, POLLIN);
	EXPECT_EQ(w1.wakes, 1);
	EXPECT_EQ(w2.wakes, 1);
	EXPECT_EQ(w1.last_events, (unsigned)POLLIN);
	EXPECT_EQ(uk_poll_chain_del(&w1.chain), 0);
	EXPECT_EQ(uk_poll_chain_del(&w1.chain), -ENOENT);
	uk_file_poll_wake(&ff->f, POLLHUP);
	EXPECT_EQ(w1.wakes, 1);
	EXPECT_EQ(w2.wakes, 2);
	EXPECT_EQ(w2.last_events, (unsigned)POLLHUP);
	EXPECT_EQ(uk_poll_chain_del(&w2.chain), 0);
	uk_file_release(&ff->f);
	EXPECT_EQ(w1.detaches + w2.detaches, 0);
}

TEST_F(FdtabTest, PollErrorUnlinksTheChain)
{
	FakeFile *ff = NewFile();
	Waiter w;
	unsigned int rev = 0;

	ff->poll_ret = -EIO;
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, &w.chain), -EIO);
	EXPECT_EQ(w.chain.file, nullptr);
	uk_file_poll_wake(&ff->f, POLLIN);
	EXPECT_EQ(w.wakes, 0);
	EXPECT_EQ(uk_poll_chain_del(&w.chain), -ENOENT);
	uk_file_release(&ff->f);
}

// The last close detaches every chain before the release op runs.
TEST_F(FdtabTest, LastCloseDetachesChains)
{
	FakeFile *ff = NewFile();
	Waiter w1, w2;
	unsigned int rev;
	int fd = Open(ff), fd2 = uk_sys_dup(fd);
	static FakeFile *detached_file;
	static int releases_seen_by_detach;

	detached_file = ff;
	releases_seen_by_detach = -1;
	ASSERT_EQ(uk_file_poll(&ff->f, &rev, &w1.chain), 0);
	ASSERT_EQ(uk_file_poll(&ff->f, &rev, &w2.chain), 0);
	w2.chain.detach = [](uk_poll_chain *c) {
		Waiter *w = static_cast<Waiter *>(c->priv);
		w->detaches++;
		// Unlinked already, and the file not yet released.
		EXPECT_EQ(c->file, nullptr);
		releases_seen_by_detach = detached_file->releases;
	};
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(w1.detaches + w2.detaches, 0);
	EXPECT_EQ(uk_sys_close(fd2), 0);
	EXPECT_EQ(w1.detaches, 1);
	EXPECT_EQ(w2.detaches, 1);
	EXPECT_EQ(releases_seen_by_detach, 0);
	EXPECT_EQ(ff->releases, 1);
	EXPECT_EQ(uk_poll_chain_del(&w1.chain), -ENOENT);
}

} // namespace

TEST_F(FdtabTest, PollChainFindMatchesOnlyLinkedChains)
{
	FakeFile *ff = NewFile();
	Waiter w1, w2, w3;
	unsigned int rev = 0;
	auto is = [](const uk_poll_chain *c, const void *arg) {
		return c->priv == arg;
	};

	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w1), nullptr);
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, &w1.chain), 0);
	EXPECT_EQ(uk_file_poll(&ff->f, &rev, &w2.chain), 0);
	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w1), &w1.chain);
	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w2), &w2.chain);
	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w3), nullptr);
	EXPECT_EQ(uk_poll_chain_del(&w1.chain), 0);
	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w1), nullptr);
	EXPECT_EQ(uk_file_poll_chain_find(&ff->f, is, &w2), &w2.chain);
	EXPECT_EQ(uk_poll_chain_del(&w2.chain), 0);
	uk_file_release(&ff->f);
}
