// devfs on the VFS: the devices' data, their stat, and /dev/fd.
#include <sys/sysmacros.h>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
#include <uk/pipe.h>
}

namespace {

class DevfsTest : public VfsTest {
protected:
	void SetUp() override
	{
		VfsTest::SetUp();
		MountDevfs();
	}
};

TEST_F(DevfsTest, Devices)
{
	char buf[64];
	struct stat st;
	int fd;

	fd = uk_sys_open("/dev/null", O_RDWR, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 0);
	EXPECT_EQ(uk_sys_write(fd, "gone", 4), 4);
	EXPECT_EQ(uk_sys_lseek(fd, 100, SEEK_SET), 0);
	ASSERT_EQ(uk_sys_fstat(fd, &st), 0);
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(st.st_rdev, makedev(1, 3));
	fd = uk_sys_open("/dev/zero", O_RDONLY, 0);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(std::string(buf, sizeof(buf)),
		  std::string(sizeof(buf), '\0'));
	fd = uk_sys_open("/dev/full", O_RDWR, 0);
	EXPECT_EQ(uk_sys_write(fd, "x", 1), -ENOSPC);
	EXPECT_EQ(uk_sys_read(fd, buf, 8), 8);
	fd = uk_sys_open("/dev/urandom", O_RDONLY, 0);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_NE(std::string(buf, sizeof(buf)),
		  std::string(sizeof(buf), '\0'));
	EXPECT_EQ(uk_sys_open("/dev/nothing", O_RDONLY, 0), -ENOENT);
	EXPECT_EQ(uk_sys_open("/dev/console", O_RDONLY, 0), -ENOENT);
	EXPECT_EQ(uk_sys_mkdir("/dev/x", 0755), -EPERM);
	EXPECT_EQ(uk_sys_unlink("/dev/null"), -EPERM);
	EXPECT_EQ(List("/dev"),
		  (std::set<std::string>{ ".", "..", "fd", "full", "null",
					  "random", "stderr", "stdin", "stdout",
					  "urandom", "zero" }));
	EXPECT_EQ(uk_sys_readlink("/dev/stdout", buf, sizeof(buf)), 4);
	EXPECT_EQ(std::string(buf, 4), "fd/1");
}

TEST_F(DevfsTest, FdDirectoryReopensOpenFiles)
{
	int p[2], fd;
	char buf[8];

	ASSERT_EQ(uk_sys_pipe2(p, 0), 0);
	std::string path = "/dev/fd/" + std::to_string(p[1]);
	fd = uk_sys_open(path.c_str(), O_WRONLY, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "via", 3), 3);
	EXPECT_EQ(uk_sys_read(p[0], buf, sizeof(buf)), 3);
	std::set<std::string> fds = List("/dev/fd");
	EXPECT_TRUE(fds.count(std::to_string(p[0])));
	EXPECT_TRUE(fds.count(std::to_string(fd)));
	EXPECT_EQ(uk_sys_open("/dev/fd/999", O_RDONLY, 0), -ENOENT);
	EXPECT_EQ(uk_sys_open("/dev/fd/x", O_RDONLY, 0), -ENOENT);
	// /dev/stdin is fd 0: here the pipe's read end.
	ASSERT_EQ(p[0], 0);
	EXPECT_EQ(uk_sys_write(p[1], "0", 1), 1);
	fd = uk_sys_open("/dev/stdin", O_RDONLY, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 1);
	uk_sys_close(0);
	EXPECT_EQ(uk_sys_open("/dev/stdin", O_RDONLY, 0), -ENOENT);
	fd = uk_sys_open("/dev/fd/../null", O_RDONLY, 0);
	EXPECT_GE(fd, 0);
}

} // namespace
