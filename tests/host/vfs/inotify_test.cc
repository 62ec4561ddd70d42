// inotify on the VFS: moves with a shared cookie, IN_MOVE_SELF,
// IN_ATTRIB from chmod and link counts, IN_DELETE_SELF then IN_IGNORED,
// IN_OPEN/IN_ACCESS, and the merging of equal events.
#include <sys/inotify.h>

#include <vector>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
int uk_sys_inotify_init1(int flags);
int uk_sys_inotify_add_watch(int fd, const char *path, uint32_t mask);
}

namespace {

struct Event {
	int wd;
	uint32_t mask, cookie;
	std::string name;
};

class InotifyTest : public VfsTest {
protected:
	std::vector<Event> Read(int fd)
	{
		alignas(8) char buf[4096];
		std::vector<Event> out;
		ssize_t n = uk_sys_read(fd, buf, sizeof(buf));

		for (ssize_t pos = 0; pos < n;) {
			auto *ev = reinterpret_cast<inotify_event *>(buf + pos);

			out.push_back({ ev->wd, ev->mask, ev->cookie,
					ev->len ? ev->name : "" });
			pos += (ssize_t)(sizeof(*ev) + ev->len);
		}
		return out;
	}
};

TEST_F(InotifyTest, MovesShareACookie)
{
	int in = uk_sys_inotify_init1(IN_NONBLOCK), dir, file;
	std::vector<Event> ev;

	ASSERT_GE(in, 0);
	Put("a", "x");
	ASSERT_EQ(uk_sys_mkdir("d", 0755), 0);
	dir = uk_sys_inotify_add_watch(in, ".", IN_MOVED_FROM);
	ASSERT_GT(dir, 0);
	ASSERT_EQ(uk_sys_inotify_add_watch(in, "d", IN_MOVED_TO), dir + 1);
	file = uk_sys_inotify_add_watch(in, "a", IN_MOVE_SELF);
	ASSERT_EQ(uk_sys_rename("a", "d/b"), 0);
	ev = Read(in);
	ASSERT_EQ(ev.size(), 3u);
	EXPECT_EQ(ev[0].wd, dir);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVED_FROM);
	EXPECT_EQ(ev[0].name, "a");
	EXPECT_EQ(ev[1].wd, dir + 1);
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_MOVED_TO);
	EXPECT_EQ(ev[1].name, "b");
	EXPECT_NE(ev[0].cookie, 0u);
	EXPECT_EQ(ev[0].cookie, ev[1].cookie);
	EXPECT_EQ(ev[2].wd, file);
	EXPECT_EQ(ev[2].mask, (uint32_t)IN_MOVE_SELF);
	EXPECT_EQ(ev[2].cookie, 0u);
}

TEST_F(InotifyTest, AttribAndDeleteSelf)
{
	int in = uk_sys_inotify_init1(IN_NONBLOCK), wd, fd;
	std::vector<Event> ev;
	char c;

	ASSERT_GE(in, 0);
	Put("f", "x");
	wd = uk_sys_inotify_add_watch(in, "f", IN_ALL_EVENTS);
	ASSERT_GT(wd, 0);
	fd = uk_sys_open("f", O_RDONLY, 0);
	ASSERT_EQ(uk_sys_read(fd, &c, 1), 1);
	uk_sys_close(fd);
	// Two equal events in a row are one.
	ASSERT_EQ(uk_sys_chmod("f", 0600), 0);
	ASSERT_EQ(uk_sys_chmod("f", 0640), 0);
	ASSERT_EQ(uk_sys_unlink("f"), 0);
	ev = Read(in);
	std::vector<uint32_t> masks;
	for (const Event &e : ev) {
		EXPECT_EQ(e.wd, wd);
		masks.push_back(e.mask);
	}
	EXPECT_EQ(masks, (std::vector<uint32_t>{ IN_OPEN, IN_ACCESS,
						 IN_CLOSE_NOWRITE, IN_ATTRIB,
						 IN_DELETE_SELF, IN_IGNORED }));
}

// A watched directory hears of its children with their names, before the
// child's own watch; a subdirectory's events carry IN_ISDIR.
TEST_F(InotifyTest, ChildrenEvents)
{
	int in = uk_sys_inotify_init1(IN_NONBLOCK), dir, file, fd;
	std::vector<Event> ev;

	ASSERT_GE(in, 0);
	Put("c", "x");
	ASSERT_EQ(uk_sys_mkdir("sub", 0755), 0);
	dir = uk_sys_inotify_add_watch(in, ".", IN_OPEN | IN_ATTRIB);
	file = uk_sys_inotify_add_watch(in, "c", IN_OPEN);
	ASSERT_GT(dir, 0);
	ASSERT_GT(file, 0);
	fd = uk_sys_open("c", O_RDONLY, 0);
	ASSERT_GE(fd, 0);
	uk_sys_close(fd);
	ASSERT_EQ(uk_sys_chmod("sub", 0700), 0);
	// Link counts are the file's own business.
	ASSERT_EQ(uk_sys_link("c", "c2"), 0);
	ev = Read(in);
	ASSERT_EQ(ev.size(), 3u);
	EXPECT_EQ(ev[0].wd, dir);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_OPEN);
	EXPECT_EQ(ev[0].name, "c");
	EXPECT_EQ(ev[1].wd, file);
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_OPEN);
	EXPECT_EQ(ev[2].wd, dir);
	EXPECT_EQ(ev[2].mask, (uint32_t)(IN_ATTRIB | IN_ISDIR));
	EXPECT_EQ(ev[2].name, "sub");
}

} // namespace
