// sendmmsg and recvmmsg: one sendmsg/recvmsg per message, lengths stored,
// and the errors Linux gives.
#include <sys/socket.h>

#include "tests/host/socket/socket_fixture.h"

namespace {

using MmsgTest = SocketTest;

TEST_F(MmsgTest, SendsEachMessage)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	char a[] = "abc", b[] = "de";
	iovec iov[2] = { { a, 3 }, { b, 2 } };
	mmsghdr vec[2] = {};

	vec[0].msg_hdr.msg_iov = &iov[0];
	vec[0].msg_hdr.msg_iovlen = 1;
	vec[1].msg_hdr.msg_iov = &iov[1];
	vec[1].msg_hdr.msg_iovlen = 1;
	ASSERT_EQ(uk_sys_sendmmsg(fd, vec, 2, MSG_DONTWAIT), 2);
	EXPECT_EQ(s->sent, "abcde");
	EXPECT_EQ(vec[0].msg_len, 3u);
	EXPECT_EQ(vec[1].msg_len, 2u);
	EXPECT_EQ(s->last_call, "sendmsg");
	EXPECT_EQ(s->last_arg, MSG_DONTWAIT);
	// A bad second message: the first one counts.
	vec[1].msg_hdr.msg_iov = nullptr;
	EXPECT_EQ(uk_sys_sendmmsg(fd, vec, 2, 0), 1);
	// A bad first message: its error.
	EXPECT_EQ(uk_sys_sendmmsg(fd, &vec[1], 1, 0), -EFAULT);
	EXPECT_EQ(uk_sys_sendmmsg(fd, vec, 0, 0), 0);
	EXPECT_EQ(uk_sys_sendmmsg(fd, nullptr, 1, 0), -EFAULT);
}

TEST_F(MmsgTest, ReceivesIntoEachMessage)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	char buf[3][2];
	iovec iov[3] = { { buf[0], 2 }, { buf[1], 2 }, { buf[2], 2 } };
	mmsghdr vec[3] = {};
	timespec bad = { 0, 1000000000 };

	for (int i = 0; i < 3; i++) {
		vec[i].msg_hdr.msg_iov = &iov[i];
		vec[i].msg_hdr.msg_iovlen = 1;
	}
	s->input = "abcde";
	ASSERT_EQ(uk_sys_recvmmsg(fd, vec, 3, MSG_WAITFORONE, nullptr), 3);
	EXPECT_EQ(std::string(buf[0], 2), "ab");
	EXPECT_EQ(std::string(buf[2], 1), "e");
	EXPECT_EQ(vec[2].msg_len, 1u);
	// MSG_WAITFORONE: every message after the first is MSG_DONTWAIT.
	EXPECT_EQ(s->last_call, "recvmsg");
	EXPECT_EQ(s->last_arg, MSG_DONTWAIT);
	EXPECT_EQ(uk_sys_recvmmsg(fd, vec, 3, 0, &bad), -EINVAL);
	EXPECT_EQ(uk_sys_recvmmsg(fd, nullptr, 3, 0, nullptr), -EFAULT);
}

TEST_F(MmsgTest, FdMustBeASocket)
{
	mmsghdr vec[1] = {};

	EXPECT_EQ(uk_sys_sendmmsg(77, vec, 1, 0), -EBADF);
	EXPECT_EQ(uk_sys_recvmmsg(77, vec, 1, 0, nullptr), -EBADF);
	EXPECT_EQ(uk_sys_sendmmsg(77, vec, 0, 0), -EBADF);
}

} // namespace
