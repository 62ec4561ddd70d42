// ramfs through the VFS system calls: data, sparse files, ENOSPC,
// directories, renames and attributes.
#include <sys/mman.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
#include <uk/pipe.h>
}

namespace {

TEST_F(VfsTest, ReadWriteSeek)
{
	char buf[16] = {};
	int fd = uk_sys_open("f", O_CREAT | O_RDWR, 0644);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "hello world", 11), 11);
	EXPECT_EQ(uk_sys_lseek(fd, 0, SEEK_CUR), 11);
	EXPECT_EQ(uk_sys_lseek(fd, 6, SEEK_SET), 6);
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 5);
	EXPECT_STREQ(buf, "world");
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 0);
	EXPECT_EQ(uk_sys_lseek(fd, -1, SEEK_SET), -EINVAL);
	EXPECT_EQ(uk_sys_lseek(fd, 0, 7), -EINVAL);
	EXPECT_EQ(uk_sys_lseek(fd, -2, SEEK_END), 9);
	EXPECT_EQ(uk_sys_pwrite64(fd, "W", 1, 6), 1);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 5, 6), 5);
	EXPECT_EQ(std::string(buf, 5), "World");
	EXPECT_EQ(uk_sys_lseek(fd, 0, SEEK_CUR), 9);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 1, -1), -EINVAL);
	EXPECT_EQ(uk_sys_lseek(99, 0, SEEK_SET), -EBADF);
}

TEST_F(VfsTest, OpenFlags)
{
	int fd;

	Put("f", "abc");
	EXPECT_EQ(uk_sys_open("f", O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
	EXPECT_EQ(uk_sys_open("missing", O_RDONLY, 0), -ENOENT);
	EXPECT_EQ(uk_sys_open("f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	EXPECT_EQ(uk_sys_open(".", O_RDWR, 0), -EISDIR);
	EXPECT_EQ(uk_sys_open(".", O_RDONLY | O_CREAT, 0), -EISDIR);
	EXPECT_EQ(uk_sys_open("new/", O_RDWR | O_CREAT, 0644), -EISDIR);
	fd = uk_sys_open("f", O_WRONLY | O_APPEND, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "d", 1), 1);
	EXPECT_EQ(uk_sys_pwrite64(fd, "e", 1, 0), 1);
	EXPECT_EQ(uk_sys_read(fd, nullptr, 0), -EBADF);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_WRONLY | O_APPEND);
	uk_sys_close(fd);
	EXPECT_EQ(Get("f"), "abcde");
	fd = uk_sys_open("f", O_RDONLY | O_TRUNC, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(Get("f"), "");
	EXPECT_EQ(uk_sys_write(fd, "x", 1), -EBADF);
	fd = uk_sys_open("f", O_RDONLY | O_CLOEXEC, 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	fd = uk_sys_open("f", O_PATH, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_read(fd, nullptr, 0), -EBADF);
}

TEST_F(VfsTest, UmaskAndModes)
{
	struct stat st;

	EXPECT_EQ(uk_sys_umask(027), 022u);
	ASSERT_EQ(uk_sys_close(uk_sys_creat("f", 0777)), 0);
	ASSERT_EQ(uk_sys_stat("f", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0750u);
	ASSERT_EQ(uk_sys_mkdir("d", 0777), 0);
	ASSERT_EQ(uk_sys_stat("d", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0750u);
	EXPECT_EQ(st.st_nlink, 2u);
	EXPECT_EQ(uk_sys_umask(022), 027u);
	EXPECT_EQ(uk_sys_chmod("f", 04711), 0);
	ASSERT_EQ(uk_sys_stat("f", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 04711u);
	EXPECT_EQ(uk_sys_access("f", X_OK), 0);
	EXPECT_EQ(uk_sys_chmod("f", 0600), 0);
	EXPECT_EQ(uk_sys_access("f", X_OK), -EACCES);
	EXPECT_EQ(uk_sys_access("f", R_OK | W_OK), 0);
	EXPECT_EQ(uk_sys_access("f", 8), -EINVAL);
	EXPECT_EQ(uk_sys_chown("f", 1000, -1), -EPERM);
	EXPECT_EQ(uk_sys_chown("f", 0, 0), 0);
	EXPECT_EQ(uk_sys_fchownat(AT_FDCWD, "f", 0, 0, 0x1), -EINVAL);
}

TEST_F(VfsTest, Timestamps)
{
	struct timespec ts[2] = { { 1000, 5 }, { 2000, 6 } };
	struct stat st;

	Put("f", "x");
	ASSERT_EQ(uk_sys_utimensat(AT_FDCWD, "f", ts, 0), 0);
	ASSERT_EQ(uk_sys_stat("f", &st), 0);
	EXPECT_EQ(st.st_atim.tv_sec, 1000);
	EXPECT_EQ(st.st_mtim.tv_nsec, 6);
	EXPECT_GT(st.st_ctim.tv_sec, 2000);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	ASSERT_EQ(uk_sys_utimensat(AT_FDCWD, "f", ts, 0), 0);
	ASSERT_EQ(uk_sys_stat("f", &st), 0);
	EXPECT_EQ(st.st_atim.tv_sec, 1000);
	EXPECT_GT(st.st_mtim.tv_sec, 2000);
	ts[0].tv_nsec = 1000000000;
	EXPECT_EQ(uk_sys_utimensat(AT_FDCWD, "f", ts, 0), -EINVAL);
}

TEST_F(VfsTest, SparseTruncate)
{
	struct stat st;
	char buf[8];
	int fd = uk_sys_open("f", O_CREAT | O_RDWR, 0644);

	ASSERT_GE(fd, 0);
	// 1 GiB in a 16 MiB heap: only the size changes.
	ASSERT_EQ(uk_sys_ftruncate(fd, 1L << 30), 0);
	ASSERT_EQ(uk_sys_fstat(fd, &st), 0);
	EXPECT_EQ(st.st_size, 1L << 30);
	EXPECT_EQ(st.st_blocks, 0);
	EXPECT_EQ(uk_sys_pwrite64(fd, "end", 3, (1L << 30) - 3), 3);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 4, 12345678), 4);
	EXPECT_EQ(std::string(buf, 4), std::string(4, '\0'));
	ASSERT_EQ(uk_sys_fstat(fd, &st), 0);
	EXPECT_EQ(st.st_blocks, 8);
	// Shrinking drops the tail; growing again reads zeros there.
	EXPECT_EQ(uk_sys_pwrite64(fd, "abcdef", 6, 0), 6);
	EXPECT_EQ(uk_sys_ftruncate(fd, 3), 0);
	EXPECT_EQ(uk_sys_ftruncate(fd, 6), 0);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 8, 0), 6);
	EXPECT_EQ(std::string(buf, 6), std::string("abc\0\0\0", 6));
	// Far beyond what a page array can cover: refused, nothing lost.
	EXPECT_EQ(uk_sys_pwrite64(fd, "x", 1, INT64_MAX - 10), -ENOSPC);
	EXPECT_EQ(uk_sys_pwrite64(fd, "x", 1, 1L << 50), -ENOSPC);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 3, 0), 3);
	EXPECT_EQ(std::string(buf, 3), "abc");
	EXPECT_EQ(uk_sys_ftruncate(fd, -1), -EINVAL);
	EXPECT_EQ(uk_sys_truncate(".", 0), -EISDIR);
	EXPECT_EQ(uk_sys_fallocate(fd, 0, 0, 100), 0);
	ASSERT_EQ(uk_sys_fstat(fd, &st), 0);
	EXPECT_EQ(st.st_size, 100);
	EXPECT_EQ(uk_sys_fallocate(fd, 1, 0, 100), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_fallocate(fd, 0, 0, 0), -EINVAL);
	uk_sys_close(fd);
	fd = uk_sys_open("f", O_RDONLY, 0);
	EXPECT_EQ(uk_sys_ftruncate(fd, 0), -EINVAL);
}

// Fills the heap: the write that finds no space gets ENOSPC (or a short
// count), and every byte written before reads back intact.
TEST_F(VfsTest, FullHeapKeepsData)
{
	std::vector<int> fds;
	char page[4096], buf[4096];
	size_t pages = 0;
	ssize_t n = 0;
	int fd = -1;

	for (int i = 0; n >= 0; i++) {
		snprintf(page, sizeof(page), "f%d", i);
		fd = uk_sys_open(page, O_CREAT | O_RDWR, 0644);
		if (fd < 0)
			break;
		fds.push_back(fd);
		for (int j = 0; j < 256; j++) {
			memset(page, (int)(pages % 251), sizeof(page));
			n = uk_sys_write(fd, page, sizeof(page));
			if (n != (ssize_t)sizeof(page))
				break;
			pages++;
		}
	}
	EXPECT_TRUE(n == -ENOSPC || (n >= 0 && n < 4096) || fd == -ENOSPC)
		<< n << " " << fd;
	EXPECT_GT(pages, 1000u);
	size_t k = 0;
	for (int f : fds) {
		ASSERT_EQ(uk_sys_lseek(f, 0, SEEK_SET), 0);
		while (k < pages && uk_sys_read(f, buf, sizeof(buf)) ==
					    (ssize_t)sizeof(buf)) {
			memset(page, (int)(k % 251), sizeof(page));
			ASSERT_EQ(memcmp(buf, page, sizeof(page)), 0) << k;
			k++;
		}
	}
	EXPECT_EQ(k, pages);
	for (size_t i = 0; i < fds.size(); i++) {
		snprintf(page, sizeof(page), "f%zu", i);
		EXPECT_EQ(uk_sys_unlink(page), 0);
	}
}

TEST_F(VfsTest, DirectoriesAndGetdents)
{
	std::set<std::string> want = { ".", ".." };
	char name[32];

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "entry-%02d", i);
		Put(name, "");
		want.insert(name);
	}
	ASSERT_EQ(uk_sys_mkdir("sub", 0755), 0);
	want.insert("sub");
	EXPECT_EQ(List("."), want);
	EXPECT_EQ(uk_sys_mkdir("sub", 0755), -EEXIST);
	EXPECT_EQ(uk_sys_mkdir(".", 0755), -EEXIST);
	Put("sub/x", "");
	EXPECT_EQ(uk_sys_rmdir("sub"), -ENOTEMPTY);
	EXPECT_EQ(uk_sys_rmdir("entry-00"), -ENOTDIR);
	EXPECT_EQ(uk_sys_unlink("sub"), -EISDIR);
	EXPECT_EQ(uk_sys_rmdir("."), -EINVAL);
	EXPECT_EQ(uk_sys_rmdir("sub/.."), -ENOTEMPTY);
	EXPECT_EQ(uk_sys_rmdir("/"), -EBUSY);
	EXPECT_EQ(uk_sys_unlink("sub/x"), 0);
	EXPECT_EQ(uk_sys_rmdir("sub"), 0);
	int fd = uk_sys_open("entry-00", O_RDONLY, 0);
	char buf[64];
	EXPECT_EQ(uk_sys_getdents64(fd, buf, sizeof(buf)), -ENOTDIR);
	fd = uk_sys_open(".", O_RDONLY, 0);
	EXPECT_EQ(uk_sys_getdents64(fd, buf, 10), -EINVAL);
	EXPECT_EQ(uk_sys_read(fd, buf, 1), -EISDIR);
}

TEST_F(VfsTest, RenameAndLink)
{
	struct stat st;

	Put("a", "A");
	Put("b", "B");
	ASSERT_EQ(uk_sys_mkdir("d", 0755), 0);
	ASSERT_EQ(uk_sys_mkdir("e", 0755), 0);
	Put("e/x", "");
	EXPECT_EQ(uk_sys_rename("a", "b"), 0);
	EXPECT_EQ(Get("b"), "A");
	EXPECT_EQ(Get("a"), "<" + std::to_string(ENOENT) + ">");
	EXPECT_EQ(uk_sys_rename("b", "d"), -EISDIR);
	EXPECT_EQ(uk_sys_rename("d", "b"), -ENOTDIR);
	EXPECT_EQ(uk_sys_rename("d", "e"), -ENOTEMPTY);
	EXPECT_EQ(uk_sys_rename("d", "d/sub"), -EINVAL);
	EXPECT_EQ(uk_sys_rename("b", "d/b"), 0);
	EXPECT_EQ(uk_sys_renameat2(AT_FDCWD, "d/b", AT_FDCWD, "e/x", 1),
		  -EEXIST);
	EXPECT_EQ(uk_sys_link("d/b", "hard"), 0);
	ASSERT_EQ(uk_sys_stat("hard", &st), 0);
	EXPECT_EQ(st.st_nlink, 2u);
	EXPECT_EQ(uk_sys_rename("hard", "d/b"), 0);
	ASSERT_EQ(uk_sys_stat("hard", &st), 0);
	EXPECT_EQ(uk_sys_link("d", "dlink"), -EPERM);
	EXPECT_EQ(uk_sys_link("d/b", "e/x"), -EEXIST);
	EXPECT_EQ(uk_sys_rename("d", "e/d2"), 0);
	EXPECT_EQ(Get("e/d2/b"), "A");
	EXPECT_EQ(uk_sys_rename(".", "z"), -EBUSY);
}

TEST_F(VfsTest, UnlinkedFileStaysReadable)
{
	char buf[8];
	struct stat st;
	int fd = uk_sys_open("f", O_CREAT | O_RDWR, 0644);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "kept", 4), 4);
	EXPECT_EQ(uk_sys_unlink("f"), 0);
	EXPECT_EQ(uk_sys_stat("f", &st), -ENOENT);
	ASSERT_EQ(uk_sys_fstat(fd, &st), 0);
	EXPECT_EQ(st.st_nlink, 0u);
	EXPECT_EQ(uk_sys_pread64(fd, buf, sizeof(buf), 0), 4);
	EXPECT_EQ(std::string(buf, 4), "kept");
	ASSERT_EQ(uk_sys_mkdir("gone", 0755), 0);
	ASSERT_EQ(uk_sys_chdir("gone"), 0);
	ASSERT_EQ(uk_sys_rmdir("../gone"), 0);
	EXPECT_EQ(uk_sys_getcwd(buf, sizeof(buf)), -ENOENT);
	EXPECT_EQ(uk_sys_open("new", O_CREAT | O_RDWR, 0644), -ENOENT);
}

TEST_F(VfsTest, StatxAndStatfs)
{
	struct uk_statx stx;
	struct statfs sfs;

	Put("f", "12345");
	ASSERT_EQ(uk_sys_statx(AT_FDCWD, "f", 0, 0x7ff, &stx), 0);
	EXPECT_EQ(stx.stx_size, 5u);
	EXPECT_EQ(stx.stx_mode, S_IFREG | 0644);
	EXPECT_EQ(uk_sys_statx(AT_FDCWD, "f", 0x10000, 0x7ff, &stx), -EINVAL);
	ASSERT_EQ(uk_sys_statfs("f", &sfs), 0);
	EXPECT_EQ(sfs.f_type, UK_RAMFS_MAGIC);
	EXPECT_GT(sfs.f_bfree, 0u);
	int fd = uk_sys_open("f", O_RDONLY, 0);
	EXPECT_EQ(uk_sys_fstatfs(fd, &sfs), 0);
	EXPECT_EQ(uk_sys_fsync(fd), 0);
	EXPECT_EQ(uk_sys_fsync(9999), -EBADF);
}

} // namespace

namespace {

// The file half of mmap: core/syscall allocates zeroed pages, the VFS
// fills them.
TEST_F(VfsTest, MmapFillsFromTheFile)
{
	std::string page(4096, '\0');
	int fd, wo, p[2];

	Put("f", "0123456789");
	fd = uk_sys_open("f", O_RDWR, 0);
	EXPECT_EQ(uk_mmap_file(&page[0], page.size(), PROT_READ, MAP_PRIVATE,
			       fd, 4096),
		  0);
	EXPECT_EQ(page, std::string(4096, '\0'));
	EXPECT_EQ(uk_mmap_file(&page[0], page.size(), PROT_READ, MAP_PRIVATE,
			       fd, 0),
		  0);
	EXPECT_EQ(page.substr(0, 11), std::string("0123456789\0", 11));
	wo = uk_sys_open("f", O_WRONLY, 0);
	EXPECT_EQ(uk_mmap_file(&page[0], 10, PROT_READ, MAP_PRIVATE, wo, 0),
		  -EACCES);
	ASSERT_EQ(uk_sys_pipe2(p, 0), 0);
	EXPECT_EQ(uk_mmap_file(&page[0], 10, PROT_READ, MAP_PRIVATE, p[0], 0),
		  -ENODEV);
	EXPECT_EQ(uk_mmap_file(&page[0], 10, PROT_READ, MAP_PRIVATE, 999, 0),
		  -EBADF);
}

// MAP_SHARED on ramfs: the mapping's pages are the file's until munmap,
// so stores through it and read()/write() see the same bytes.
TEST_F(VfsTest, MmapSharedIsTheFilesPages)
{
	char *mem = static_cast<char *>(aligned_alloc(4096, 2 * 4096));
	char *other = static_cast<char *>(aligned_alloc(4096, 4096));
	char buf[8] = {};

	ASSERT_TRUE(mem && other);
	memset(mem, 0, 2 * 4096);
	Put("s", "hello");
	int fd = uk_sys_open("s", O_RDWR, 0);
	ASSERT_EQ(uk_mmap_file(mem, 2 * 4096, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd, 0),
		  0);
	EXPECT_EQ(std::string(mem, 6), std::string("hello\0", 6));
	memcpy(mem, "HE", 2);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 5, 0), 5);
	EXPECT_EQ(std::string(buf, 5), "HEllo");
	EXPECT_EQ(uk_sys_pwrite64(fd, "xy", 2, 4096), 2);
	EXPECT_EQ(std::string(mem + 4096, 2), "xy");
	// A page can be in one shared mapping only.
	EXPECT_EQ(uk_mmap_file(other, 4096, PROT_READ, MAP_SHARED, fd, 4096),
		  -ENODEV);
	// Shrinking the file drops the second page from it, not from the
	// mapping; growing it again reads zeros there.
	EXPECT_EQ(uk_sys_ftruncate(fd, 4096), 0);
	EXPECT_EQ(std::string(mem + 4096, 2), "xy");
	EXPECT_EQ(uk_sys_ftruncate(fd, 4096 + 2), 0);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 2, 4096), 2);
	EXPECT_EQ(std::string(buf, 2), std::string("\0\0", 2));
	// munmap: the file keeps a copy; the memory is free to reuse.
	EXPECT_EQ(uk_munmap_file(mem), 0);
	memset(mem, 'z', 2 * 4096);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 5, 0), 5);
	EXPECT_EQ(std::string(buf, 5), "HEllo");
	EXPECT_EQ(uk_munmap_file(mem), 0);
	// The pages are free for another shared mapping now.
	EXPECT_EQ(uk_mmap_file(other, 4096, PROT_READ, MAP_SHARED, fd, 0), 0);
	EXPECT_EQ(std::string(other, 5), "HEllo");
	EXPECT_EQ(uk_munmap_file(other), 0);
	// PROT_NONE pages are guarded by mmap: the file does not take them.
	EXPECT_EQ(uk_mmap_file(other, 4096, PROT_NONE, MAP_SHARED, fd, 0), 0);
	EXPECT_EQ(uk_sys_pwrite64(fd, "h", 1, 0), 1);
	EXPECT_EQ(other[0], 'H');
	EXPECT_EQ(uk_munmap_file(other), 0);
	// Read-only fd: no writable shared mapping.
	int ro = uk_sys_open("s", O_RDONLY, 0);
	EXPECT_EQ(uk_mmap_file(other, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			       ro, 0),
		  -EACCES);
	uk_sys_close(ro);
	uk_sys_close(fd);
	free(other);
	free(mem);
}

} // namespace
