// Fixture of the posix/vfs tests: a heap on the fake platform, a ramfs at
// "/" (mounted once per process: the namespace is one per kernel), and a
// fresh directory per test made the current one.
#ifndef TESTS_HOST_VFS_VFS_FIXTURE_H
#define TESTS_HOST_VFS_VFS_FIXTURE_H

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cstdlib>
#include <set>
#include <string>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/devfs.h>
#include <uk/fdtab.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>
}

class VfsTest : public ::testing::Test {
protected:
	// Small, so that ramfs fills it in a test.
	static constexpr size_t kHeap = 16 << 20;

	static void SetUpTestSuite()
	{
		static bool ready;

		if (ready)
			return;
		void *mem = aligned_alloc(__PAGE_SIZE, kHeap);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kHeap));
		ASSERT_EQ(uk_ramfs_mount("/", 0), 0);
		ready = true;
	}

	// devfs at /dev (without a console), once per process.
	static void MountDevfs()
	{
		static bool mounted;

		if (mounted)
			return;
		ASSERT_EQ(uk_sys_mkdir("/dev", 0755), 0);
		ASSERT_EQ(uk_devfs_mount("/dev", nullptr), 0);
		mounted = true;
	}

	void SetUp() override
	{
		const ::testing::TestInfo *t =
			::testing::UnitTest::GetInstance()->current_test_info();

		dir_ = std::string("/") + t->name();
		ASSERT_EQ(uk_sys_mkdir(dir_.c_str(), 0755), 0);
		ASSERT_EQ(uk_sys_chdir(dir_.c_str()), 0);
	}

	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
		uk_sys_chdir("/");
	}

	// Writes s to a new file at path.
	static void Put(const char *path, const std::string &s)
	{
		int fd = uk_sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

		ASSERT_GE(fd, 0);
		ASSERT_EQ(uk_sys_write(fd, s.data(), s.size()),
			  (ssize_t)s.size());
		ASSERT_EQ(uk_sys_close(fd), 0);
	}

	// The contents of the file at path ("<errno>" if it cannot be read).
	static std::string Get(const char *path)
	{
		int fd = uk_sys_open(path, O_RDONLY, 0);
		std::string s;
		char buf[4096];
		ssize_t n;

		if (fd < 0)
			return "<" + std::to_string(-fd) + ">";
		while ((n = uk_sys_read(fd, buf, sizeof(buf))) > 0)
			s.append(buf, (size_t)n);
		uk_sys_close(fd);
		return s;
	}

	// The names getdents64 lists in directory path.
	static std::set<std::string> List(const char *path)
	{
		int fd = uk_sys_open(path, O_RDONLY | O_DIRECTORY, 0);
		std::set<std::string> names;
		char buf[256];
		ssize_t n;

		if (fd < 0)
			return { "<" + std::to_string(-fd) + ">" };
		while ((n = uk_sys_getdents64(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				auto *d = reinterpret_cast<uk_dirent64 *>(buf +
									  off);
				names.insert(d->d_name);
				off += d->d_reclen;
			}
		}
		uk_sys_close(fd);
		return names;
	}

	std::string dir_;
};

#endif // TESTS_HOST_VFS_VFS_FIXTURE_H
