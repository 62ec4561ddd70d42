/*
 * Differential test program for the socket API: builds TCP and UDP sockets
 * of AF_INET and AF_INET6 over loopback in every state a program meets,
 * applies each socket call to a fresh socket in that state, and prints what
 * it observes, one "socket: " line per observation, for socket_compare.sh
 * to diff between Linux (the host build) and Tessera (the images). Prints
 * no fd numbers, ports or times. Waits for a state with poll, never with a
 * fixed sleep.
 */
/* POLLRDHUP is a GNU extension in glibc. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

/* How long a state may take to settle (lwIP runs in its own thread). */
#define SETTLE_MS 5000

static const char *errname(int e)
{
	switch (e) {
	case EADDRINUSE:
		return "EADDRINUSE";
	case EADDRNOTAVAIL:
		return "EADDRNOTAVAIL";
	case EAFNOSUPPORT:
		return "EAFNOSUPPORT";
	case EAGAIN:
		return "EAGAIN";
	case EALREADY:
		return "EALREADY";
	case EBADF:
		return "EBADF";
	case ECONNABORTED:
		return "ECONNABORTED";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case ECONNRESET:
		return "ECONNRESET";
	case EDESTADDRREQ:
		return "EDESTADDRREQ";
	case EFAULT:
		return "EFAULT";
	case EINPROGRESS:
		return "EINPROGRESS";
	case EINVAL:
		return "EINVAL";
	case EISCONN:
		return "EISCONN";
	case EMSGSIZE:
		return "EMSGSIZE";
	case ENETUNREACH:
		return "ENETUNREACH";
	case ENOENT:
		return "ENOENT";
	case ENOTDIR:
		return "ENOTDIR";
	case ENXIO:
		return "ENXIO";
	case ENOPROTOOPT:
		return "ENOPROTOOPT";
	case ENOTCONN:
		return "ENOTCONN";
	case ENOTSOCK:
		return "ENOTSOCK";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EPIPE:
		return "EPIPE";
	case EPROTONOSUPPORT:
		return "EPROTONOSUPPORT";
	case EPROTOTYPE:
		return "EPROTOTYPE";
	case ESOCKTNOSUPPORT:
		return "ESOCKTNOSUPPORT";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	default:
		return "other";
	}
}

/* The prefix of every line: family, type and state of the socket. */
static char ctx[64];

/* Prints "socket: CTX what = result" or "... = -1 ERRNO". */
static void show(const char *what, long r)
{
	if (r < 0)
		printf("socket: %s %s = -1 %s\n", ctx, what, errname(errno));
	else
		printf("socket: %s %s = %ld\n", ctx, what, r);
}

static void show_str(const char *what, const char *s)
{
	printf("socket: %s %s = %s\n", ctx, what, s);
}

/* ---- Addresses ---- */

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static socklen_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct sockaddr_in) :
				   sizeof(struct sockaddr_in6);
}

/* Loopback (or, with nonlocal, a documentation address) and port. */
static socklen_t addr_make(union addr *a, int family, int nonlocal,
			   unsigned short port)
{
	memset(a, 0, sizeof(*a));
	a->sa.sa_family = (sa_family_t)family;
	if (family == AF_INET) {
		a->in.sin_port = htons(port);
		inet_pton(AF_INET, nonlocal ? "192.0.2.1" : "127.0.0.1",
			  &a->in.sin_addr);
	} else {
		a->in6.sin6_port = htons(port);
		inet_pton(AF_INET6, nonlocal ? "2001:db8::1" : "::1",
			  &a->in6.sin6_addr);
	}
	return addr_len(family);
}

static unsigned short addr_port(const union addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port :
						  a->in6.sin6_port);
}

/*
 * What getsockname (or, with peer, getpeername) gives for fd, without the
 * numbers that vary.
 */
static void show_name(const char *what, int fd, int peer)
{
	union addr a;
	socklen_t len = sizeof(a);
	char buf[96];
	const char *host = "other";
	int r;

	memset(&a, 0, sizeof(a));
	r = peer ? getpeername(fd, &a.sa, &len) : getsockname(fd, &a.sa, &len);
	if (r < 0) {
		show(what, r);
		return;
	}
	if (a.sa.sa_family == AF_INET) {
		if (a.in.sin_addr.s_addr == htonl(INADDR_ANY))
			host = "any";
		else if (a.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			host = "loopback";
	} else if (a.sa.sa_family == AF_INET6) {
		if (IN6_IS_ADDR_UNSPECIFIED(&a.in6.sin6_addr))
			host = "any";
		else if (IN6_IS_ADDR_LOOPBACK(&a.in6.sin6_addr))
			host = "loopback";
	}
	snprintf(buf, sizeof(buf), "len %u family %d %s port %s",
		 (unsigned int)len, a.sa.sa_family, host,
		 addr_port(&a) ? "set" : "0");
	show_str(what, buf);
}

/* ---- Waiting and readiness ---- */

static short revents(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, timeout_ms) < 0)
		return -1;
	return p.revents;
}

/*
 * Waits until fd shows one of events, or the settle time is over (noted
 * on a line that the comparison ignores).
 */
static void wait_for(int fd, short events)
{
	if (revents(fd, events, SETTLE_MS) == 0)
		printf("wait: %s: no events %#x after %d ms\n", ctx,
		       (unsigned int)events, SETTLE_MS);
}

static void show_revents(const char *what, int fd)
{
	char buf[64];
	short r = revents(fd, POLLIN | POLLOUT | POLLRDHUP | POLLPRI, 0);

	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s", r ? "" : "none",
		 (r & POLLIN) ? " IN" : "", (r & POLLOUT) ? " OUT" : "",
		 (r & POLLERR) ? " ERR" : "", (r & POLLHUP) ? " HUP" : "",
		 (r & POLLRDHUP) ? " RDHUP" : "",
		 (r & POLLNVAL) ? " NVAL" : "");
	show_str(what, buf);
}

static int so_error(int fd)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len) < 0)
		return -1;
	return v;
}

static void show_so_error(const char *what, int fd)
{
	int v = so_error(fd);

	show_str(what, v < 0 ? "failed" : v ? errname(v) : "0");
}

/* getsockopt(SOL_SOCKET, optname) of an int. */
static void show_opt(const char *what, int fd, int optname)
{
	socklen_t len = sizeof(int);
	int v = 0, r = getsockopt(fd, SOL_SOCKET, optname, &v, &len);

	show(what, r < 0 ? r : v);
}

/* setsockopt(SOL_SOCKET, optname, v), then what getsockopt gives. */
static void show_set_opt(const char *what, int fd, int optname, int v)
{
	char got[64];

	show(what, setsockopt(fd, SOL_SOCKET, optname, &v, sizeof(v)));
	snprintf(got, sizeof(got), "%s then", what);
	show_opt(got, fd, optname);
}

/* writev of "ab", an empty buffer and "cd". */
static long writev_zero_mid(int fd)
{
	struct iovec wv[3] = { { "ab", 2 }, { "", 0 }, { "cd", 2 } };

	return writev(fd, wv, 3);
}

/* readv into 2 bytes, an empty buffer and 2 bytes; shows what came. */
static void show_readv_zero_mid(int fd)
{
	char x[2], y[2], empty, buf[8] = { 0 };
	struct iovec rv[3] = { { x, 2 }, { &empty, 0 }, { y, 2 } };
	int r = (int)readv(fd, rv, 3);

	show("readv zero mid", r);
	if (r == 4) {
		memcpy(buf, x, 2);
		memcpy(buf + 2, y, 2);
		show_str("readv got", buf);
	}
}

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* ---- TCP ---- */

enum tcp_state {
	T_FRESH,
	T_BOUND,
	T_LISTENING,
	T_REFUSED,
	T_CONNECTING,
	T_CONNECTED,
	T_SHUT_WR,
	T_SHUT_RD,
	T_PEER_SHUT_WR,
	T_PEER_CLOSED,
	T_RESET,
	T_EOF_READ,
	T_CLOSED,
	T_COUNT
};

static const char *const tcp_state_name[T_COUNT] = {
	"fresh",     "bound",	 "listening", "refused",      "connecting",
	"connected", "shut-wr",	 "shut-rd",   "peer-shut-wr", "peer-closed",
	"reset",     "eof-read", "closed",
};

/* The listener every connection goes to, and a port nobody listens on. */
static int listener = -1;
static union addr listen_addr, closed_addr;
static socklen_t listen_len;
/*
 * A listener with a backlog of 0 and the one connection that fills it:
 * the SYN of another connect is dropped, which stays connecting.
 */
static int full_listener = -1, full_filler = -1;
static union addr full_addr;

static void tcp_setup(int family)
{
	union addr a;
	socklen_t len;
	int probe;

	listener = socket(family, SOCK_STREAM, 0);
	addr_make(&a, family, 0, 0);
	bind(listener, &a.sa, addr_len(family));
	listen(listener, 16);
	nonblock(listener);
	listen_len = sizeof(listen_addr);
	getsockname(listener, &listen_addr.sa, &listen_len);
	/* A port that was just free: bound, then closed without listening. */
	probe = socket(family, SOCK_STREAM, 0);
	bind(probe, &a.sa, addr_len(family));
	len = sizeof(closed_addr);
	getsockname(probe, &closed_addr.sa, &len);
	close(probe);
	full_listener = socket(family, SOCK_STREAM, 0);
	bind(full_listener, &a.sa, addr_len(family));
	listen(full_listener, 0);
	len = sizeof(full_addr);
	getsockname(full_listener, &full_addr.sa, &len);
	full_filler = socket(family, SOCK_STREAM, 0);
	connect(full_filler, &full_addr.sa, len);
}

/*
 * A socket of family in state st, non-blocking; *peer: its accepted peer,
 * or -1.
 */
static int tcp_make(int family, enum tcp_state st, int *peer)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	union addr a;
	char c;
	int s = socket(family, SOCK_STREAM, 0);

	*peer = -1;
	switch (st) {
	case T_BOUND:
		bind(s, &a.sa, addr_make(&a, family, 0, 0));
		break;
	case T_LISTENING:
		bind(s, &a.sa, addr_make(&a, family, 0, 0));
		listen(s, 4);
		break;
	case T_CONNECTING:
		nonblock(s);
		connect(s, &full_addr.sa, listen_len);
		break;
	case T_REFUSED:
		nonblock(s);
		connect(s, &closed_addr.sa, listen_len);
		wait_for(s, POLLOUT);
		break;
	case T_CLOSED:
		close(s);
		return s;
	case T_FRESH:
		break;
	default:
		connect(s, &listen_addr.sa, listen_len);
		wait_for(listener, POLLIN);
		*peer = accept(listener, NULL, NULL);
		break;
	}
	switch (st) {
	case T_SHUT_WR:
		shutdown(s, SHUT_WR);
		wait_for(*peer, POLLRDHUP);
		break;
	case T_SHUT_RD:
		shutdown(s, SHUT_RD);
		break;
	case T_PEER_SHUT_WR:
		shutdown(*peer, SHUT_WR);
		wait_for(s, POLLRDHUP);
		break;
	case T_PEER_CLOSED:
		close(*peer);
		*peer = -1;
		wait_for(s, POLLRDHUP);
		break;
	case T_RESET:
		setsockopt(*peer, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(*peer);
		*peer = -1;
		wait_for(s, POLLERR);
		break;
	case T_EOF_READ:
		close(*peer);
		*peer = -1;
		wait_for(s, POLLRDHUP);
		recv(s, &c, 1, 0);
		break;
	default:
		break;
	}
	nonblock(s);
	return s;
}

enum tcp_call {
	C_BIND,
	C_BIND_OTHER_FAMILY,
	C_BIND_NONLOCAL,
	C_LISTEN,
	C_ACCEPT,
	C_CONNECT,
	C_CONNECT_CLOSED_PORT,
	C_CONNECT_OTHER_FAMILY,
	C_SEND,
	C_SEND_TWICE,
	C_SENDTO_ADDR,
	C_WRITE,
	C_WRITEV_ZERO_MID,
	C_RECV,
	C_RECV_TWICE,
	C_READ,
	C_READV_ZERO_MID,
	C_SHUT_RD,
	C_SHUT_WR,
	C_SHUT_RDWR,
	C_GETSOCKNAME,
	C_GETPEERNAME,
	C_SO_ERROR_TWICE,
	C_SO_TYPE,
	C_SO_ACCEPTCONN,
	C_POLL,
	C_CLOSE,
	C_COUNT
};

/*
 * Sends "abcd" from the peer (if any) and waits until s has it: by
 * FIONREAD, since a socket shut for reading is always readable.
 */
static void peer_sends(int s, int peer)
{
	int n = 0, ms;

	if (peer < 0 || send(peer, "abcd", 4, MSG_NOSIGNAL) != 4)
		return;
	for (ms = 0; ms < SETTLE_MS; ms += 10) {
		if (ioctl(s, FIONREAD, &n) < 0 || n >= 4)
			return;
		poll(NULL, 0, 10);
	}
	printf("wait: %s: 4 bytes did not arrive\n", ctx);
}

static void tcp_call(int family, enum tcp_state st, int s, int peer,
		     enum tcp_call c)
{
	union addr a;
	char buf[8] = { 0 };
	int other = family == AF_INET ? AF_INET6 : AF_INET;
	int v, r;

	switch (c) {
	case C_BIND:
		show("bind", bind(s, &a.sa, addr_make(&a, family, 0, 0)));
		if (st != T_REFUSED && st != T_RESET)
			break;
		/*
		 * A refused socket binds and, once the error is reported,
		 * connects anew; a reset one stays connected.
		 */
		show("connect after bind",
		     connect(s, &listen_addr.sa, listen_len));
		r = connect(s, &listen_addr.sa, listen_len);
		show("connect once more", r);
		if (r < 0 && errno != EINPROGRESS)
			break;
		wait_for(s, POLLOUT);
		show_so_error("reconnect so_error", s);
		wait_for(listener, POLLIN);
		v = accept(listener, NULL, NULL);
		if (v >= 0)
			close(v);
		break;
	case C_BIND_OTHER_FAMILY:
		addr_make(&a, other, 0, 0);
		show("bind other family", bind(s, &a.sa, addr_len(family)));
		break;
	case C_BIND_NONLOCAL:
		show("bind nonlocal",
		     bind(s, &a.sa, addr_make(&a, family, 1, 0)));
		break;
	case C_LISTEN:
		show("listen", listen(s, 4));
		show_name("listen name", s, 0);
		break;
	case C_ACCEPT:
		show("accept", accept(s, NULL, NULL));
		break;
	case C_CONNECT:
		r = connect(s, &listen_addr.sa, listen_len);
		show("connect", r);
		if (r < 0 && errno != EINPROGRESS)
			break;
		wait_for(s, POLLOUT);
		show_so_error("connect so_error", s);
		show("connect again", connect(s, &listen_addr.sa, listen_len));
		wait_for(listener, POLLIN);
		v = accept(listener, NULL, NULL);
		if (v >= 0)
			close(v);
		break;
	case C_CONNECT_CLOSED_PORT:
		r = connect(s, &closed_addr.sa, listen_len);
		show("connect closed port", r);
		if (r < 0 && errno != EINPROGRESS)
			break;
		wait_for(s, POLLOUT);
		show_revents("refused poll", s);
		show_so_error("refused so_error", s);
		show_so_error("refused so_error again", s);
		break;
	case C_CONNECT_OTHER_FAMILY:
		addr_make(&a, other, 0, 1);
		show("connect other family",
		     connect(s, &a.sa, addr_len(family)));
		break;
	case C_SEND:
		show("send", send(s, "x", 1, MSG_NOSIGNAL));
		break;
	case C_SEND_TWICE:
		show("send 1", send(s, "x", 1, MSG_NOSIGNAL));
		/* The peer's answer (a reset after it closed) has arrived. */
		if (st == T_PEER_CLOSED || st == T_EOF_READ)
			wait_for(s, POLLERR);
		show("send 2", send(s, "x", 1, MSG_NOSIGNAL));
		show("send 3", send(s, "x", 1, MSG_NOSIGNAL));
		break;
	case C_SENDTO_ADDR:
		show("sendto addr", sendto(s, "x", 1, MSG_NOSIGNAL,
					   &listen_addr.sa, listen_len));
		break;
	case C_WRITE:
		show("write", write(s, "x", 1));
		break;
	case C_WRITEV_ZERO_MID:
		show("writev zero mid", writev_zero_mid(s));
		if (peer >= 0) {
			wait_for(peer, POLLIN);
			r = (int)recv(peer, buf, 4, MSG_WAITALL);
			show_str("writev peer got", r == 4 ? buf : "short");
		}
		break;
	case C_RECV:
		peer_sends(s, peer);
		show("recv", recv(s, buf, sizeof(buf), 0));
		break;
	case C_RECV_TWICE:
		show("recv 1", recv(s, buf, sizeof(buf), 0));
		show("recv 2", recv(s, buf, sizeof(buf), 0));
		break;
	case C_READ:
		show("read", read(s, buf, sizeof(buf)));
		break;
	case C_READV_ZERO_MID:
		peer_sends(s, peer);
		show_readv_zero_mid(s);
		break;
	case C_SHUT_RD:
		show("shutdown rd", shutdown(s, SHUT_RD));
		show_revents("shutdown rd poll", s);
		break;
	case C_SHUT_WR:
		show("shutdown wr", shutdown(s, SHUT_WR));
		if (peer >= 0)
			wait_for(peer, POLLRDHUP);
		show_revents("shutdown wr poll", s);
		break;
	case C_SHUT_RDWR:
		show("shutdown rdwr", shutdown(s, SHUT_RDWR));
		if (peer >= 0)
			wait_for(peer, POLLRDHUP);
		show_revents("shutdown rdwr poll", s);
		break;
	case C_GETSOCKNAME:
		show_name("getsockname", s, 0);
		break;
	case C_GETPEERNAME:
		show_name("getpeername", s, 1);
		break;
	case C_SO_ERROR_TWICE:
		show_so_error("so_error", s);
		show_so_error("so_error again", s);
		break;
	case C_SO_TYPE:
		show_opt("so_type", s, SO_TYPE);
		break;
	case C_SO_ACCEPTCONN:
		show_opt("so_acceptconn", s, SO_ACCEPTCONN);
		break;
	case C_POLL:
		show_revents("poll", s);
		break;
	case C_CLOSE:
		show("close", close(s));
		break;
	default:
		break;
	}
}

static void tcp_cases(int family)
{
	int st, c, s, peer;

	tcp_setup(family);
	for (st = 0; st < T_COUNT; st++) {
		snprintf(ctx, sizeof(ctx), "tcp%c %s",
			 family == AF_INET ? '4' : '6', tcp_state_name[st]);
		for (c = 0; c < C_COUNT; c++) {
			s = tcp_make(family, (enum tcp_state)st, &peer);
			tcp_call(family, (enum tcp_state)st, s, peer,
				 (enum tcp_call)c);
			if (c != C_CLOSE && st != T_CLOSED)
				close(s);
			if (peer >= 0)
				close(peer);
		}
	}
	close(listener);
	close(full_filler);
	close(full_listener);
}

/* ---- UDP ---- */

enum udp_state {
	U_FRESH,
	U_BOUND,
	U_CONNECTED,
	U_DISCONNECTED,
	U_COUNT
};

static const char *const udp_state_name[U_COUNT] = {
	"fresh",
	"bound",
	"connected",
	"disconnected",
};

/* The socket datagrams go to. */
static int receiver = -1;
static union addr recv_addr;
static socklen_t recv_len;

static int udp_make(int family, enum udp_state st)
{
	union addr a;
	int s = socket(family, SOCK_DGRAM, 0);

	if (st == U_BOUND)
		bind(s, &a.sa, addr_make(&a, family, 0, 0));
	if (st == U_CONNECTED || st == U_DISCONNECTED)
		connect(s, &recv_addr.sa, recv_len);
	if (st == U_DISCONNECTED) {
		memset(&a, 0, sizeof(a));
		a.sa.sa_family = AF_UNSPEC;
		connect(s, &a.sa, addr_len(family));
	}
	nonblock(s);
	return s;
}

/* Receives what arrived at the receiver and shows its length. */
static void receiver_got(const char *what)
{
	char buf[16];

	wait_for(receiver, POLLIN);
	show(what, recv(receiver, buf, sizeof(buf), MSG_DONTWAIT));
}

enum udp_call {
	D_BIND,
	D_BIND_TWICE,
	D_CONNECT,
	D_CONNECT_PORT0,
	D_CONNECT_UNSPEC,
	D_LISTEN,
	D_ACCEPT,
	D_SEND,
	D_SENDTO,
	D_SENDTO_PORT0,
	D_SENDTO_OTHER_FAMILY,
	D_SEND_EMPTY,
	D_WRITEV_ZERO_MID,
	D_RECV,
	D_RECV_TRUNC,
	D_READV_ZERO_MID,
	D_SHUT_RD,
	D_SHUT_WR,
	D_GETSOCKNAME,
	D_GETPEERNAME,
	D_SO_ERROR,
	D_POLL,
	D_COUNT
};

/* The receiver sends "abcd" to s if s has a port; waits until s has it. */
static void udp_feed(int family, int s)
{
	union addr a;
	socklen_t len = sizeof(a);

	if (getsockname(s, &a.sa, &len) < 0 || !addr_port(&a))
		return;
	/* A socket bound to "any" is reached through loopback. */
	if (family == AF_INET)
		a.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		a.in6.sin6_addr = in6addr_loopback;
	sendto(receiver, "abcd", 4, 0, &a.sa, len);
	wait_for(s, POLLIN);
}

static void udp_call(int family, int s, enum udp_call c)
{
	union addr a;
	char buf[8] = { 0 };
	struct iovec one = { buf, 1 };
	struct msghdr m;
	int other = family == AF_INET ? AF_INET6 : AF_INET;
	int r;

	switch (c) {
	case D_BIND:
		show("bind", bind(s, &a.sa, addr_make(&a, family, 0, 0)));
		break;
	case D_BIND_TWICE:
		addr_make(&a, family, 0, 0);
		show("bind 1", bind(s, &a.sa, addr_len(family)));
		show("bind 2", bind(s, &a.sa, addr_len(family)));
		break;
	case D_CONNECT:
		show("connect", connect(s, &recv_addr.sa, recv_len));
		show_name("connect name", s, 0);
		break;
	case D_CONNECT_PORT0:
		show("connect port 0",
		     connect(s, &a.sa, addr_make(&a, family, 0, 0)));
		break;
	case D_CONNECT_UNSPEC:
		memset(&a, 0, sizeof(a));
		a.sa.sa_family = AF_UNSPEC;
		show("connect unspec", connect(s, &a.sa, addr_len(family)));
		show_name("unspec peer", s, 1);
		break;
	case D_LISTEN:
		show("listen", listen(s, 1));
		break;
	case D_ACCEPT:
		show("accept", accept(s, NULL, NULL));
		break;
	case D_SEND:
		r = (int)send(s, "x", 1, 0);
		show("send", r);
		if (r > 0)
			receiver_got("send arrived");
		break;
	case D_SENDTO:
		show("sendto", sendto(s, "xy", 2, 0, &recv_addr.sa, recv_len));
		receiver_got("sendto arrived");
		break;
	case D_SENDTO_PORT0:
		show("sendto port 0",
		     sendto(s, "x", 1, 0, &a.sa, addr_make(&a, family, 0, 0)));
		break;
	case D_SENDTO_OTHER_FAMILY:
		/* IPv6 sockets take IPv4 destinations Linux's dual-stack way. */
		if (family == AF_INET6)
			break;
		addr_make(&a, other, 0, 9);
		show("sendto other family",
		     sendto(s, "x", 1, 0, &a.sa, addr_len(family)));
		break;
	case D_SEND_EMPTY:
		show("sendto empty",
		     sendto(s, "", 0, 0, &recv_addr.sa, recv_len));
		receiver_got("empty arrived");
		break;
	case D_WRITEV_ZERO_MID:
		r = (int)writev_zero_mid(s);
		show("writev zero mid", r);
		if (r > 0)
			receiver_got("writev arrived");
		break;
	case D_RECV:
		show("recv empty", recv(s, buf, sizeof(buf), 0));
		udp_feed(family, s);
		show("recv", recv(s, buf, sizeof(buf), 0));
		break;
	case D_RECV_TRUNC:
		udp_feed(family, s);
		memset(&m, 0, sizeof(m));
		m.msg_iov = &one;
		m.msg_iovlen = 1;
		r = (int)recvmsg(s, &m, MSG_PEEK);
		show("recvmsg 1 byte peek", r);
		show("recvmsg peek flags", r < 0 ? r : m.msg_flags);
		show("recv trunc", recv(s, buf, 1, MSG_TRUNC));
		break;
	case D_READV_ZERO_MID:
		udp_feed(family, s);
		show_readv_zero_mid(s);
		break;
	case D_SHUT_RD:
		show("shutdown rd", shutdown(s, SHUT_RD));
		show_revents("shutdown rd poll", s);
		break;
	case D_SHUT_WR:
		show("shutdown wr", shutdown(s, SHUT_WR));
		show("shutdown wr send",
		     sendto(s, "x", 1, 0, &recv_addr.sa, recv_len));
		break;
	case D_GETSOCKNAME:
		show_name("getsockname", s, 0);
		break;
	case D_GETPEERNAME:
		show_name("getpeername", s, 1);
		break;
	case D_SO_ERROR:
		show_so_error("so_error", s);
		break;
	case D_POLL:
		show_revents("poll", s);
		break;
	default:
		break;
	}
}

/* Empties the receiver between observations. */
static void receiver_drain(void)
{
	char buf[16];

	while (recv(receiver, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
}

static void udp_cases(int family)
{
	union addr a;
	int st, c, s;

	receiver = socket(family, SOCK_DGRAM, 0);
	bind(receiver, &a.sa, addr_make(&a, family, 0, 0));
	recv_len = sizeof(recv_addr);
	getsockname(receiver, &recv_addr.sa, &recv_len);
	for (st = 0; st < U_COUNT; st++) {
		snprintf(ctx, sizeof(ctx), "udp%c %s",
			 family == AF_INET ? '4' : '6', udp_state_name[st]);
		for (c = 0; c < D_COUNT; c++) {
			s = udp_make(family, (enum udp_state)st);
			udp_call(family, s, (enum udp_call)c);
			close(s);
			receiver_drain();
		}
	}
	close(receiver);
}

/* ---- AF_UNIX ---- */

enum unix_state {
	X_FRESH,
	X_BOUND,
	X_LISTENING,
	X_CONNECTED,
	X_PAIR,
	X_SHUT_WR,
	X_SHUT_RD,
	X_PEER_SHUT_WR,
	X_PEER_CLOSED,
	X_PEER_CLOSED_UNREAD,
	X_COUNT
};

static const char *const unix_state_name[X_COUNT] = {
	"fresh",       "bound",
	"listening",   "connected",
	"pair",	       "shut-wr",
	"shut-rd",     "peer-shut-wr",
	"peer-closed", "peer-closed-unread",
};

/* A listener (or, for datagrams, a bound socket) of the type at hand. */
static int ux_server = -1;
static struct sockaddr_un ux_addr;
static socklen_t ux_len;

/* Binds s to a name of the kernel's choosing (Linux's autobind). */
static int ux_autobind(int s)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	return bind(s, (struct sockaddr *)&a, sizeof(sa_family_t));
}

static void ux_setup(int type)
{
	ux_server = socket(AF_UNIX, type, 0);
	ux_autobind(ux_server);
	if (type != SOCK_DGRAM)
		listen(ux_server, 16);
	nonblock(ux_server);
	ux_len = sizeof(ux_addr);
	getsockname(ux_server, (struct sockaddr *)&ux_addr, &ux_len);
}

static int ux_make(int type, enum unix_state st, int *peer)
{
	int s = socket(AF_UNIX, type, 0), sv[2];

	*peer = -1;
	switch (st) {
	case X_BOUND:
		ux_autobind(s);
		break;
	case X_LISTENING:
		ux_autobind(s);
		listen(s, 4);
		break;
	case X_FRESH:
		break;
	case X_CONNECTED:
		connect(s, (struct sockaddr *)&ux_addr, ux_len);
		if (type != SOCK_DGRAM)
			*peer = accept(ux_server, NULL, NULL);
		break;
	default:
		close(s);
		socketpair(AF_UNIX, type, 0, sv);
		s = sv[0];
		*peer = sv[1];
		break;
	}
	switch (st) {
	case X_SHUT_WR:
		shutdown(s, SHUT_WR);
		break;
	case X_SHUT_RD:
		shutdown(s, SHUT_RD);
		break;
	case X_PEER_SHUT_WR:
		shutdown(*peer, SHUT_WR);
		break;
	case X_PEER_CLOSED:
		close(*peer);
		*peer = -1;
		break;
	case X_PEER_CLOSED_UNREAD:
		send(s, "lost", 4, 0);
		close(*peer);
		*peer = -1;
		break;
	default:
		break;
	}
	nonblock(s);
	return s;
}

enum unix_call {
	Y_BIND,
	Y_AUTOBIND,
	Y_BIND_BAD_FAMILY,
	Y_LISTEN,
	Y_ACCEPT,
	Y_CONNECT,
	Y_CONNECT_NOBODY,
	Y_SEND,
	Y_SENDTO_SERVER,
	Y_WRITEV_ZERO_MID,
	Y_RECV,
	Y_RECV_PEEK_TRUNC,
	Y_READV_ZERO_MID,
	Y_SHUT_RD,
	Y_SHUT_WR,
	Y_SHUT_RDWR,
	Y_GETSOCKNAME,
	Y_GETPEERNAME,
	Y_SO_ERROR,
	Y_SO_TYPE,
	Y_PEERCRED,
	Y_SNDBUF,
	Y_POLL,
	Y_EPOLL,
	Y_SCM_RIGHTS,
	Y_PASSCRED,
	Y_COUNT
};

/* What getsockname/getpeername give on AF_UNIX, without the names. */
static void ux_show_name(const char *what, int s, int peer)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	char buf[64];
	int r;

	memset(&a, 0, sizeof(a));
	r = peer ? getpeername(s, (struct sockaddr *)&a, &len) :
		   getsockname(s, (struct sockaddr *)&a, &len);
	if (r < 0) {
		show(what, r);
		return;
	}
	snprintf(buf, sizeof(buf), "len %u family %d %s", (unsigned int)len,
		 a.sun_family,
		 len <= sizeof(sa_family_t) ? "unnamed" :
		 a.sun_path[0]		    ? "path" :
					      "abstract");
	show_str(what, buf);
}

/* epoll_wait(0) on ep, with the events it gives. */
static void show_epoll(const char *what, int ep)
{
	struct epoll_event ev;
	char buf[64];
	int n = epoll_wait(ep, &ev, 1, 0);

	if (n <= 0) {
		show(what, n);
		return;
	}
	snprintf(buf, sizeof(buf), "%d [%#x]", n, ev.events);
	show_str(what, buf);
}

/*
 * Edge-triggered epoll on s: what it gives at once, then after the peer
 * sends and shuts its side (so the wake-ups must arrive).
 */
static void ux_epoll(int s, int peer)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP |
					    EPOLLET };
	int ep = epoll_create1(0);

	show("epoll add", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	show_epoll("epoll first", ep);
	show_epoll("epoll again", ep);
	if (peer >= 0) {
		send(peer, "x", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		show_epoll("epoll after send", ep);
		shutdown(peer, SHUT_WR);
		show_epoll("epoll after peer shutdown", ep);
	}
	close(ep);
}

/* Sends an eventfd from the peer to s with SCM_RIGHTS; uses what came. */
static void ux_scm_rights(int s, int peer)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} out, in;
	struct iovec iov = { "f", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	uint64_t v = 1;
	char data;
	int efd = eventfd(0, EFD_NONBLOCK), fd = -1;

	memset(&out, 0, sizeof(out));
	m.msg_control = out.buf;
	m.msg_controllen = sizeof(out.buf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &efd, sizeof(int));
	show("scm_rights send", sendmsg(peer, &m, MSG_NOSIGNAL));
	memset(&in, 0, sizeof(in));
	iov.iov_base = &data;
	m.msg_control = in.buf;
	m.msg_controllen = sizeof(in.buf);
	show("scm_rights recv", recvmsg(s, &m, 0));
	c = CMSG_FIRSTHDR(&m);
	show("scm_rights controllen", (long)m.msg_controllen);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	/* The fd that came is the eventfd: a write shows in the original. */
	show("scm_rights fd works",
	     fd >= 0 && fd != efd && write(fd, &v, sizeof(v)) == 8 &&
		     read(efd, &v, sizeof(v)) == 8 && v == 1);
	if (fd >= 0)
		close(fd);
	close(efd);
}

/* SO_PASSCRED on s: a message from the peer comes with its credentials. */
static void ux_passcred(int s, int peer)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} in;
	char data;
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	struct ucred cr = { 0, 0, 0 };
	int one = 1;

	show("passcred set",
	     setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	show_opt("passcred get", s, SO_PASSCRED);
	show("passcred send", send(peer, "c", 1, MSG_NOSIGNAL));
	memset(&in, 0, sizeof(in));
	m.msg_control = in.buf;
	m.msg_controllen = sizeof(in.buf);
	show("passcred recv", recvmsg(s, &m, 0));
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cr, CMSG_DATA(c), sizeof(cr));
	show("passcred is us",
	     c && c->cmsg_type == SCM_CREDENTIALS && cr.pid == getpid() &&
		     cr.uid == getuid() && cr.gid == getgid());
}

static void ux_call(int type, int s, int peer, enum unix_call c)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char buf[8] = { 0 };
	struct ucred cr;
	socklen_t len;
	int v, r;

	switch (c) {
	case Y_BIND:
		/* A name nobody else has: the server's with one byte more. */
		memcpy(&a, &ux_addr, ux_len);
		a.sun_path[ux_len - offsetof(struct sockaddr_un, sun_path)] =
			'b';
		show("bind", bind(s, (struct sockaddr *)&a, ux_len + 1));
		break;
	case Y_AUTOBIND:
		show("autobind", ux_autobind(s));
		ux_show_name("autobind name", s, 0);
		break;
	case Y_BIND_BAD_FAMILY:
		a.sun_family = AF_INET;
		show("bind bad family",
		     bind(s, (struct sockaddr *)&a, sizeof(a)));
		break;
	case Y_LISTEN:
		show("listen", listen(s, 4));
		break;
	case Y_ACCEPT:
		show("accept", accept(s, NULL, NULL));
		break;
	case Y_CONNECT:
		show("connect",
		     connect(s, (struct sockaddr *)&ux_addr, ux_len));
		v = type == SOCK_DGRAM ? -1 : accept(ux_server, NULL, NULL);
		if (v >= 0)
			close(v);
		break;
	case Y_CONNECT_NOBODY:
		memcpy(&a, &ux_addr, ux_len);
		a.sun_path[ux_len - offsetof(struct sockaddr_un, sun_path)] =
			'n';
		show("connect nobody",
		     connect(s, (struct sockaddr *)&a, ux_len + 1));
		break;
	case Y_SEND:
		show("send", send(s, "x", 1, MSG_NOSIGNAL));
		show("send again", send(s, "x", 1, MSG_NOSIGNAL));
		break;
	case Y_SENDTO_SERVER:
		show("sendto server",
		     sendto(s, "xy", 2, MSG_NOSIGNAL,
			    (struct sockaddr *)&ux_addr, ux_len));
		if (type == SOCK_DGRAM)
			show("server got", recv(ux_server, buf, 8, 0));
		break;
	case Y_WRITEV_ZERO_MID:
		show("writev zero mid", writev_zero_mid(s));
		if (peer >= 0) {
			r = (int)recv(peer, buf, 4, MSG_DONTWAIT);
			show_str("writev peer got", r == 4 ? buf : "short");
		}
		break;
	case Y_RECV:
		if (peer >= 0)
			send(peer, "abcd", 4, MSG_NOSIGNAL | MSG_DONTWAIT);
		show("recv", recv(s, buf, sizeof(buf), 0));
		show("recv again", recv(s, buf, sizeof(buf), 0));
		break;
	case Y_RECV_PEEK_TRUNC:
		if (peer >= 0)
			send(peer, "abcd", 4, MSG_NOSIGNAL | MSG_DONTWAIT);
		show("recv peek 2", recv(s, buf, 2, MSG_PEEK));
		show("recv trunc 1", recv(s, buf, 1, MSG_TRUNC));
		show("recv after", recv(s, buf, sizeof(buf), 0));
		break;
	case Y_READV_ZERO_MID:
		if (peer >= 0)
			send(peer, "abcd", 4, MSG_NOSIGNAL | MSG_DONTWAIT);
		show_readv_zero_mid(s);
		break;
	case Y_SHUT_RD:
		show("shutdown rd", shutdown(s, SHUT_RD));
		show_revents("shutdown rd poll", s);
		if (peer >= 0)
			show_revents("shutdown rd peer poll", peer);
		break;
	case Y_SHUT_WR:
		show("shutdown wr", shutdown(s, SHUT_WR));
		show_revents("shutdown wr poll", s);
		if (peer >= 0)
			show_revents("shutdown wr peer poll", peer);
		break;
	case Y_SHUT_RDWR:
		show("shutdown rdwr", shutdown(s, SHUT_RDWR));
		show_revents("shutdown rdwr poll", s);
		break;
	case Y_GETSOCKNAME:
		ux_show_name("getsockname", s, 0);
		break;
	case Y_GETPEERNAME:
		ux_show_name("getpeername", s, 1);
		break;
	case Y_SO_ERROR:
		show_so_error("so_error", s);
		show_so_error("so_error again", s);
		break;
	case Y_SO_TYPE:
		show_opt("so_type", s, SO_TYPE);
		break;
	case Y_PEERCRED:
		len = sizeof(cr);
		r = getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len);
		show("peercred", r);
		show("peercred is us", r == 0 && cr.pid == getpid() &&
					       cr.uid == getuid() &&
					       cr.gid == getgid());
		break;
	case Y_SNDBUF:
		show_set_opt("sndbuf 65536", s, SO_SNDBUF, 65536);
		show_set_opt("sndbuf 1", s, SO_SNDBUF, 1);
		show_set_opt("rcvbuf 65536", s, SO_RCVBUF, 65536);
		show_set_opt("rcvbuf 1", s, SO_RCVBUF, 1);
		break;
	case Y_POLL:
		show_revents("poll", s);
		break;
	case Y_EPOLL:
		ux_epoll(s, peer);
		break;
	case Y_SCM_RIGHTS:
		if (peer >= 0)
			ux_scm_rights(s, peer);
		break;
	case Y_PASSCRED:
		if (peer >= 0)
			ux_passcred(s, peer);
		break;
	default:
		break;
	}
}

static void unix_cases(int type, const char *name)
{
	int st, c, s, peer;

	ux_setup(type);
	for (st = 0; st < X_COUNT; st++) {
		/* Datagram sockets do not listen. */
		if (type == SOCK_DGRAM && st == X_LISTENING)
			continue;
		snprintf(ctx, sizeof(ctx), "%s %s", name, unix_state_name[st]);
		for (c = 0; c < Y_COUNT; c++) {
			s = ux_make(type, (enum unix_state)st, &peer);
			ux_call(type, s, peer, (enum unix_call)c);
			close(s);
			if (peer >= 0)
				close(peer);
		}
	}
	close(ux_server);
}

/* ---- AF_UNIX path names ---- */

/* A path name of sockaddr_un's own length: 108 bytes, no NUL. */
#define UX_LONG_PATH sizeof(((struct sockaddr_un *)0)->sun_path)

static socklen_t ux_path(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strncpy(a->sun_path, path, sizeof(a->sun_path));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(path) + 1);
}

static int ux_bind_path(int s, const char *path)
{
	struct sockaddr_un a;

	return bind(s, (struct sockaddr *)&a, ux_path(&a, path));
}

static int ux_connect_path(int s, const char *path)
{
	struct sockaddr_un a;

	return connect(s, (struct sockaddr *)&a, ux_path(&a, path));
}

/* getsockname/getpeername with the path name itself. */
static void ux_show_path(const char *what, int s, int peer)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a) + 8;
	char buf[sizeof(a) + 8 + 32];
	int r;

	memset(buf, 0, sizeof(buf));
	memset(&a, 0, sizeof(a));
	r = peer ? getpeername(s, (struct sockaddr *)buf, &len) :
		   getsockname(s, (struct sockaddr *)buf, &len);
	if (r < 0) {
		show(what, r);
		return;
	}
	memcpy(&a, buf, sizeof(a));
	snprintf(buf, sizeof(buf), "len %u [%.*s]", (unsigned int)len,
		 (int)sizeof(a.sun_path), a.sun_path);
	show_str(what, buf);
}

/* The file type and permissions stat gives for path. */
static void ux_show_stat(const char *what, const char *path)
{
	struct stat st;
	char buf[32];

	if (lstat(path, &st) < 0) {
		show(what, -1);
		return;
	}
	snprintf(buf, sizeof(buf), "%s %o",
		 S_ISSOCK(st.st_mode) ? "socket" : "other",
		 (unsigned int)(st.st_mode & 07777));
	show_str(what, buf);
}

/*
 * Path names: socket files made by bind, found by connect and sendto,
 * removed by unlink, and sun_path's length rules. Runs in a new directory
 * of the test's temporary directory (the image's /tmp), by relative names.
 */
static void unix_path_cases(void)
{
	struct sockaddr_un a;
	char dir[] = "sockdiffXXXXXX", buf[8], longp[UX_LONG_PATH + 1];
	const char *tmp = getenv("TEST_TMPDIR");
	int l, c, x, d, e, fd;
	socklen_t len;

	snprintf(ctx, sizeof(ctx), "unix-path");
	umask(022);
	if (chdir(tmp ? tmp : "/tmp") < 0 || !mkdtemp(dir) || chdir(dir) < 0) {
		show("setup", -1);
		return;
	}
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind", ux_bind_path(l, "s"));
	ux_show_stat("stat", "s");
	ux_show_path("getsockname", l, 0);
	show("open", open("s", O_RDONLY));
	x = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind taken", ux_bind_path(x, "s"));
	show("bind again", ux_bind_path(l, "t"));
	show("bind again left no file", access("t", F_OK));
	show("bind no dir", ux_bind_path(x, "nodir/s"));
	fd = open("f", O_CREAT | O_WRONLY, 0644);
	close(fd);
	show("bind on file", ux_bind_path(x, "f"));
	show("bind under file", ux_bind_path(x, "f/s"));
	show("bind trailing slash", ux_bind_path(x, "u/"));
	show("symlink dangling", symlink("nowhere", "dl"));
	show("bind on dangling link", ux_bind_path(x, "dl"));

	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect not listening", ux_connect_path(c, "s"));
	show("listen", listen(l, 4));
	nonblock(l);
	show("connect absent", ux_connect_path(c, "nothere"));
	show("connect file", ux_connect_path(c, "f"));
	show("connect under file", ux_connect_path(c, "f/s"));
	show("connect", ux_connect_path(c, "s"));
	len = sizeof(a);
	fd = accept(l, (struct sockaddr *)&a, &len);
	show("accept", fd >= 0);
	show("accept addr len", (long)len);
	ux_show_path("getpeername", c, 1);
	ux_show_path("accepted getsockname", fd, 0);
	close(fd);
	close(c);
	show("symlink", symlink("s", "ls"));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect through link", ux_connect_path(c, "ls"));
	close(c);
	fd = accept(l, NULL, NULL);
	show("accept through link", fd >= 0);
	close(fd);
	mkdir("sub", 0755);
	show("chdir", chdir("sub"));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect by dotdot", ux_connect_path(c, "../s"));
	close(c);
	show("chdir back", chdir(".."));
	fd = accept(l, NULL, NULL);
	show("accept by dotdot", fd >= 0);
	close(fd);
	d = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	show("connect seqpacket to stream", ux_connect_path(d, "s"));
	close(d);

	show("unlink", unlink("s"));
	ux_show_path("getsockname after unlink", l, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect after unlink", ux_connect_path(c, "s"));
	show("bind after unlink", ux_bind_path(x, "s"));
	show("listen new", listen(x, 4));
	show("connect new", ux_connect_path(c, "s"));
	close(c);
	close(l);
	close(x);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect closed", ux_connect_path(c, "s"));
	ux_show_stat("stat closed", "s");
	x = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind closed", ux_bind_path(x, "s"));
	show("unlink closed", unlink("s"));
	show("bind unlinked", ux_bind_path(x, "s"));
	close(x);
	close(c);

	/* sun_path without a NUL: 108 bytes of name, length 111. */
	memset(longp, 'p', UX_LONG_PATH);
	longp[UX_LONG_PATH] = 0;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, longp, UX_LONG_PATH);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind 108", bind(l, (struct sockaddr *)&a, sizeof(a)));
	ux_show_stat("stat 108", longp);
	ux_show_path("getsockname 108", l, 0);
	show("bind too long", bind(socket(AF_UNIX, SOCK_STREAM, 0),
				   (struct sockaddr *)&a, sizeof(a) + 1));
	listen(l, 4);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect 108", connect(c, (struct sockaddr *)&a, sizeof(a)));
	ux_show_path("getpeername 108", c, 1);
	close(c);
	close(l);
	unlink(longp);
	/* A name ends at its first NUL. */
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, "ab\0cd", 5);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind embedded nul",
	     bind(l, (struct sockaddr *)&a,
		  offsetof(struct sockaddr_un, sun_path) + 5));
	ux_show_path("getsockname embedded nul", l, 0);
	show("access embedded nul", access("ab", F_OK));
	close(l);
	unlink("ab");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("autobind", ux_autobind(l));
	ux_show_name("autobind name", l, 0);
	close(l);

	/* Datagrams by path name. */
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	show("dgram bind", ux_bind_path(d, "d"));
	nonblock(d);
	e = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = ux_path(&a, "d");
	show("sendto path", sendto(e, "hi", 2, 0, (struct sockaddr *)&a, len));
	len = sizeof(a);
	show("recvfrom unnamed",
	     recvfrom(d, buf, sizeof(buf), 0, (struct sockaddr *)&a, &len));
	show("recvfrom unnamed len", (long)len);
	show("bind sender", ux_bind_path(e, "e"));
	len = ux_path(&a, "d");
	show("sendto path named",
	     sendto(e, "yo", 2, 0, (struct sockaddr *)&a, len));
	len = sizeof(a);
	memset(&a, 0, sizeof(a));
	show("recvfrom named",
	     recvfrom(d, buf, sizeof(buf), 0, (struct sockaddr *)&a, &len));
	show("recvfrom named len", (long)len);
	show_str("recvfrom named from", a.sun_path);
	len = ux_path(&a, "nothere");
	show("sendto absent", sendto(e, "x", 1, 0, (struct sockaddr *)&a, len));
	len = ux_path(&a, "f");
	show("sendto file", sendto(e, "x", 1, 0, (struct sockaddr *)&a, len));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect stream to dgram", ux_connect_path(c, "d"));
	close(c);
	show("dgram connect", ux_connect_path(e, "d"));
	ux_show_path("dgram getpeername", e, 1);
	close(d);
	len = ux_path(&a, "d");
	show("sendto closed", sendto(e, "x", 1, 0, (struct sockaddr *)&a, len));
	close(e);
	unlink("s");
	unlink("d");
	unlink("e");
	unlink("f");
	unlink("dl");
	unlink("ls");
	rmdir("sub");
	show("chdir out", chdir(".."));
	show("rmdir", rmdir(dir));
}

/* ---- socket() ---- */

static void create_cases(void)
{
	static const struct {
		const char *what;
		int family, type, protocol;
	} cases[] = {
		{ "inet stream", AF_INET, SOCK_STREAM, 0 },
		{ "inet stream tcp", AF_INET, SOCK_STREAM, IPPROTO_TCP },
		{ "inet stream udp", AF_INET, SOCK_STREAM, IPPROTO_UDP },
		{ "inet stream 99", AF_INET, SOCK_STREAM, 99 },
		{ "inet dgram", AF_INET, SOCK_DGRAM, 0 },
		{ "inet dgram udp", AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ "inet dgram tcp", AF_INET, SOCK_DGRAM, IPPROTO_TCP },
		{ "inet seqpacket", AF_INET, SOCK_SEQPACKET, 0 },
		{ "inet type 99", AF_INET, 99, 0 },
		{ "inet6 stream", AF_INET6, SOCK_STREAM, 0 },
		{ "inet6 stream udp", AF_INET6, SOCK_STREAM, IPPROTO_UDP },
		{ "inet6 dgram tcp", AF_INET6, SOCK_DGRAM, IPPROTO_TCP },
		{ "inet6 dgram udp", AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
		{ "inet6 seqpacket", AF_INET6, SOCK_SEQPACKET, 0 },
		{ "family 255", 255, SOCK_STREAM, 0 },
		{ "inet stream bad flag", AF_INET, SOCK_STREAM | 0x100000, 0 },
		{ "unix stream", AF_UNIX, SOCK_STREAM, 0 },
		{ "unix dgram", AF_UNIX, SOCK_DGRAM, 0 },
		{ "unix seqpacket", AF_UNIX, SOCK_SEQPACKET, 0 },
		{ "unix raw", AF_UNIX, SOCK_RAW, 0 },
		{ "unix rdm", AF_UNIX, SOCK_RDM, 0 },
		{ "unix protocol 1", AF_UNIX, SOCK_STREAM, 1 },
		{ "unix protocol 6", AF_UNIX, SOCK_STREAM, 6 },
	};
	unsigned int i;
	int s;

	snprintf(ctx, sizeof(ctx), "create");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = socket(cases[i].family, cases[i].type, cases[i].protocol);
		show(cases[i].what, s < 0 ? s : 0);
		if (s >= 0)
			close(s);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	create_cases();
	tcp_cases(AF_INET);
	tcp_cases(AF_INET6);
	udp_cases(AF_INET);
	udp_cases(AF_INET6);
	unix_cases(SOCK_STREAM, "unix-stream");
	unix_cases(SOCK_DGRAM, "unix-dgram");
	unix_cases(SOCK_SEQPACKET, "unix-seqpacket");
	unix_path_cases();
	printf("socket: done\n");
	return 0;
}
