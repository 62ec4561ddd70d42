#include <gtest/gtest.h>
#include <uk/essentials.h>

TEST(Essentials, AlignUp)
{
	EXPECT_EQ(UK_ALIGN_UP(4097UL, __PAGE_SIZE), 8192UL);
	EXPECT_EQ(UK_ALIGN_DOWN(4097UL, __PAGE_SIZE), 4096UL);
}
