// memfd seals: MFD_ALLOW_SEALING, F_ADD_SEALS/F_GET_SEALS and the EPERM
// of each seal where Linux gives it (write, ftruncate, fallocate, a
// writable shared mapping), EBUSY for F_SEAL_WRITE under such a mapping.
#include <sys/mman.h>

#include "tests/host/vfs/vfs_fixture.h"

namespace {

class SealsTest : public VfsTest {
protected:
	int Memfd(unsigned int flags)
	{
		int fd = uk_sys_memfd_create("seals", flags);

		EXPECT_GE(fd, 0);
		return fd;
	}
};

TEST_F(SealsTest, WhoTakesSeals)
{
	int plain = Memfd(0), sealable = Memfd(MFD_ALLOW_SEALING), fd;

	EXPECT_EQ(uk_sys_fcntl(plain, F_GET_SEALS, 0), F_SEAL_SEAL);
	EXPECT_EQ(uk_sys_fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE), -EPERM);
	EXPECT_EQ(uk_sys_fcntl(sealable, F_GET_SEALS, 0), 0);
	EXPECT_EQ(uk_sys_fcntl(sealable, F_ADD_SEALS, 0x1000), -EINVAL);
	EXPECT_EQ(uk_sys_memfd_create("x", 0x100), -EINVAL);
	// Other files take none.
	Put("file", "data");
	fd = uk_sys_open("file", O_RDWR, 0);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GET_SEALS, 0), -EINVAL);
	EXPECT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL), -EINVAL);
	uk_sys_close(fd);
	fd = uk_sys_open("file", O_RDONLY, 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL), -EPERM);
}

TEST_F(SealsTest, ShrinkAndGrow)
{
	int fd = Memfd(MFD_ALLOW_SEALING);

	ASSERT_EQ(uk_sys_write(fd, "0123456789", 10), 10);
	ASSERT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	EXPECT_EQ(uk_sys_ftruncate(fd, 4), -EPERM);
	EXPECT_EQ(uk_sys_ftruncate(fd, 12), 0);
	ASSERT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GET_SEALS, 0),
		  F_SEAL_SHRINK | F_SEAL_GROW);
	EXPECT_EQ(uk_sys_ftruncate(fd, 13), -EPERM);
	EXPECT_EQ(uk_sys_ftruncate(fd, 12), 0);
	EXPECT_EQ(uk_sys_fallocate(fd, 0, 10, 4), -EPERM);
	EXPECT_EQ(uk_sys_fallocate(fd, 0, 0, 4), 0);
	// Writes within the size go; past the end they are refused.
	EXPECT_EQ(uk_sys_pwrite64(fd, "ab", 2, 10), 2);
	EXPECT_EQ(uk_sys_pwrite64(fd, "abc", 3, 10), -EPERM);
	ASSERT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EPERM);
}

TEST_F(SealsTest, WriteSealAndMappings)
{
	const size_t len = __PAGE_SIZE;
	int fd = Memfd(MFD_ALLOW_SEALING);
	void *map = aligned_alloc(__PAGE_SIZE, len), *ro;

	ASSERT_EQ(uk_sys_ftruncate(fd, (off_t)len), 0);
	memset(map, 0, len);
	ASSERT_EQ(uk_mmap_file(map, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			       0),
		  0);
	// A writable shared mapping keeps F_SEAL_WRITE out.
	EXPECT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EBUSY);
	ASSERT_EQ(uk_munmap_file(map), 0);
	ASSERT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
	EXPECT_EQ(uk_sys_write(fd, "x", 1), -EPERM);
	EXPECT_EQ(uk_sys_ftruncate(fd, 1), 0);
	memset(map, 0, len);
	EXPECT_EQ(uk_mmap_file(map, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			       0),
		  -EPERM);
	ro = aligned_alloc(__PAGE_SIZE, len);
	memset(ro, 0, len);
	EXPECT_EQ(uk_mmap_file(ro, len, PROT_READ, MAP_SHARED, fd, 0), 0);
	EXPECT_EQ(uk_munmap_file(ro), 0);
	EXPECT_EQ(uk_mmap_file(map, len, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			       fd, 0),
		  0);
	free(ro);
	free(map);
}

TEST_F(SealsTest, FutureWrite)
{
	int fd = Memfd(MFD_ALLOW_SEALING);

	ASSERT_EQ(uk_sys_write(fd, "abc", 3), 3);
	ASSERT_EQ(uk_sys_fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE), 0);
	EXPECT_EQ(uk_sys_write(fd, "x", 1), -EPERM);
	EXPECT_EQ(uk_sys_pwrite64(fd, "x", 1, 0), -EPERM);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GET_SEALS, 0), F_SEAL_FUTURE_WRITE);
}

} // namespace
