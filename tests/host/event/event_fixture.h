// Fixture of the posix/event tests: the fake platform's heap and
// scheduler, fake pollable files, and an fd table left empty after each
// test.
#ifndef TESTS_HOST_EVENT_EVENT_FIXTURE_H
#define TESTS_HOST_EVENT_EVENT_FIXTURE_H

#include <fcntl.h>
#include <poll.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/epoll.h>
#include <uk/eventfd.h>
#include <uk/fdtab.h>
#include <uk/poll.h>
#include <uk/thread.h>
}

// An event's data as a value: epoll_event is packed on x86_64, so its u64
// is misaligned and EXPECT_EQ may not bind a reference to it.
inline uint64_t EvData(const epoll_event &e)
{
	uint64_t d;

	std::memcpy(&d, &e.data, sizeof(d));
	return d;
}

// A file whose readiness the test sets; Set() wakes the chains as a
// driver would, Clear() changes readiness silently (as a consumer does).
struct Pollable {
	uk_file f;
	uk_file_ops ops{};
	unsigned int ready = 0;
	int releases = 0;
	// Events that become set (with a wake-up) right after the next poll
	// op read the readiness: a change racing with a scan.
	unsigned int set_after_poll = 0;

	static Pollable *of(uk_file *f)
	{
		return static_cast<Pollable *>(f->priv);
	}
	static int Poll(uk_file *f, unsigned int *rev, uk_poll_chain *)
	{
		Pollable *p = of(f);

		*rev = p->ready;
		if (p->set_after_poll) {
			unsigned int ev = p->set_after_poll;

			p->set_after_poll = 0;
			p->Set(ev);
		}
		return 0;
	}
	static int Release(uk_file *f)
	{
		of(f)->releases++;
		return 0;
	}

	// poll: false gives a file without a poll op (a regular file).
	explicit Pollable(bool poll = true)
	{
		ops.poll = poll ? Poll : nullptr;
		ops.release = Release;
		uk_file_init(&f, &ops, O_RDWR, this);
	}
	Pollable(const Pollable &) = delete;
	Pollable &operator=(const Pollable &) = delete;

	void Set(unsigned int ev)
	{
		ready |= ev;
		uk_file_poll_wake(&f, ev);
	}
	void Clear(unsigned int ev)
	{
		ready &= ~ev;
	}

	// Poll chains linked to this file (epoll entries, pollers).
	size_t Chains()
	{
		size_t n = 0;
		for (uk_list_head *p = f.poll_chains.next; p != &f.poll_chains;
		     p = p->next)
			n++;
		return n;
	}
};

class EventTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		static bool heap_ready;
		constexpr size_t kArena = 32 << 20;

		if (heap_ready)
			return;
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
		heap_ready = true;
	}

	Pollable *NewFile(bool poll = true)
	{
		files_.emplace_back(new Pollable(poll));
		return files_.back().get();
	}

	// An fd holding the file's only reference: its close releases it.
	static int Open(Pollable *p)
	{
		int fd = uk_fdtab_install(&p->f, 0, 0);

		uk_file_release(&p->f);
		return fd;
	}

	static int Add(int ep, int fd, unsigned int events, uint64_t data = 0)
	{
		epoll_event ev{};

		ev.events = events;
		ev.data.u64 = data;
		return uk_sys_epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	}

	static int Mod(int ep, int fd, unsigned int events, uint64_t data = 0)
	{
		epoll_event ev{};

		ev.events = events;
		ev.data.u64 = data;
		return uk_sys_epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
	}

	// epoll_wait with timeout 0 and room for 8 events.
	static int Wait(int ep, epoll_event *evs = nullptr, int timeout = 0)
	{
		epoll_event buf[8];

		return uk_sys_epoll_wait(ep, evs ? evs : buf, 8, timeout);
	}

	// The table is one per process: leave it empty for the next test.
	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
	}

	std::vector<std::unique_ptr<Pollable>> files_;
};

// Runs fn(arg) in a new fake-platform thread; Join() waits for it.
class Thread {
public:
	Thread(void (*fn)(void *), void *arg)
	    : t_(uk_thread_create("test", fn, arg, 0))
	{
	}
	~Thread()
	{
		Join();
	}
	void Join()
	{
		if (t_)
			uk_thread_join(t_, nullptr);
		t_ = nullptr;
	}

private:
	uk_thread *t_;
};

#endif // TESTS_HOST_EVENT_EVENT_FIXTURE_H
