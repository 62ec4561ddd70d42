// Fake socket families for posix/socket tests: record every call.
#ifndef TESTS_HOST_SOCKET_FAKE_FAMILY_H
#define TESTS_HOST_SOCKET_FAKE_FAMILY_H

#include <poll.h>

#include <uk/socket.h>

#include <memory>
#include <string>
#include <vector>

// One socket of a fake family.
struct FakeSock {
	posix_socket_driver *d = nullptr;
	int family = -1, type = -1, protocol = -1;
	int closes = 0;
	int nonblock_sets = 0;
	bool nonblock = false;
	// Bytes the socket sent, and bytes its receives return.
	std::string sent, input;
	// The last call's name and flags/level/how argument.
	std::string last_call;
	int last_arg = 0;
	unsigned long last_ioctl = 0;
	sockaddr_storage last_addr{};
	socklen_t last_addr_len = 0;
	bool got_addr = false;
	uk_poll_chain *chain = nullptr;
	int chains_given = 0;
	unsigned int events = POLLOUT;
};

// Behaviour switches and the sockets made so far, for all fake families.
struct FakeState {
	std::vector<std::unique_ptr<FakeSock>> socks;
	// Errors the next create/accept4/socketpair/poll/ioctl returns.
	int create_err = 0, accept_err = 0, pair_err = 0, poll_err = 0;
	int fionbio_err = 0;
	int close_ret = 0;
	int inits = 0;
	posix_socket_driver *init_driver = nullptr;

	FakeSock *last()
	{
		return socks.empty() ? nullptr : socks.back().get();
	}
	void Reset()
	{
		*this = FakeState();
	}
};

extern FakeState fake;

// Every op implemented, recording into FakeSock.
extern const posix_socket_ops fake_ops;
// Only create: every other call must fail the documented way.
extern const posix_socket_ops fake_minimal_ops;

#endif // TESTS_HOST_SOCKET_FAKE_FAMILY_H
