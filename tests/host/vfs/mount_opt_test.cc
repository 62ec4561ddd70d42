// vfs.mount= values (posix/fs:mount_opt) and the 9P-device registry
// (plat/virtio:9pdev) that boot-time mounts look tags up in.
#include <errno.h>
#include <gtest/gtest.h>
#include <string.h>

#include <string>

extern "C" {
#include <uk/9pdev.h>
#include <uk/mount_opt.h>
}

namespace {

TEST(MountOpt, ParsesA9pShare)
{
	struct uk_mount_opt o;

	ASSERT_EQ(0, uk_mount_opt_parse("hostshare:/mnt:9pfs", &o));
	EXPECT_STREQ("hostshare", o.source);
	EXPECT_STREQ("/mnt", o.path);
	EXPECT_STREQ("9pfs", o.fstype);
	EXPECT_FALSE(o.rdonly);
}

TEST(MountOpt, AliasAndOptions)
{
	struct uk_mount_opt o;

	ASSERT_EQ(0, uk_mount_opt_parse("h:/data/in:9p:ro", &o));
	EXPECT_STREQ("9pfs", o.fstype);
	EXPECT_STREQ("/data/in", o.path);
	EXPECT_TRUE(o.rdonly);
	ASSERT_EQ(0, uk_mount_opt_parse("none:/scratch:ramfs:rw", &o));
	EXPECT_STREQ("ramfs", o.fstype);
	EXPECT_FALSE(o.rdonly);
}

// mount(2)'s data for type 9p: virtio only, aname= kept, the rest ignored.
TEST(MountOpt, NinePData)
{
	char aname[UK_MOUNT_9P_ANAME];
	std::string big = "aname=" + std::string(UK_MOUNT_9P_ANAME, 'a');

	EXPECT_EQ(0, uk_mount_9p_data(nullptr, aname));
	EXPECT_STREQ("", aname);
	EXPECT_EQ(0, uk_mount_9p_data("trans=virtio,version=9p2000.L,"
				      "msize=65536,aname=/export,cache=none",
				      aname));
	EXPECT_STREQ("/export", aname);
	EXPECT_EQ(0, uk_mount_9p_data("access=user", aname));
	EXPECT_STREQ("", aname);
	EXPECT_EQ(-EINVAL, uk_mount_9p_data("trans=tcp", aname));
	EXPECT_EQ(-EINVAL, uk_mount_9p_data("msize=1,trans=virtiox", aname));
	EXPECT_EQ(-EINVAL, uk_mount_9p_data(big.c_str(), aname));
}

TEST(MountOpt, RejectsMalformedValues)
{
	struct uk_mount_opt o;
	const std::string long_tag(UK_MOUNT_OPT_SOURCE, 't');
	const std::string long_path = "/" + std::string(UK_MOUNT_OPT_PATH, 'p');

	for (const char *bad :
	     { "", ":", "h", "h:/m", "h:/m:", ":/m:9pfs", "h::9pfs", "h:m:9pfs",
	       "h:/m:ext4", "h:/m:9pfs:", "h:/m:9pfs:rx", "h:/m:9pfs:ro:x",
	       "h:/m:9pfs:ro:" })
		EXPECT_EQ(-EINVAL, uk_mount_opt_parse(bad, &o)) << bad;
	EXPECT_EQ(-EINVAL,
		  uk_mount_opt_parse((long_tag + ":/m:9pfs").c_str(), &o));
	EXPECT_EQ(-EINVAL,
		  uk_mount_opt_parse(("h:" + long_path + ":9pfs").c_str(), &o));
	EXPECT_EQ(-EINVAL, uk_mount_opt_parse(nullptr, &o));
}

long echo_request(struct uk_9pdev *, const void *, size_t txlen, void *, size_t)
{
	return (long)txlen;
}

TEST(NinePDev, RegistryFindsByTag)
{
	static struct uk_9pdev a, b, dup, noop;

	strcpy(a.tag, "one");
	a.request = echo_request;
	strcpy(b.tag, "two");
	b.request = echo_request;
	strcpy(dup.tag, "one");
	dup.request = echo_request;
	strcpy(noop.tag, "three");
	EXPECT_EQ(0, uk_9pdev_register(&a));
	EXPECT_EQ(0, uk_9pdev_register(&b));
	EXPECT_EQ(-EEXIST, uk_9pdev_register(&dup));
	EXPECT_EQ(-EINVAL, uk_9pdev_register(&noop));
	EXPECT_EQ(-EINVAL, uk_9pdev_register(nullptr));
	EXPECT_EQ(&a, uk_9pdev_find("one"));
	EXPECT_EQ(&b, uk_9pdev_find("two"));
	EXPECT_EQ(nullptr, uk_9pdev_find("three"));
	EXPECT_EQ(nullptr, uk_9pdev_find(nullptr));
}

} // namespace
