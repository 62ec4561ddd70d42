// procfs: generated cpuinfo and meminfo, self/fd through /dev/fd.
#include <unistd.h>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
#include <uk/procfs.h>
}

namespace {

class ProcfsTest : public VfsTest {
protected:
	void SetUp() override
	{
		static bool mounted;

		VfsTest::SetUp();
		// /proc/self/fd leads to /dev/fd.
		MountDevfs();
		if (mounted)
			return;
		ASSERT_EQ(uk_sys_mkdir("/proc", 0555), 0);
		ASSERT_EQ(uk_procfs_mount("/proc"), 0);
		mounted = true;
	}
};

TEST_F(ProcfsTest, CpuinfoListsEveryCpu)
{
	std::string text = Get("/proc/cpuinfo");
	size_t n = 0;

	for (size_t p = 0;
	     (p = text.find("processor\t: ", p)) != std::string::npos; p++)
		n++;
	EXPECT_EQ(n, (size_t)sysconf(_SC_NPROCESSORS_ONLN));
	EXPECT_EQ(text.substr(0, 15), "processor\t: 0\n\n");
}

TEST_F(ProcfsTest, MeminfoFollowsTheHeap)
{
	unsigned long total, free1, free2;
	struct stat st;

	ASSERT_EQ(sscanf(Get("/proc/meminfo").c_str(),
			 "MemTotal: %lu kB MemFree: %lu kB", &total, &free1),
		  2);
	EXPECT_LE(total, kHeap / 1024);
	EXPECT_LE(free1, total);
	Put("big", std::string(1 << 20, 'x'));
	ASSERT_EQ(sscanf(Get("/proc/meminfo").c_str(),
			 "MemTotal: %*u kB MemFree: %lu kB", &free2),
		  1);
	EXPECT_LE(free2 + 1024, free1);
	ASSERT_EQ(uk_sys_stat("/proc/meminfo", &st), 0);
	EXPECT_EQ(st.st_size, 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0444u);
}

TEST_F(ProcfsTest, TreeIsReadOnly)
{
	char buf[16];

	EXPECT_EQ(List("/proc"), (std::set<std::string>{ ".", "..", "cpuinfo",
							 "meminfo", "self" }));
	EXPECT_EQ(List("/proc/self"),
		  (std::set<std::string>{ ".", "..", "fd", "exe", "maps" }));
	EXPECT_EQ(uk_sys_readlink("/proc/self/fd", buf, sizeof(buf)), 7);
	EXPECT_EQ(uk_sys_open("/proc/meminfo", O_WRONLY, 0), -EROFS);
	EXPECT_EQ(uk_sys_mkdir("/proc/x", 0755), -EROFS);
	EXPECT_EQ(uk_sys_open("/proc/nothing", O_RDONLY, 0), -ENOENT);
	int fd = uk_sys_open("/proc/cpuinfo", O_RDONLY, 0);
	std::string path = "/proc/self/fd/" + std::to_string(fd);
	struct stat st;
	EXPECT_EQ(uk_sys_stat(path.c_str(), &st), 0);
	EXPECT_EQ(uk_sys_stat("/proc/../proc/self/../cpuinfo", &st), 0);
}

TEST_F(ProcfsTest, SelfExeIsALinkToTheProgram)
{
	char buf[64];
	struct stat st;

	ASSERT_EQ(uk_sys_lstat("/proc/self/exe", &st), 0);
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	EXPECT_EQ(st.st_size, 8);
	ASSERT_EQ(uk_sys_readlink("/proc/self/exe", buf, sizeof(buf)), 8);
	EXPECT_EQ(std::string(buf, 8), "/tessera");
}

TEST_F(ProcfsTest, SelfMapsHasLinuxFormat)
{
	char buf[512];
	int fd = uk_sys_open("/proc/self/maps", O_RDONLY, 0);

	ASSERT_GE(fd, 0);
	ssize_t n = uk_sys_read(fd, buf, sizeof(buf));
	uk_sys_close(fd);
	ASSERT_GT(n, 0);
	// Names start at column 73, as Linux's show_map_vma() pads them.
	EXPECT_EQ(std::string(buf, (size_t)n),
		  "00100000-00123000 r-xp 00000000 00:00 0" +
			  std::string(34, ' ') + "/tessera\n" +
			  "00200000-04000000 rw-p 00000000 00:00 0" +
			  std::string(34, ' ') + "[heap]\n");
}

} // namespace
