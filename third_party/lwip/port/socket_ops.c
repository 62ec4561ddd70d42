/*
 * The Linux half of the socket glue: posix/socket's ops for AF_INET and
 * AF_INET6, converting Linux's addresses, options and flags to the
 * neutral ones of socket_lwip.h.
 */
/* glibc (host tests) hides POLLRDHUP without it; musl shows it anyway. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <uk/alloc.h>
#include <uk/socket.h>

#include "third_party/lwip/port/socket_lwip.h"
#include "third_party/lwip/port/socket_ops.h"

/* Linux's shortest struct sockaddr_in6, without sin6_scope_id (RFC 2133). */
#define SIN6_LEN_RFC2133 24

/* ---- Addresses ---- */

/*
 * Linux's address a of length len for a socket of family sock_family;
 * a->short_len if len is below that family's minimum. Addresses of other
 * families keep their family number for the lwIP side to refuse.
 */
static void addr_from_linux(const struct sockaddr *sa, socklen_t len,
			    int sock_family, struct uk_lwip_sockaddr *a)
{
	struct sockaddr_in6 in6;

	memset(a, 0, sizeof(*a));
	a->family = sa->sa_family;
	a->short_len =
		len < (sock_family == AF_INET ? sizeof(struct sockaddr_in) :
						(socklen_t)SIN6_LEN_RFC2133);
	memset(&in6, 0, sizeof(in6));
	memcpy(&in6, sa, UK_MIN((size_t)len, sizeof(in6)));
	if (sa->sa_family == AF_INET6) {
		a->port = in6.sin6_port;
		a->flowinfo = in6.sin6_flowinfo;
		memcpy(a->addr, &in6.sin6_addr, 16);
		a->scope_id = in6.sin6_scope_id;
	} else {
		/* AF_INET, or AF_UNSPEC that IPv4 reads as AF_INET. */
		const struct sockaddr_in *in = (const void *)&in6;

		a->port = in->sin_port;
		memcpy(a->addr, &in->sin_addr, 4);
	}
}

/*
 * Stores a in sa, truncated to *len bytes, and sets *len to the full
 * length (0 for no address), as getsockname(2) and friends do.
 */
static void addr_to_linux(const struct uk_lwip_sockaddr *a, struct sockaddr *sa,
			  socklen_t *len)
{
	union {
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	socklen_t full = 0;

	memset(&u, 0, sizeof(u));
	if (a->family == AF_INET) {
		u.in.sin_family = AF_INET;
		u.in.sin_port = a->port;
		memcpy(&u.in.sin_addr, a->addr, 4);
		full = sizeof(u.in);
	} else if (a->family == AF_INET6) {
		u.in6.sin6_family = AF_INET6;
		u.in6.sin6_port = a->port;
		u.in6.sin6_flowinfo = a->flowinfo;
		memcpy(&u.in6.sin6_addr, a->addr, 16);
		u.in6.sin6_scope_id = a->scope_id;
		full = sizeof(u.in6);
	}
	if (sa)
		memcpy(sa, &u, UK_MIN(*len, full));
	*len = full;
}

/* ---- Flags and events ---- */

/* Linux MSG_* of send(2)/recv(2) to UK_LWIP_MSG_*; -EOPNOTSUPP for OOB. */
static int msg_flags(int flags, int recv)
{
	int f = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (flags & MSG_DONTWAIT)
		f |= UK_LWIP_MSG_DONTWAIT;
	if (recv) {
		if (flags & MSG_PEEK)
			f |= UK_LWIP_MSG_PEEK;
		if (flags & MSG_WAITALL)
			f |= UK_LWIP_MSG_WAITALL;
		if (flags & MSG_TRUNC)
			f |= UK_LWIP_MSG_TRUNC;
	} else if (flags & MSG_MORE) {
		f |= UK_LWIP_MSG_MORE;
	}
	/* The rest (MSG_NOSIGNAL: no signals here; MSG_EOR...) do nothing. */
	return f;
}

static int msg_oflags(int oflags)
{
	return ((oflags & UK_LWIP_MSG_TRUNC) ? MSG_TRUNC : 0) |
	       ((oflags & UK_LWIP_MSG_CTRUNC) ? MSG_CTRUNC : 0);
}

static unsigned int poll_events(unsigned int ev)
{
	return ((ev & UK_LWIP_EV_IN) ? POLLIN | POLLRDNORM : 0) |
	       ((ev & UK_LWIP_EV_OUT) ? POLLOUT | POLLWRNORM : 0) |
	       ((ev & UK_LWIP_EV_ERR) ? POLLERR : 0) |
	       ((ev & UK_LWIP_EV_HUP) ? POLLHUP : 0) |
	       ((ev & UK_LWIP_EV_RDHUP) ? POLLRDHUP : 0);
}

/* ---- Socket options ---- */

enum opt_kind {
	OPT_INT,
	OPT_TIMEVAL,
	OPT_LINGER
};

/* Linux's (level, optname) to the neutral option; -ENOPROTOOPT if none. */
static int opt_of(int level, int optname, enum opt_kind *kind)
{
	*kind = OPT_INT;
	switch (level) {
	case SOL_SOCKET:
		switch (optname) {
		case SO_REUSEADDR:
			return UK_LWIP_SO_REUSEADDR;
		case SO_KEEPALIVE:
			return UK_LWIP_SO_KEEPALIVE;
		case SO_BROADCAST:
			return UK_LWIP_SO_BROADCAST;
		case SO_ERROR:
			return UK_LWIP_SO_ERROR;
		case SO_TYPE:
			return UK_LWIP_SO_TYPE;
		case SO_ACCEPTCONN:
			return UK_LWIP_SO_ACCEPTCONN;
		case SO_RCVBUF:
			return UK_LWIP_SO_RCVBUF;
		case SO_SNDBUF:
			return UK_LWIP_SO_SNDBUF;
		case SO_REUSEPORT:
			return UK_LWIP_SO_REUSEPORT;
		case SO_NO_CHECK:
			return UK_LWIP_SO_NO_CHECK;
		case SO_RCVTIMEO:
			*kind = OPT_TIMEVAL;
			return UK_LWIP_SO_RCVTIMEO;
		case SO_SNDTIMEO:
			*kind = OPT_TIMEVAL;
			return UK_LWIP_SO_SNDTIMEO;
		case SO_LINGER:
			*kind = OPT_LINGER;
			return UK_LWIP_SO_LINGER;
		}
		break;
	case IPPROTO_TCP:
		switch (optname) {
		case TCP_NODELAY:
			return UK_LWIP_TCP_NODELAY;
		case TCP_KEEPIDLE:
			return UK_LWIP_TCP_KEEPIDLE;
		case TCP_KEEPINTVL:
			return UK_LWIP_TCP_KEEPINTVL;
		case TCP_KEEPCNT:
			return UK_LWIP_TCP_KEEPCNT;
		}
		break;
	case IPPROTO_IP:
		switch (optname) {
		case IP_TOS:
			return UK_LWIP_IP_TOS;
		case IP_TTL:
			return UK_LWIP_IP_TTL;
		}
		break;
	case IPPROTO_IPV6:
		if (optname == IPV6_V6ONLY)
			return UK_LWIP_IPV6_V6ONLY;
		break;
	}
	return -ENOPROTOOPT;
}

/* ---- posix_socket_ops ---- */

static int lwip_glue_init(struct posix_socket_driver *d)
{
	d->allocator = uk_alloc_get_default();
	return 0;
}

static void *lwip_glue_create(struct posix_socket_driver *d __unused,
			      int family, int type, int protocol)
{
	return uk_lwip_sock_create(family, type, protocol);
}

static void *lwip_glue_accept4(struct posix_socket_driver *d __unused,
			       void *sock, struct sockaddr *addr,
			       socklen_t *addr_len, int flags)
{
	struct uk_lwip_sockaddr peer;
	struct uk_lwip_sock *s;

	if (flags)
		return UK_ERR2PTR(-EINVAL);
	s = uk_lwip_sock_accept(sock, addr ? &peer : NULL);
	if (!UK_PTRISERR(s) && addr)
		addr_to_linux(&peer, addr, addr_len);
	return s;
}

static int lwip_glue_bind(struct posix_socket_driver *d __unused, void *sock,
			  const struct sockaddr *addr, socklen_t addr_len)
{
	struct uk_lwip_sockaddr a;

	addr_from_linux(addr, addr_len, uk_lwip_sock_family(sock), &a);
	return uk_lwip_sock_bind(sock, &a);
}

static int lwip_glue_connect(struct posix_socket_driver *d __unused, void *sock,
			     const struct sockaddr *addr, socklen_t addr_len)
{
	struct uk_lwip_sockaddr a;

	addr_from_linux(addr, addr_len, uk_lwip_sock_family(sock), &a);
	return uk_lwip_sock_connect(sock, &a);
}

static int lwip_glue_listen(struct posix_socket_driver *d __unused, void *sock,
			    int backlog)
{
	return uk_lwip_sock_listen(sock, backlog);
}

static int lwip_glue_shutdown(struct posix_socket_driver *d __unused,
			      void *sock, int how)
{
	return uk_lwip_sock_shutdown(sock, how);
}

static int getname(void *sock, int peer, struct sockaddr *addr,
		   socklen_t *addr_len)
{
	struct uk_lwip_sockaddr a;
	int ret = uk_lwip_sock_getname(sock, peer, &a);

	if (ret < 0)
		return ret;
	addr_to_linux(&a, addr, addr_len);
	return 0;
}

static int lwip_glue_getpeername(struct posix_socket_driver *d __unused,
				 void *sock, struct sockaddr *addr,
				 socklen_t *addr_len)
{
	return getname(sock, 1, addr, addr_len);
}

static int lwip_glue_getsockname(struct posix_socket_driver *d __unused,
				 void *sock, struct sockaddr *addr,
				 socklen_t *addr_len)
{
	return getname(sock, 0, addr, addr_len);
}

static int lwip_glue_getsockopt(struct posix_socket_driver *d __unused,
				void *sock, int level, int optname,
				void *optval, socklen_t *optlen)
{
	union {
		int i;
		struct timeval tv;
		struct linger l;
	} v;
	long val[2] = { 0, 0 };
	enum opt_kind kind;
	socklen_t full;
	int opt = opt_of(level, optname, &kind);
	int ret;

	if (opt < 0)
		return opt;
	if (!optval && *optlen)
		return -EFAULT;
	ret = uk_lwip_sock_getopt(sock, opt, val);
	if (ret < 0)
		return ret;
	memset(&v, 0, sizeof(v));
	switch (kind) {
	case OPT_INT:
		v.i = (int)val[0];
		full = sizeof(v.i);
		break;
	case OPT_TIMEVAL:
		v.tv.tv_sec = val[0] / 1000;
		v.tv.tv_usec = (val[0] % 1000) * 1000;
		full = sizeof(v.tv);
		break;
	default:
		v.l.l_onoff = (int)val[0];
		v.l.l_linger = (int)val[1];
		full = sizeof(v.l);
		break;
	}
	/* Linux copies what fits and reports the length it copied. */
	*optlen = UK_MIN(*optlen, full);
	memcpy(optval, &v, *optlen);
	return 0;
}

static int lwip_glue_setsockopt(struct posix_socket_driver *d __unused,
				void *sock, int level, int optname,
				const void *optval, socklen_t optlen)
{
	long val[2] = { 0, 0 };
	enum opt_kind kind;
	int opt = opt_of(level, optname, &kind);

	if (opt < 0)
		return opt;
	switch (kind) {
	case OPT_INT: {
		int i;

		if (optlen < sizeof(int))
			return -EINVAL;
		memcpy(&i, optval, sizeof(i));
		val[0] = i;
		break;
	}
	case OPT_TIMEVAL: {
		struct timeval tv;

		if (optlen < sizeof(tv))
			return -EINVAL;
		memcpy(&tv, optval, sizeof(tv));
		if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EDOM;
		/* Rounded up, so that a short timeout never means none. */
		val[0] = tv.tv_sec < 0 ?
				 0 :
				 tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
		break;
	}
	default: {
		struct linger l;

		if (optlen < sizeof(l))
			return -EINVAL;
		memcpy(&l, optval, sizeof(l));
		val[0] = l.l_onoff;
		val[1] = l.l_linger;
		break;
	}
	}
	return uk_lwip_sock_setopt(sock, opt, val);
}

static ssize_t lwip_glue_recvfrom(struct posix_socket_driver *d __unused,
				  void *sock, void *buf, size_t len, int flags,
				  struct sockaddr *from, socklen_t *from_len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct uk_lwip_sockaddr a;
	int f = msg_flags(flags, 1), oflags;
	ssize_t n;

	if (f < 0)
		return f;
	n = uk_lwip_sock_recvmsg(sock, &iov, 1, f, from ? &a : NULL, &oflags);
	/* Stream sockets have no source address: from stays untouched. */
	if (n >= 0 && from && a.family)
		addr_to_linux(&a, from, from_len);
	return n;
}

static ssize_t lwip_glue_recvmsg(struct posix_socket_driver *d __unused,
				 void *sock, struct msghdr *msg, int flags)
{
	struct uk_lwip_sockaddr a;
	int f = msg_flags(flags, 1), oflags;
	ssize_t n;

	if (f < 0)
		return f;
	n = uk_lwip_sock_recvmsg(sock, msg->msg_iov, (int)msg->msg_iovlen, f,
				 &a, &oflags);
	if (n < 0)
		return n;
	if (msg->msg_name && a.family) {
		addr_to_linux(&a, msg->msg_name, &msg->msg_namelen);
	} else {
		msg->msg_namelen = 0;
	}
	/* No ancillary data (IP_PKTINFO and the like) is delivered. */
	msg->msg_controllen = 0;
	msg->msg_flags = msg_oflags(oflags);
	return n;
}

static ssize_t lwip_glue_sendto(struct posix_socket_driver *d __unused,
				void *sock, const void *buf, size_t len,
				int flags, const struct sockaddr *to,
				socklen_t to_len)
{
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf,
			     .iov_len = len };
	struct uk_lwip_sockaddr a;
	int f = msg_flags(flags, 0);

	if (f < 0)
		return f;
	if (to)
		addr_from_linux(to, to_len, uk_lwip_sock_family(sock), &a);
	return uk_lwip_sock_sendmsg(sock, &iov, 1, f, to ? &a : NULL);
}

static ssize_t lwip_glue_sendmsg(struct posix_socket_driver *d __unused,
				 void *sock, const struct msghdr *msg,
				 int flags)
{
	struct uk_lwip_sockaddr a;
	int f = msg_flags(flags, 0);

	if (f < 0)
		return f;
	if (msg->msg_name)
		addr_from_linux(msg->msg_name, msg->msg_namelen,
				uk_lwip_sock_family(sock), &a);
	return uk_lwip_sock_sendmsg(sock, msg->msg_iov, (int)msg->msg_iovlen, f,
				    msg->msg_name ? &a : NULL);
}

static ssize_t lwip_glue_read(struct posix_socket_driver *d __unused,
			      void *sock, const struct iovec *iov, int iovcnt)
{
	int oflags;

	return uk_lwip_sock_recvmsg(sock, iov, iovcnt, 0, NULL, &oflags);
}

static ssize_t lwip_glue_write(struct posix_socket_driver *d __unused,
			       void *sock, const struct iovec *iov, int iovcnt)
{
	return uk_lwip_sock_sendmsg(sock, iov, iovcnt, 0, NULL);
}

static int lwip_glue_close(struct posix_socket_driver *d __unused, void *sock)
{
	return uk_lwip_sock_close(sock);
}

static int lwip_glue_ioctl(struct posix_socket_driver *d __unused, void *sock,
			   unsigned long request, void *argp)
{
	int v;

	switch (request) {
	case FIONBIO:
		if (!argp)
			return -EFAULT;
		memcpy(&v, argp, sizeof(v));
		return uk_lwip_sock_set_nonblock(sock, v != 0);
	case FIONREAD: {
		int ret;

		if (!argp)
			return -EFAULT;
		ret = uk_lwip_sock_nread(sock, &v);
		if (ret < 0)
			return ret;
		memcpy(argp, &v, sizeof(v));
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

/* The lwIP side's wake-up, passed on to posix/socket's chain. */
static void lwip_glue_wake(void *arg, unsigned int events)
{
	struct uk_poll_chain *chain = arg;

	chain->wake(chain, poll_events(events));
}

static int lwip_glue_poll(struct posix_socket_driver *d __unused, void *sock,
			  unsigned int *revents, struct uk_poll_chain *chain)
{
	/* Hook first: a change between the two then still wakes. */
	if (chain)
		uk_lwip_sock_set_wake(sock, lwip_glue_wake, chain);
	*revents = poll_events(uk_lwip_sock_poll(sock));
	return 0;
}

const struct posix_socket_ops uk_lwip_socket_ops = {
	.init = lwip_glue_init,
	.create = lwip_glue_create,
	.accept4 = lwip_glue_accept4,
	.bind = lwip_glue_bind,
	.shutdown = lwip_glue_shutdown,
	.getpeername = lwip_glue_getpeername,
	.getsockname = lwip_glue_getsockname,
	.getsockopt = lwip_glue_getsockopt,
	.setsockopt = lwip_glue_setsockopt,
	.connect = lwip_glue_connect,
	.listen = lwip_glue_listen,
	.recvfrom = lwip_glue_recvfrom,
	.recvmsg = lwip_glue_recvmsg,
	.sendmsg = lwip_glue_sendmsg,
	.sendto = lwip_glue_sendto,
	.read = lwip_glue_read,
	.write = lwip_glue_write,
	.close = lwip_glue_close,
	.ioctl = lwip_glue_ioctl,
	.poll = lwip_glue_poll,
};
