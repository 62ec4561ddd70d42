// posix/vfs path lookup: "." and "..", symbolic links, limits, errnos.
#include <climits>

#include "tests/host/vfs/vfs_fixture.h"

namespace {

TEST_F(VfsTest, DotAndDotDot)
{
	char buf[PATH_MAX];

	ASSERT_EQ(uk_sys_mkdir("a", 0755), 0);
	ASSERT_EQ(uk_sys_mkdir("a/b", 0755), 0);
	Put("a/b/f", "x");
	EXPECT_EQ(Get("a/./b/../b//f"), "x");
	EXPECT_EQ(Get("/../../DotAndDotDot/a/b/f"), "x");
	ASSERT_EQ(uk_sys_chdir("a/b"), 0);
	EXPECT_EQ(uk_sys_getcwd(buf, sizeof(buf)),
		  (long)sizeof("/DotAndDotDot/a/b"));
	EXPECT_STREQ(buf, "/DotAndDotDot/a/b");
	EXPECT_EQ(uk_sys_getcwd(buf, 5), -ERANGE);
	EXPECT_EQ(Get("../../a/b/f"), "x");
	EXPECT_EQ(uk_sys_chdir(".."), 0);
	EXPECT_EQ(uk_sys_getcwd(buf, sizeof(buf)),
		  (long)sizeof("/DotAndDotDot/a"));
}

TEST_F(VfsTest, ErrnosOfLookup)
{
	struct stat st;
	char longname[NAME_MAX + 2];
	std::string longpath;

	Put("f", "");
	EXPECT_EQ(uk_sys_stat("missing", &st), -ENOENT);
	EXPECT_EQ(uk_sys_stat("f/x", &st), -ENOTDIR);
	EXPECT_EQ(uk_sys_stat("f/", &st), -ENOTDIR);
	EXPECT_EQ(uk_sys_stat("", &st), -ENOENT);
	EXPECT_EQ(uk_sys_stat(nullptr, &st), -EFAULT);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT_EQ(uk_sys_stat(longname, &st), -ENAMETOOLONG);
	EXPECT_EQ(uk_sys_mkdir(longname, 0755), -ENAMETOOLONG);
	longname[NAME_MAX] = '\0';
	EXPECT_EQ(uk_sys_stat(longname, &st), -ENOENT);
	for (int i = 0; i < PATH_MAX / 2; i++)
		longpath += "./";
	EXPECT_EQ(uk_sys_stat(longpath.c_str(), &st), -ENAMETOOLONG);
	EXPECT_EQ(uk_sys_stat(longpath.substr(0, PATH_MAX - 2).c_str(), &st),
		  0);
	EXPECT_EQ(uk_sys_openat(12345, "f", O_RDONLY, 0), -EBADF);
	// An absolute path ignores dirfd.
	EXPECT_EQ(uk_sys_openat(12345, "/ErrnosOfLookup/nothing", O_RDONLY, 0),
		  -ENOENT);
}

TEST_F(VfsTest, SymbolicLinks)
{
	struct stat st;
	char buf[64];

	ASSERT_EQ(uk_sys_mkdir("d", 0755), 0);
	Put("d/f", "data");
	ASSERT_EQ(uk_sys_symlink("d/f", "rel"), 0);
	ASSERT_EQ(uk_sys_symlink("/SymbolicLinks/d", "abs"), 0);
	ASSERT_EQ(uk_sys_symlink("nowhere", "dangling"), 0);
	EXPECT_EQ(Get("rel"), "data");
	EXPECT_EQ(Get("abs/f"), "data");
	EXPECT_EQ(uk_sys_readlink("rel", buf, sizeof(buf)), 3);
	EXPECT_EQ(std::string(buf, 3), "d/f");
	EXPECT_EQ(uk_sys_readlink("rel", buf, 2), 2);
	EXPECT_EQ(uk_sys_readlink("d/f", buf, sizeof(buf)), -EINVAL);
	EXPECT_EQ(uk_sys_readlink("rel", buf, 0), -EINVAL);
	EXPECT_EQ(uk_sys_stat("dangling", &st), -ENOENT);
	ASSERT_EQ(uk_sys_lstat("dangling", &st), 0);
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	EXPECT_EQ(st.st_size, 7);
	EXPECT_EQ(uk_sys_open("rel", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	EXPECT_EQ(uk_sys_open("rel", O_CREAT | O_EXCL | O_WRONLY, 0644),
		  -EEXIST);
	EXPECT_EQ(uk_sys_symlink("", "empty"), -ENOENT);
	EXPECT_EQ(uk_sys_symlink("x", "rel"), -EEXIST);
	// A link through a link's directory ("abs/" then "..").
	EXPECT_EQ(Get("abs/../d/f"), "data");
}

TEST_F(VfsTest, LinkLoopsGiveEloop)
{
	struct stat st;
	char name[16], target[16];

	ASSERT_EQ(uk_sys_symlink("loop2", "loop1"), 0);
	ASSERT_EQ(uk_sys_symlink("loop1", "loop2"), 0);
	EXPECT_EQ(uk_sys_stat("loop1", &st), -ELOOP);
	EXPECT_EQ(uk_sys_lstat("loop1", &st), 0);
	// A chain of 40 links resolves; 41 do not.
	Put("c0", "end");
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i - 1);
		ASSERT_EQ(uk_sys_symlink(target, name), 0);
	}
	EXPECT_EQ(Get("c40"), "end");
	EXPECT_EQ(Get("c41"), "<" + std::to_string(ELOOP) + ">");
}

TEST_F(VfsTest, OpenAtRelativeToADirectory)
{
	int d, fd;

	ASSERT_EQ(uk_sys_mkdir("sub", 0700), 0);
	d = uk_sys_open("sub", O_RDONLY | O_DIRECTORY, 0);
	ASSERT_GE(d, 0);
	fd = uk_sys_openat(d, "g", O_CREAT | O_RDWR, 0600);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "hi", 2), 2);
	EXPECT_EQ(Get("sub/g"), "hi");
	EXPECT_EQ(uk_sys_openat(fd, "x", O_RDONLY, 0), -ENOTDIR);
	EXPECT_EQ(uk_sys_fchdir(d), 0);
	EXPECT_EQ(Get("g"), "hi");
	EXPECT_EQ(uk_sys_fchdir(fd), -ENOTDIR);
	EXPECT_EQ(uk_sys_mkdirat(d, "e", 0755), 0);
	EXPECT_EQ(uk_sys_unlinkat(d, "e", AT_REMOVEDIR), 0);
	EXPECT_EQ(uk_sys_unlinkat(d, "g", 0x4000), -EINVAL);
}

TEST_F(VfsTest, MountPointsAreCrossed)
{
	struct stat st, root;
	char buf[PATH_MAX];

	ASSERT_EQ(uk_sys_mkdir("mnt", 0755), 0);
	ASSERT_EQ(uk_ramfs_mount("/MountPointsAreCrossed/mnt", 0), 0);
	Put("mnt/f", "inner");
	ASSERT_EQ(uk_sys_stat("mnt", &st), 0);
	ASSERT_EQ(uk_sys_stat(".", &root), 0);
	EXPECT_NE(st.st_dev, root.st_dev);
	EXPECT_EQ(uk_sys_rename("mnt/f", "g"), -EXDEV);
	EXPECT_EQ(uk_sys_link("mnt/f", "g"), -EXDEV);
	EXPECT_EQ(uk_sys_rmdir("mnt"), -EBUSY);
	EXPECT_EQ(uk_sys_rename("mnt", "mnt2"), -EBUSY);
	ASSERT_EQ(uk_sys_chdir("mnt"), 0);
	EXPECT_EQ(uk_sys_getcwd(buf, sizeof(buf)),
		  (long)sizeof("/MountPointsAreCrossed/mnt"));
	ASSERT_EQ(uk_sys_stat("..", &st), 0);
	EXPECT_EQ(st.st_ino, root.st_ino);
	EXPECT_EQ(st.st_dev, root.st_dev);
	EXPECT_EQ(uk_ramfs_mount("/MountPointsAreCrossed/mnt/f", 0), -ENOTDIR);
}

} // namespace
