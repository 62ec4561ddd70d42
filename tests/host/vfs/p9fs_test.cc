// 9pfs against a 9P2000.L server in the test that serves a directory of
// the host: what the image writes, the host sees, and the reverse.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/host/vfs/fake9p.h"
#include "tests/host/vfs/vfs_fixture.h"

namespace {

class P9fsTest : public VfsTest {
protected:
	void SetUp() override
	{
		VfsTest::SetUp();
		const char *tmp = getenv("TEST_TMPDIR");
		host_ = std::string(tmp ? tmp : "/tmp") + "/share-" +
			dir_.substr(1);
		ASSERT_EQ(mkdir(host_.c_str(), 0755), 0);
		server_.reset(new Fake9p(host_));
		ASSERT_EQ(uk_sys_mkdir("mnt", 0755), 0);
		ASSERT_EQ(uk_9pfs_mount((dir_ + "/mnt").c_str(),
					server_->transport(), "", 0),
			  0);
	}

	std::string HostRead(const std::string &name)
	{
		std::ifstream in(host_ + "/" + name);
		std::stringstream ss;

		ss << in.rdbuf();
		return ss.str();
	}

	void HostWrite(const std::string &name, const std::string &data)
	{
		std::ofstream(host_ + "/" + name) << data;
	}

	std::string host_;
	std::unique_ptr<Fake9p> server_;
};

TEST_F(P9fsTest, WritesReachTheHostAndBack)
{
	struct stat st;
	char buf[64];

	Put("mnt/from-image", "written by the image");
	EXPECT_EQ(HostRead("from-image"), "written by the image");
	HostWrite("from-host", "written by the host");
	EXPECT_EQ(Get("mnt/from-host"), "written by the host");
	ASSERT_EQ(uk_sys_stat("mnt/from-host", &st), 0);
	EXPECT_EQ(st.st_size, 19);
	EXPECT_TRUE(S_ISREG(st.st_mode));
	// Larger than one message: split into several reads and writes.
	std::string big(50000, 'q');
	for (size_t i = 0; i < big.size(); i += 7)
		big[i] = (char)('a' + i % 26);
	Put("mnt/big", big);
	EXPECT_EQ(HostRead("big"), big);
	EXPECT_EQ(Get("mnt/big"), big);
	int fd = uk_sys_open("mnt/big", O_RDWR, 0);
	EXPECT_EQ(uk_sys_pread64(fd, buf, 4, 7), 4);
	EXPECT_EQ(std::string(buf, 4), big.substr(7, 4));
	EXPECT_EQ(uk_sys_ftruncate(fd, 10), 0);
	ASSERT_EQ(stat((host_ + "/big").c_str(), &st), 0);
	EXPECT_EQ(st.st_size, 10);
}

TEST_F(P9fsTest, NamespaceCallsGoToTheHost)
{
	struct stat st;
	char buf[64];

	ASSERT_EQ(uk_sys_mkdir("mnt/d", 0750), 0);
	ASSERT_EQ(stat((host_ + "/d").c_str(), &st), 0);
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	Put("mnt/d/a", "A");
	EXPECT_EQ(uk_sys_rename("mnt/d/a", "mnt/b"), 0);
	EXPECT_EQ(HostRead("b"), "A");
	EXPECT_EQ(uk_sys_link("mnt/b", "mnt/b2"), 0);
	ASSERT_EQ(stat((host_ + "/b2").c_str(), &st), 0);
	EXPECT_EQ(st.st_nlink, 2u);
	EXPECT_EQ(uk_sys_symlink("b", "mnt/l"), 0);
	EXPECT_EQ(uk_sys_readlink("mnt/l", buf, sizeof(buf)), 1);
	EXPECT_EQ(Get("mnt/l"), "A");
	EXPECT_EQ(uk_sys_chmod("mnt/b", 0600), 0);
	ASSERT_EQ(stat((host_ + "/b").c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 07777, 0600u);
	HostWrite("d/x", "");
	EXPECT_EQ(List("mnt/d"), (std::set<std::string>{ ".", "..", "x" }));
	EXPECT_EQ(List("mnt"),
		  (std::set<std::string>{ ".", "..", "b", "b2", "d", "l" }));
	EXPECT_EQ(uk_sys_rmdir("mnt/d"), -ENOTEMPTY);
	EXPECT_EQ(uk_sys_unlink("mnt/d/x"), 0);
	EXPECT_EQ(uk_sys_rmdir("mnt/d"), 0);
	EXPECT_NE(stat((host_ + "/d").c_str(), &st), 0);
	EXPECT_EQ(uk_sys_unlink("mnt/b2"), 0);
	EXPECT_EQ(uk_sys_stat("mnt/missing", &st), -ENOENT);
	EXPECT_EQ(uk_sys_open("mnt/b", O_CREAT | O_EXCL | O_RDWR, 0644),
		  -EEXIST);
	// Renames across mounts stay refused.
	EXPECT_EQ(uk_sys_rename("mnt/b", "here"), -EXDEV);
	// ".." of the mount's root leaves the mount.
	ASSERT_EQ(uk_sys_stat("mnt/..", &st), 0);
	struct stat here;
	ASSERT_EQ(uk_sys_stat(".", &here), 0);
	EXPECT_EQ(st.st_ino, here.st_ino);
}

TEST_F(P9fsTest, ServerErrorsAndFids)
{
	size_t base = server_->fids();

	Put("mnt/f", "x");
	server_->fail_type = 24; // Tgetattr
	server_->fail_errno = EACCES;
	struct stat st;
	EXPECT_EQ(uk_sys_stat("mnt/f", &st), -EACCES);
	EXPECT_EQ(Get("mnt/f"), "x");
	// The server's permission check fails open itself, as on Linux.
	server_->fail_type = 12; // Tlopen
	server_->fail_errno = EACCES;
	EXPECT_EQ(uk_sys_open("mnt/f", O_RDWR, 0), -EACCES);
	// Every vnode and open file gone: only the root's fid is left.
	EXPECT_EQ(server_->fids(), base);
}

} // namespace
