// posix/fdtab: read, write, readv and writev through fake files.
#include <climits>

#include "tests/host/fdtab/fake_file.h"

namespace {

TEST_F(FdtabTest, ReadWriteReachTheFile)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	char buf[8] = {};

	ff->input = "hello";
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 5);
	EXPECT_STREQ(buf, "hello");
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 0);
	EXPECT_EQ(uk_sys_write(fd, "world", 5), 5);
	EXPECT_EQ(ff->written, "world");
	EXPECT_EQ(uk_sys_read(fd, buf, 0), 0);
	EXPECT_EQ(uk_sys_write(fd, buf, 0), 0);
}

TEST_F(FdtabTest, AccessModeIsChecked)
{
	FakeFile *ro = NewFile(O_RDONLY), *wo = NewFile(O_WRONLY);
	int fro = Open(ro), fwo = Open(wo);
	char buf[4];
	iovec iov = { buf, sizeof(buf) };

	EXPECT_EQ(uk_sys_write(fro, "x", 1), -EBADF);
	EXPECT_EQ(uk_sys_writev(fro, &iov, 1), -EBADF);
	EXPECT_EQ(uk_sys_read(fwo, buf, 4), -EBADF);
	EXPECT_EQ(uk_sys_readv(fwo, &iov, 1), -EBADF);
	EXPECT_EQ(ro->rw_calls + wo->rw_calls, 0);
	ro->input = "ab";
	EXPECT_EQ(uk_sys_read(fro, buf, 4), 2);
	EXPECT_EQ(uk_sys_write(fwo, "x", 1), 1);
}

TEST_F(FdtabTest, BadBuffersAndCounts)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	char buf[4];
	iovec iov[2] = { { buf, 2 }, { nullptr, 2 } };
	iovec huge[2] = { { buf, (size_t)SSIZE_MAX }, { buf, 2 } };

	EXPECT_EQ(uk_sys_read(fd, nullptr, 4), -EFAULT);
	EXPECT_EQ(uk_sys_write(fd, nullptr, 4), -EFAULT);
	EXPECT_EQ(uk_sys_readv(fd, iov, -1), -EINVAL);
	EXPECT_EQ(uk_sys_writev(fd, iov, UK_IOV_MAX + 1), -EINVAL);
	EXPECT_EQ(uk_sys_writev(fd, nullptr, 1), -EFAULT);
	EXPECT_EQ(uk_sys_writev(fd, iov, 2), -EFAULT);
	EXPECT_EQ(uk_sys_readv(fd, huge, 2), -EINVAL);
	EXPECT_EQ(uk_sys_writev(fd, nullptr, 0), 0);
	EXPECT_EQ(ff->rw_calls, 0);
}

TEST_F(FdtabTest, FileWithoutReadOrWriteGivesEinval)
{
	FakeFile *ff = NewFile();
	char buf[4];
	iovec iov = { buf, sizeof(buf) };
	int fd;

	ff->ops.read = nullptr;
	ff->ops.write = nullptr;
	fd = Open(ff);
	EXPECT_EQ(uk_sys_read(fd, buf, 4), -EINVAL);
	EXPECT_EQ(uk_sys_write(fd, buf, 4), -EINVAL);
	EXPECT_EQ(uk_sys_readv(fd, &iov, 1), -EINVAL);
	EXPECT_EQ(uk_sys_writev(fd, &iov, 1), -EINVAL);
}

// A file with only read and write: readv/writev go buffer by buffer.
TEST_F(FdtabTest, GatherWithoutVectorOps)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	char a[3] = {}, b[4] = {};
	iovec out[3] = { { (void *)"ab", 2 },
			 { nullptr, 0 },
			 { (void *)"cde", 3 } };
	iovec in[2] = { { a, 2 }, { b, 3 } };

	EXPECT_EQ(uk_sys_writev(fd, out, 3), 5);
	EXPECT_EQ(ff->written, "abcde");
	EXPECT_EQ(ff->rw_calls, 2);
	ff->input = "vwxyz!";
	EXPECT_EQ(uk_sys_readv(fd, in, 2), 5);
	EXPECT_STREQ(a, "vw");
	EXPECT_STREQ(b, "xyz");
	EXPECT_EQ(ff->input, "!");
}

// A short transfer ends the gather: later buffers are not touched.
TEST_F(FdtabTest, GatherStopsAtShortTransfer)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	char a[4] = {}, b[4] = {};
	iovec in[2] = { { a, 3 }, { b, 3 } };
	iovec out[2] = { { (void *)"abc", 3 }, { (void *)"def", 3 } };

	ff->input = "xy";
	EXPECT_EQ(uk_sys_readv(fd, in, 2), 2);
	EXPECT_EQ(ff->rw_calls, 1);
	ff->chunk = 2;
	EXPECT_EQ(uk_sys_writev(fd, out, 2), 2);
	EXPECT_EQ(ff->written, "ab");
}

// A file with only readv and writev: one call per gather, and read/write
// go through them with one buffer.
TEST_F(FdtabTest, VectorOpsServeEverything)
{
	FakeFile *ff = NewFile();
	char a[3] = {}, b[8] = {};
	iovec out[2] = { { (void *)"ab", 2 }, { (void *)"cd", 2 } };
	iovec in[2] = { { a, 2 }, { b, 7 } };
	int fd;

	ff->ops.read = nullptr;
	ff->ops.write = nullptr;
	ff->ops.readv = FakeFile::Readv;
	ff->ops.writev = FakeFile::Writev;
	fd = Open(ff);
	EXPECT_EQ(uk_sys_writev(fd, out, 2), 4);
	EXPECT_EQ(uk_sys_write(fd, "e", 1), 1);
	EXPECT_EQ(ff->written, "abcd|e|");
	ff->input = "123456";
	EXPECT_EQ(uk_sys_readv(fd, in, 2), 6);
	EXPECT_STREQ(a, "12");
	EXPECT_STREQ(b, "3456");
	ff->input = "z";
	EXPECT_EQ(uk_sys_read(fd, b, sizeof(b)), 1);
	EXPECT_EQ(b[0], 'z');
	EXPECT_EQ(ff->rwv_calls, 4);
	EXPECT_EQ(ff->rw_calls, 0);
}

// One read or write moves at most Linux's MAX_RW_COUNT bytes.
TEST_F(FdtabTest, HugeLengthIsCapped)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	char c;

	ff->chunk = 0;
	ff->ops.write = [](uk_file *f, const void *, size_t len) -> ssize_t {
		FakeFile::of(f)->chunk = len;
		return 0;
	};
	EXPECT_EQ(uk_sys_write(fd, &c, SIZE_MAX), 0);
	EXPECT_EQ(ff->chunk, (size_t)(INT_MAX & ~0xfff));
}

} // namespace
