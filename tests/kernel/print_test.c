/* In-kernel tests of the kernel's formatter and the boot argv parser. */
#include <uk/argparse.h>
#include <uk/print.h>
#include <uk/test.h>

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

TESTCASE(print, integers)
{
	char buf[64];

	EXPECT_EQ(uk_snprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08lx", -42, 7u,
			      0xabu, 0x1234UL),
		  23);
	EXPECT_TRUE(streq(buf, "-42|    7|ab  |00001234"));
}

TESTCASE(print, truncation)
{
	char buf[8];

	EXPECT_EQ(uk_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	EXPECT_TRUE(streq(buf, "0123456"));
}

TESTCASE(argparse, quoting)
{
	char line[] = "kernel 'a b' \"c\\\"d\" e\\ f";
	char *argv[8];

	EXPECT_EQ(uk_argparse(line, argv, 7), 4);
	EXPECT_TRUE(streq(argv[1], "a b"));
	EXPECT_TRUE(streq(argv[2], "c\"d"));
	EXPECT_TRUE(streq(argv[3], "e f"));
	EXPECT_TRUE(argv[4] == NULL);
}
