// posix/fs/cpio: extraction of good archives, and refusal of truncated
// and malicious ones without writing outside the target directory.
#include <cstdio>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
#include <uk/cpio.h>
}

namespace {

// Appends one newc entry (fields as a packer writes them) to an archive.
void Entry(std::string *a, const std::string &name, unsigned int mode,
	   const std::string &data, long namesize = -1)
{
	char hdr[111];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1u, mode, 0u, 0u, 1u, 0u, (unsigned)data.size(), 0u, 0u, 0u,
		 0u,
		 (unsigned)(namesize < 0 ? (long)name.size() + 1 : namesize),
		 0u);
	*a += hdr;
	*a += name;
	*a += '\0';
	while (a->size() % 4)
		*a += '\0';
	*a += data;
	while (a->size() % 4)
		*a += '\0';
}

std::string Trailer()
{
	std::string a;

	Entry(&a, "TRAILER!!!", 0, "");
	return a;
}

class CpioTest : public VfsTest {
protected:
	// Extracts into ./root; the test checks that nothing lands in ".".
	int Extract(const std::string &a, uk_cpio_error *err = nullptr)
	{
		uk_cpio_error e;
		int d, ret;

		uk_sys_mkdir("root", 0755);
		d = uk_sys_open("root", O_RDONLY | O_DIRECTORY, 0);
		EXPECT_GE(d, 0);
		ret = uk_cpio_extract(a.data(), a.size(), d, err ? err : &e);
		uk_sys_close(d);
		return ret;
	}

	// What "." holds besides root/: must stay empty.
	std::set<std::string> Outside()
	{
		std::set<std::string> s = List(".");

		s.erase(".");
		s.erase("..");
		s.erase("root");
		return s;
	}
};

TEST_F(CpioTest, ExtractsFilesDirectoriesAndLinks)
{
	std::string a;
	struct stat st;

	Entry(&a, ".", S_IFDIR | 0755, "");
	Entry(&a, "etc", S_IFDIR | 0750, "");
	Entry(&a, "etc/app.conf", S_IFREG | 0600, "port=8080\n");
	Entry(&a, "/bin/tool", S_IFREG | 0755, std::string(5000, 't'));
	Entry(&a, "etc/link", S_IFLNK | 0777, "app.conf");
	a += Trailer();
	ASSERT_EQ(uk_sys_mkdir("root", 0755), 0);
	ASSERT_EQ(uk_sys_mkdir("root/bin", 0700), 0);
	ASSERT_EQ(Extract(a), 0);
	EXPECT_EQ(Get("root/etc/app.conf"), "port=8080\n");
	EXPECT_EQ(Get("root/etc/link"), "port=8080\n");
	EXPECT_EQ(Get("root/bin/tool"), std::string(5000, 't'));
	ASSERT_EQ(uk_sys_stat("root/etc", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0750u);
	ASSERT_EQ(uk_sys_stat("root/etc/app.conf", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFREG | 0600u);
	EXPECT_EQ(Outside(), std::set<std::string>());
}

TEST_F(CpioTest, EveryTruncationIsRefused)
{
	std::string a;

	Entry(&a, "d", S_IFDIR | 0755, "");
	Entry(&a, "d/f", S_IFREG | 0644, "0123456789");
	a += Trailer();
	for (size_t n = 0; n < a.size(); n++) {
		uk_cpio_error err = {};

		EXPECT_EQ(Extract(a.substr(0, n), &err), -EINVAL) << n;
		EXPECT_NE(err.reason, nullptr);
		// Entries before the cut may exist; a file is never partial.
		std::string got = Get("root/d/f");
		EXPECT_TRUE(got == "0123456789" ||
			    got == "<" + std::to_string(ENOENT) + ">")
			<< n << " " << got;
		uk_sys_unlink("root/d/f");
	}
	EXPECT_EQ(Extract(a), 0);
	EXPECT_EQ(Outside(), std::set<std::string>());
}

TEST_F(CpioTest, MaliciousArchivesAreRefused)
{
	struct Case {
		std::string archive;
		const char *reason;
	};
	std::string bad_magic = Trailer(), bad_hex = Trailer(), no_nul, huge,
		    dotdot, dotdot_mid, abs_dotdot, device, zero_name, link_nul;

	bad_magic[5] = '7';
	bad_hex[20] = 'G';
	Entry(&no_nul, "abc", S_IFREG | 0644, "x", 3);
	no_nul += Trailer();
	Entry(&huge, "f", S_IFREG | 0644, "xy");
	huge.replace(6 + 8 * 6, 8, "7FFFFFFF");
	Entry(&dotdot, "../escape", S_IFREG | 0644, "x");
	Entry(&dotdot_mid, "a/../../escape", S_IFREG | 0644, "x");
	Entry(&abs_dotdot, "/../escape", S_IFDIR | 0755, "");
	Entry(&device, "dev", S_IFCHR | 0644, "");
	Entry(&zero_name, "f", S_IFREG | 0644, "", 0);
	Entry(&link_nul, "l", S_IFLNK | 0777, std::string("a\0b", 3));
	const Case cases[] = {
		{ bad_magic, "bad magic" },
		{ bad_hex, "bad number in the header" },
		{ no_nul, "name not NUL-terminated" },
		{ huge, "truncated data" },
		{ dotdot + Trailer(), "path leaves the root" },
		{ dotdot_mid + Trailer(), "path leaves the root" },
		{ abs_dotdot + Trailer(), "path leaves the root" },
		{ device + Trailer(), "unsupported file type" },
		{ zero_name + Trailer(), "bad name size" },
		{ link_nul + Trailer(), "bad link target" },
		{ "", "truncated header" },
	};

	for (const Case &c : cases) {
		uk_cpio_error err = {};

		EXPECT_EQ(Extract(c.archive, &err), -EINVAL) << c.reason;
		EXPECT_STREQ(err.reason, c.reason);
		EXPECT_EQ(err.offset, 0u) << c.reason;
	}
	EXPECT_EQ(Outside(), std::set<std::string>());
	EXPECT_EQ(List("root"), (std::set<std::string>{ ".", ".." }));
}

// A link the archive made, then a name through it: with "up" -> ".."
// or "/", "up/escape" would land outside root/; "up" -> "." is refused
// alike (the rule is simple: no link among a name's directories).
TEST_F(CpioTest, NamesThroughALinkAreRefused)
{
	const char *targets[] = { "..", "/", "." };

	for (const char *target : targets) {
		for (unsigned int mode : { S_IFREG | 0644u, S_IFDIR | 0755u }) {
			std::string a;
			uk_cpio_error err = {};

			Entry(&a, "up", S_IFLNK | 0777, target);
			size_t second = a.size();
			Entry(&a, "up/escape", mode, S_ISREG(mode) ? "x" : "");
			a += Trailer();
			EXPECT_EQ(Extract(a, &err), -EINVAL) << target;
			EXPECT_STREQ(err.reason, "path goes through a link");
			EXPECT_EQ(err.offset, second);
			EXPECT_EQ(Outside(), std::set<std::string>()) << target;
			EXPECT_EQ(List("root"),
				  (std::set<std::string>{ ".", "..", "up" }));
			EXPECT_EQ(uk_sys_unlink("root/up"), 0);
		}
	}
	EXPECT_EQ(Get("/escape"), "<" + std::to_string(ENOENT) + ">");
}

TEST_F(CpioTest, ExistingFilesAreNotOverwritten)
{
	std::string a;
	uk_cpio_error err = {};

	ASSERT_EQ(uk_sys_mkdir("root", 0755), 0);
	Put("root/f", "mine");
	Entry(&a, "f", S_IFREG | 0644, "theirs");
	a += Trailer();
	EXPECT_EQ(Extract(a, &err), -EEXIST);
	EXPECT_STREQ(err.reason, "cannot create the file");
	EXPECT_EQ(Get("root/f"), "mine");
}

} // namespace
