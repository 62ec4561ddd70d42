// Host tests of the AF_UNIX receive ring: records that wrap around the end,
// partial reads, and the iovec cursors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

extern "C" {
#include <uk/allocbuddy.h>

#include "posix/socket/unix/ring.h"
}

namespace {

class RingTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		constexpr size_t kArena = 4 << 20;
		static void *mem = aligned_alloc(__PAGE_SIZE, kArena);

		if (!uk_alloc_get_default())
			uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
	}

	void SetUp() override
	{
		memset(&r, 0, sizeof(r));
		ASSERT_EQ(posix_unix_ring_resize(&r, 256), 0);
	}

	void TearDown() override
	{
		posix_unix_ring_resize(&r, 0);
	}

	void Put(const std::string &s, void *anc = nullptr)
	{
		iovec iov = { (void *)s.data(), s.size() };
		posix_unix_iov c;

		posix_unix_iov_init(&c, &iov, 1);
		ASSERT_LE(s.size(), posix_unix_ring_room(&r));
		posix_unix_ring_put(&r, &c, s.size(), anc);
	}

	// Reads up to n bytes of the first record and consumes them.
	std::string Get(size_t n)
	{
		std::string out(n, '\0');
		iovec iov = { out.data(), n };
		posix_unix_iov c;
		posix_unix_rec *h = posix_unix_ring_rec(&r, r.head);

		posix_unix_iov_init(&c, &iov, 1);
		n = std::min(n, size_t(h->len - h->off));
		posix_unix_ring_read(&r, r.head, h->off, &c, n);
		posix_unix_ring_consume(&r, n);
		out.resize(n);
		return out;
	}

	posix_unix_ring r;
};

TEST_F(RingTest, RecordsComeBackInOrder)
{
	Put("hello");
	Put("world!");
	EXPECT_EQ(r.records, 2u);
	EXPECT_EQ(r.bytes, 11u);
	EXPECT_EQ(Get(100), "hello");
	EXPECT_EQ(Get(100), "world!");
	EXPECT_EQ(r.records, 0u);
	EXPECT_EQ(r.bytes, 0u);
	EXPECT_EQ(posix_unix_ring_rec(&r, r.head), nullptr);
}

TEST_F(RingTest, PartialReadsKeepTheRecord)
{
	int tag;

	Put("abcdefgh", &tag);
	EXPECT_EQ(Get(3), "abc");
	EXPECT_EQ(r.records, 1u);
	EXPECT_EQ(r.bytes, 5u);
	posix_unix_rec *h = posix_unix_ring_rec(&r, r.head);
	ASSERT_NE(h, nullptr);
	EXPECT_EQ(h->off, 3u);
	std::string rest(5, '\0');
	iovec iov = { rest.data(), 5 };
	posix_unix_iov c;
	posix_unix_iov_init(&c, &iov, 1);
	posix_unix_ring_read(&r, r.head, h->off, &c, 5);
	EXPECT_EQ(rest, "defgh");
	// The ancillary data comes back when the record leaves.
	EXPECT_EQ(posix_unix_ring_consume(&r, 5), &tag);
}

TEST_F(RingTest, BytesWrapAroundTheEnd)
{
	// 256 bytes: each 100-byte record takes 16 + 112; the third wraps.
	std::string a(100, 'a'), b(100, 'b'), c;
	for (int i = 0; i < 100; i++)
		c += char('0' + i % 10);
	Put(a);
	EXPECT_EQ(Get(100), a);
	Put(b);
	EXPECT_EQ(posix_unix_ring_room(&r), 256u - 128 - 16);
	EXPECT_LT(posix_unix_ring_room(&r), 128u);
	EXPECT_EQ(Get(100), b);
	Put(c);
	Put(c);
	EXPECT_EQ(posix_unix_ring_room(&r), 0u);
	EXPECT_EQ(Get(100), c);
	EXPECT_EQ(Get(100), c);
}

TEST_F(RingTest, FullRingHasNoRoom)
{
	Put(std::string(240, 'x'));
	EXPECT_EQ(posix_unix_ring_room(&r), 0u);
	EXPECT_EQ(Get(1000).size(), 240u);
	EXPECT_EQ(posix_unix_ring_room(&r), 240u);
}

TEST(IovTest, CopiesAcrossBuffersSkippingEmptyOnes)
{
	char s1[] = "ab", s3[] = "cdef", d1[3] = {}, d2[3] = {};
	iovec src[3] = { { s1, 2 }, { nullptr, 0 }, { s3, 4 } };
	iovec dst[3] = { { d1, 3 }, { nullptr, 0 }, { d2, 3 } };
	posix_unix_iov s, d;

	posix_unix_iov_init(&s, src, 3);
	posix_unix_iov_init(&d, dst, 3);
	EXPECT_EQ(posix_unix_iov_left(&s), 6u);
	posix_unix_iov_copy(&d, &s, 5);
	EXPECT_EQ(std::string(d1, 3), "abc");
	EXPECT_EQ(std::string(d2, 2), "de");
	EXPECT_EQ(posix_unix_iov_left(&s), 1u);
	EXPECT_EQ(posix_unix_iov_left(&d), 1u);
}

} // namespace
