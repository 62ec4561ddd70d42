// A fake open file for posix/fdtab tests: records what the fd calls do.
#ifndef TESTS_HOST_FDTAB_FAKE_FILE_H
#define TESTS_HOST_FDTAB_FAKE_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <uk/fdtab.h>

struct FakeFile {
	uk_file f;
	uk_file_ops ops{};
	// Bytes written, and bytes a read returns (consumed from the front).
	std::string written, input;
	// Most bytes one read/write call transfers (short transfers).
	size_t chunk = static_cast<size_t>(-1);
	int releases = 0, release_ret = 0;
	int setflags_calls = 0, setflags_ret = 0;
	unsigned int setflags_last = 0;
	int rw_calls = 0, rwv_calls = 0;
	unsigned long ioctl_req = 0;
	unsigned int poll_events = POLLIN;
	int poll_ret = 0;
	uk_poll_chain *poll_chain = nullptr;

	static FakeFile *of(uk_file *f)
	{
		return static_cast<FakeFile *>(f->priv);
	}

	static ssize_t Read(uk_file *f, void *buf, size_t len)
	{
		FakeFile *ff = of(f);
		size_t n = std::min({ len, ff->input.size(), ff->chunk });

		ff->rw_calls++;
		memcpy(buf, ff->input.data(), n);
		ff->input.erase(0, n);
		return static_cast<ssize_t>(n);
	}
	static ssize_t Write(uk_file *f, const void *buf, size_t len)
	{
		FakeFile *ff = of(f);
		size_t n = std::min(len, ff->chunk);

		ff->rw_calls++;
		ff->written.append(static_cast<const char *>(buf), n);
		return static_cast<ssize_t>(n);
	}
	// Native scatter/gather: everything in one call, marked with '|'.
	static ssize_t Readv(uk_file *f, const iovec *iov, int cnt)
	{
		FakeFile *ff = of(f);
		ssize_t total = 0;

		ff->rwv_calls++;
		for (int i = 0; i < cnt; i++) {
			size_t n = std::min(iov[i].iov_len, ff->input.size());
			memcpy(iov[i].iov_base, ff->input.data(), n);
			ff->input.erase(0, n);
			total += static_cast<ssize_t>(n);
		}
		return total;
	}
	static ssize_t Writev(uk_file *f, const iovec *iov, int cnt)
	{
		FakeFile *ff = of(f);
		ssize_t total = 0;

		ff->rwv_calls++;
		for (int i = 0; i < cnt; i++) {
			ff->written.append(
				static_cast<const char *>(iov[i].iov_base),
				iov[i].iov_len);
			total += static_cast<ssize_t>(iov[i].iov_len);
		}
		ff->written += '|';
		return total;
	}
	static int Ioctl(uk_file *f, unsigned long req, void *)
	{
		of(f)->ioctl_req = req;
		return 7;
	}
	static int Poll(uk_file *f, unsigned int *revents, uk_poll_chain *c)
	{
		FakeFile *ff = of(f);

		ff->poll_chain = c;
		if (ff->poll_ret)
			return ff->poll_ret;
		*revents = ff->poll_events;
		return 0;
	}
	static int Setflags(uk_file *f, unsigned int flags)
	{
		FakeFile *ff = of(f);

		ff->setflags_calls++;
		ff->setflags_last = flags;
		return ff->setflags_ret;
	}
	static int Release(uk_file *f)
	{
		FakeFile *ff = of(f);

		ff->releases++;
		return ff->release_ret;
	}

	// A file with read, write, ioctl, poll, setflags and release.
	explicit FakeFile(unsigned int flags = O_RDWR)
	{
		ops.read = Read;
		ops.write = Write;
		ops.ioctl = Ioctl;
		ops.poll = Poll;
		ops.setflags = Setflags;
		ops.release = Release;
		uk_file_init(&f, &ops, flags, this);
	}
	FakeFile(const FakeFile &) = delete;
	FakeFile &operator=(const FakeFile &) = delete;
};

// Owns the fakes, so that they outlive the fds that TearDown closes.
class FdtabTest : public ::testing::Test {
protected:
	FakeFile *NewFile(unsigned int flags = O_RDWR)
	{
		files_.emplace_back(new FakeFile(flags));
		return files_.back().get();
	}

	// Gives ff an fd that holds its only reference: close releases it.
	static int Open(FakeFile *ff, unsigned int fdflags = 0)
	{
		int fd = uk_fdtab_install(&ff->f, 0, fdflags);

		uk_file_release(&ff->f);
		return fd;
	}

	// The table is one per process: leave it empty for the next test.
	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
		uk_fdtab_limit_set(UK_FDTAB_SIZE);
	}

	std::vector<std::unique_ptr<FakeFile>> files_;
};

#endif // TESTS_HOST_FDTAB_FAKE_FILE_H
