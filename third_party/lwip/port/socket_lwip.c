/*
 * The lwIP half of the socket glue: lwIP's sockets behind the neutral
 * interface of socket_lwip.h, with lwIP's errno caught per calling thread
 * (errno_ctx.h) and each socket's readiness changes forwarded to a wake-up
 * function.
 */
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/spinlock.h>

/* Before lwIP's headers, so that the C library's <endian.h> comes first. */
#include "third_party/lwip/port/socket_lwip.h"

#include "lwip/api.h"
#include "lwip/priv/sockets_priv.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sockets.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"
#include "third_party/lwip/port/errno_ctx.h"

/* Numbers that socket_lwip.h passes unchanged: lwIP's equal Linux's. */
_Static_assert(AF_UNSPEC == 0 && AF_INET == 2 && AF_INET6 == 10,
	       "address families differ from Linux");
_Static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOCK_RAW == 3,
	       "socket types differ from Linux");
_Static_assert(IPPROTO_IP == 0 && IPPROTO_TCP == 6 && IPPROTO_UDP == 17 &&
		       IPPROTO_IPV6 == 41,
	       "protocol numbers differ from Linux");
_Static_assert(SHUT_RD == 0 && SHUT_WR == 1 && SHUT_RDWR == 2,
	       "shutdown modes differ from Linux");
/* struct iovec crosses the interface: Linux's is {void *, size_t}. */
_Static_assert(sizeof(struct iovec) == 2 * sizeof(void *) &&
		       offsetof(struct iovec, iov_len) == sizeof(void *),
	       "lwIP's struct iovec differs from Linux's");

struct uk_lwip_sock {
	int fd; /* lwIP's socket number */
	/*
	 * The netconn while the socket is open, NULL after close; wake and
	 * wake_arg as set by uk_lwip_sock_set_wake. All three under
	 * wake_lock, which also serialises wake-ups with close.
	 */
	struct netconn *conn;
	void (*wake)(void *arg, unsigned int events);
	void *wake_arg;
};

/* One entry per lwIP socket number. */
static struct uk_lwip_sock socks[NUM_SOCKETS];
static struct uk_spinlock wake_lock = UK_SPINLOCK_INITIALIZER;
/* lwIP's own netconn event callback (sockets.c's event_callback). */
static netconn_callback lwip_event_cb;

/*
 * Evaluates the lwip_* call expr, which returns -1 and sets errno on
 * failure; gives its result, or the negative errno.
 */
#define LWIP_CALL(expr)                                                     \
	({                                                                  \
		struct uk_lwip_errctx __c;                                  \
		__typeof__(expr) __r;                                       \
		uk_lwip_errctx_enter(&__c);                                 \
		__r = (expr);                                               \
		uk_lwip_errctx_leave(&__c);                                 \
		__r < 0 ? (__typeof__(expr))-__c.err : __r;                 \
	})

/* ---- Addresses ---- */

union lwip_sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

/* Neutral to lwIP; returns the length, or -EAFNOSUPPORT. */
static int addr_to_lwip(const struct uk_lwip_sockaddr *a, union lwip_sa *u)
{
	memset(u, 0, sizeof(*u));
	switch (a->family) {
	case AF_INET:
		u->in.sin_len = sizeof(u->in);
		u->in.sin_family = AF_INET;
		u->in.sin_port = a->port;
		memcpy(&u->in.sin_addr, a->addr, 4);
		return sizeof(u->in);
	case AF_INET6:
		u->in6.sin6_len = sizeof(u->in6);
		u->in6.sin6_family = AF_INET6;
		u->in6.sin6_port = a->port;
		u->in6.sin6_flowinfo = a->flowinfo;
		memcpy(&u->in6.sin6_addr, a->addr, 16);
		u->in6.sin6_scope_id = a->scope_id;
		return sizeof(u->in6);
	case AF_UNSPEC:
		/* connect(AF_UNSPEC) dissolves a UDP association. */
		u->sa.sa_len = sizeof(u->in);
		u->sa.sa_family = AF_UNSPEC;
		return sizeof(u->in);
	default:
		return -EAFNOSUPPORT;
	}
}

static void addr_from_lwip(const union lwip_sa *u, struct uk_lwip_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	switch (u->sa.sa_family) {
	case AF_INET:
		a->family = AF_INET;
		a->port = u->in.sin_port;
		memcpy(a->addr, &u->in.sin_addr, 4);
		break;
	case AF_INET6:
		a->family = AF_INET6;
		a->port = u->in6.sin6_port;
		a->flowinfo = u->in6.sin6_flowinfo;
		memcpy(a->addr, &u->in6.sin6_addr, 16);
		a->scope_id = u->in6.sin6_scope_id;
		break;
	default:
		break;
	}
}

/* ---- Readiness ---- */

/* Replaces lwIP's event callback on every netconn behind our sockets. */
static void sock_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	unsigned int ev = 0;
	struct uk_lwip_sock *s;
	int idx;

	lwip_event_cb(conn, evt, len);
	switch (evt) {
	case NETCONN_EVT_RCVPLUS:
		/* len 0: a connection to accept, EOF, or an error. */
		ev = UK_LWIP_EV_IN | (len ? 0 : UK_LWIP_EV_RDHUP);
		break;
	case NETCONN_EVT_SENDPLUS:
		ev = UK_LWIP_EV_OUT;
		break;
	case NETCONN_EVT_ERROR:
		ev = UK_LWIP_EV_ERR | UK_LWIP_EV_HUP;
		break;
	default:
		/* Readiness that went away needs nobody woken. */
		return;
	}
	/* Before accept has a socket for it, conn->socket is negative. */
	idx = conn->socket - LWIP_SOCKET_OFFSET;
	if (idx < 0 || idx >= NUM_SOCKETS)
		return;
	s = &socks[idx];
	uk_spin_lock(&wake_lock);
	if (s->conn == conn && s->wake)
		s->wake(s->wake_arg, ev);
	uk_spin_unlock(&wake_lock);
}

unsigned int uk_lwip_sock_poll(struct uk_lwip_sock *s)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(s->fd);
	struct netconn *conn = ls->conn;
	unsigned int ev = 0;
	SYS_ARCH_DECL_PROTECT(lev);

	LOCK_TCPIP_CORE();
	SYS_ARCH_PROTECT(lev);
	if (ls->lastdata.pbuf || ls->rcvevent > 0)
		ev |= UK_LWIP_EV_IN;
	if (ls->sendevent)
		ev |= UK_LWIP_EV_OUT;
	SYS_ARCH_UNPROTECT(lev);
	if (conn->pending_err != ERR_OK && conn->pending_err != ERR_CLSD)
		ev |= UK_LWIP_EV_ERR;
	if (NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP) {
		/* Linux's tcp_poll, in lwIP's states. */
		struct tcp_pcb *pcb = conn->pcb.tcp;
		enum tcp_state st = pcb ? pcb->state : CLOSED;

		switch (st) {
		case CLOSED:
			/* Never connected, reset or aborted: nothing blocks. */
			ev |= UK_LWIP_EV_HUP | UK_LWIP_EV_OUT;
			if (!pcb)
				ev |= UK_LWIP_EV_IN;
			break;
		case CLOSE_WAIT:
			ev |= UK_LWIP_EV_RDHUP | UK_LWIP_EV_IN;
			break;
		case CLOSING:
		case LAST_ACK:
		case TIME_WAIT:
			ev |= UK_LWIP_EV_HUP | UK_LWIP_EV_RDHUP | UK_LWIP_EV_IN;
			break;
		default:
			break;
		}
	}
	UNLOCK_TCPIP_CORE();
	return ev;
}

void uk_lwip_sock_set_wake(struct uk_lwip_sock *s,
			   void (*wake)(void *arg, unsigned int events),
			   void *arg)
{
	uk_spin_lock(&wake_lock);
	s->wake = wake;
	s->wake_arg = arg;
	uk_spin_unlock(&wake_lock);
}

/* Takes over a socket lwIP has just made (socket or accept). */
static struct uk_lwip_sock *sock_adopt(int fd)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(fd);
	struct uk_lwip_sock *s = &socks[fd - LWIP_SOCKET_OFFSET];
	struct netconn *conn = ls->conn;

	LOCK_TCPIP_CORE();
	/* Accepted netconns inherit the callback of their listener. */
	if (conn->callback != sock_event) {
		if (!lwip_event_cb)
			lwip_event_cb = conn->callback;
		conn->callback = sock_event;
	}
	UNLOCK_TCPIP_CORE();
	s->fd = fd;
	uk_spin_lock(&wake_lock);
	s->conn = conn;
	s->wake = NULL;
	s->wake_arg = NULL;
	uk_spin_unlock(&wake_lock);
	return s;
}

/* ---- Socket calls ---- */

struct uk_lwip_sock *uk_lwip_sock_create(int family, int type, int protocol)
{
	int fd;

	if (family != AF_INET && family != AF_INET6)
		return UK_ERR2PTR(-EAFNOSUPPORT);
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return UK_ERR2PTR(-EPROTONOSUPPORT);
	fd = LWIP_CALL(lwip_socket(family, type, protocol));
	if (fd < 0)
		return UK_ERR2PTR(fd);
	return sock_adopt(fd);
}

struct uk_lwip_sock *uk_lwip_sock_accept(struct uk_lwip_sock *s,
					 struct uk_lwip_sockaddr *peer)
{
	union lwip_sa u;
	socklen_t len = sizeof(u);
	int fd;

	memset(&u, 0, sizeof(u));
	fd = LWIP_CALL(lwip_accept(s->fd, &u.sa, &len));
	/*
	 * lwIP fails with ENOTCONN when the connection it dequeued was reset
	 * before accept (it has no peer left to name); Linux calls that
	 * ECONNABORTED, which servers skip before accepting the next one.
	 */
	if (fd == -ENOTCONN)
		return UK_ERR2PTR(-ECONNABORTED);
	if (fd < 0)
		return UK_ERR2PTR(fd);
	if (peer)
		addr_from_lwip(&u, peer);
	return sock_adopt(fd);
}

int uk_lwip_sock_bind(struct uk_lwip_sock *s,
		      const struct uk_lwip_sockaddr *addr)
{
	union lwip_sa u;
	int len = addr_to_lwip(addr, &u);

	if (len < 0)
		return len;
	return LWIP_CALL(lwip_bind(s->fd, &u.sa, (socklen_t)len));
}

int uk_lwip_sock_connect(struct uk_lwip_sock *s,
			 const struct uk_lwip_sockaddr *addr)
{
	union lwip_sa u;
	int len = addr_to_lwip(addr, &u);
	int ret;

	if (len < 0)
		return len;
	ret = LWIP_CALL(lwip_connect(s->fd, &u.sa, (socklen_t)len));
	/*
	 * lwIP reports a reset answering our SYN as ERR_RST (ECONNRESET);
	 * Linux calls that a refused connection.
	 */
	return ret == -ECONNRESET ? -ECONNREFUSED : ret;
}

int uk_lwip_sock_listen(struct uk_lwip_sock *s, int backlog)
{
	/* Linux clamps the backlog rather than failing. */
	if (backlog < 0)
		backlog = 0;
	return LWIP_CALL(lwip_listen(s->fd, backlog));
}

int uk_lwip_sock_shutdown(struct uk_lwip_sock *s, int how)
{
	return LWIP_CALL(lwip_shutdown(s->fd, how));
}

/*
 * lwIP leaves the local address of a connected UDP socket bound to "any"
 * unspecified; Linux reports the source address of the route to the peer,
 * which programs use to learn their own address. Fills that in.
 */
static void udp_local_from_route(struct uk_lwip_sock *s, union lwip_sa *u)
{
	const ip_addr_t *src = NULL;
	struct udp_pcb *pcb;
	struct netif *nif;

	if (NETCONNTYPE_GROUP(netconn_type(s->conn)) != NETCONN_UDP)
		return;
	LOCK_TCPIP_CORE();
	pcb = s->conn->pcb.udp;
	if (pcb && (pcb->flags & UDP_FLAGS_CONNECTED) &&
	    ip_addr_isany(&pcb->local_ip)) {
		nif = ip_route(&pcb->local_ip, &pcb->remote_ip);
		if (nif)
			src = ip_netif_get_local_ip(nif, &pcb->remote_ip);
	}
	if (src && IP_IS_V6(src) && u->sa.sa_family == AF_INET6)
		memcpy(&u->in6.sin6_addr, ip_2_ip6(src)->addr, 16);
	else if (src && !IP_IS_V6(src) && u->sa.sa_family == AF_INET)
		u->in.sin_addr.s_addr = ip_2_ip4(src)->addr;
	UNLOCK_TCPIP_CORE();
}

int uk_lwip_sock_getname(struct uk_lwip_sock *s, int peer,
			 struct uk_lwip_sockaddr *addr)
{
	union lwip_sa u;
	socklen_t len = sizeof(u);
	int ret;

	memset(&u, 0, sizeof(u));
	ret = peer ? LWIP_CALL(lwip_getpeername(s->fd, &u.sa, &len))
		   : LWIP_CALL(lwip_getsockname(s->fd, &u.sa, &len));
	if (ret < 0)
		return ret;
	if (!peer)
		udp_local_from_route(s, &u);
	addr_from_lwip(&u, addr);
	return 0;
}

/* An option as lwIP names it, and how its value is stored. */
struct lwip_opt {
	int level;
	int name;
	enum { OPT_INT, OPT_TIMEVAL, OPT_LINGER } kind;
};

static int opt_lookup(enum uk_lwip_opt opt, struct lwip_opt *o)
{
	static const struct lwip_opt table[] = {
		[UK_LWIP_SO_REUSEADDR] = {SOL_SOCKET, SO_REUSEADDR, OPT_INT},
		[UK_LWIP_SO_KEEPALIVE] = {SOL_SOCKET, SO_KEEPALIVE, OPT_INT},
		[UK_LWIP_SO_BROADCAST] = {SOL_SOCKET, SO_BROADCAST, OPT_INT},
		[UK_LWIP_SO_ERROR] = {SOL_SOCKET, SO_ERROR, OPT_INT},
		[UK_LWIP_SO_TYPE] = {SOL_SOCKET, SO_TYPE, OPT_INT},
		[UK_LWIP_SO_ACCEPTCONN] = {SOL_SOCKET, SO_ACCEPTCONN, OPT_INT},
		[UK_LWIP_SO_RCVBUF] = {SOL_SOCKET, SO_RCVBUF, OPT_INT},
		[UK_LWIP_SO_RCVTIMEO] = {SOL_SOCKET, SO_RCVTIMEO, OPT_TIMEVAL},
		[UK_LWIP_SO_SNDTIMEO] = {SOL_SOCKET, SO_SNDTIMEO, OPT_TIMEVAL},
		[UK_LWIP_SO_LINGER] = {SOL_SOCKET, SO_LINGER, OPT_LINGER},
		[UK_LWIP_SO_NO_CHECK] = {SOL_SOCKET, SO_NO_CHECK, OPT_INT},
		[UK_LWIP_TCP_NODELAY] = {IPPROTO_TCP, TCP_NODELAY, OPT_INT},
		[UK_LWIP_TCP_KEEPIDLE] = {IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT},
		[UK_LWIP_TCP_KEEPINTVL] = {IPPROTO_TCP, TCP_KEEPINTVL, OPT_INT},
		[UK_LWIP_TCP_KEEPCNT] = {IPPROTO_TCP, TCP_KEEPCNT, OPT_INT},
		[UK_LWIP_IP_TOS] = {IPPROTO_IP, IP_TOS, OPT_INT},
		[UK_LWIP_IP_TTL] = {IPPROTO_IP, IP_TTL, OPT_INT},
		[UK_LWIP_IPV6_V6ONLY] = {IPPROTO_IPV6, IPV6_V6ONLY, OPT_INT},
	};

	if ((unsigned int)opt >= UK_ARRAY_SIZE(table))
		return -ENOPROTOOPT;
	*o = table[opt];
	return 0;
}

int uk_lwip_sock_getopt(struct uk_lwip_sock *s, enum uk_lwip_opt opt,
			long val[2])
{
	union {
		int i;
		struct timeval tv;
		struct linger l;
	} v;
	socklen_t len = sizeof(v);
	struct lwip_opt o;
	int ret = opt_lookup(opt, &o);

	if (ret < 0)
		return ret;
	memset(&v, 0, sizeof(v));
	ret = LWIP_CALL(lwip_getsockopt(s->fd, o.level, o.name, &v, &len));
	if (ret < 0)
		return ret;
	switch (o.kind) {
	case OPT_INT:
		val[0] = v.i;
		break;
	case OPT_TIMEVAL:
		val[0] = v.tv.tv_sec * 1000 + v.tv.tv_usec / 1000;
		break;
	case OPT_LINGER:
		val[0] = v.l.l_onoff;
		val[1] = v.l.l_linger;
		break;
	}
	return 0;
}

int uk_lwip_sock_setopt(struct uk_lwip_sock *s, enum uk_lwip_opt opt,
			const long val[2])
{
	union {
		int i;
		struct timeval tv;
		struct linger l;
	} v;
	socklen_t len;
	struct lwip_opt o;
	int ret = opt_lookup(opt, &o);

	if (ret < 0)
		return ret;
	memset(&v, 0, sizeof(v));
	switch (o.kind) {
	case OPT_INT:
		v.i = (int)val[0];
		len = sizeof(v.i);
		break;
	case OPT_TIMEVAL:
		v.tv.tv_sec = val[0] / 1000;
		v.tv.tv_usec = (val[0] % 1000) * 1000;
		len = sizeof(v.tv);
		break;
	default:
		v.l.l_onoff = (int)val[0];
		v.l.l_linger = (int)val[1];
		len = sizeof(v.l);
		break;
	}
	return LWIP_CALL(lwip_setsockopt(s->fd, o.level, o.name, &v, len));
}

static int msg_flags_to_lwip(int flags)
{
	return ((flags & UK_LWIP_MSG_PEEK) ? MSG_PEEK : 0) |
	       ((flags & UK_LWIP_MSG_DONTWAIT) ? MSG_DONTWAIT : 0) |
	       ((flags & UK_LWIP_MSG_MORE) ? MSG_MORE : 0);
}

static int is_tcp(struct uk_lwip_sock *s)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(s->fd);

	return NETCONNTYPE_GROUP(netconn_type(ls->conn)) == NETCONN_TCP;
}

ssize_t uk_lwip_sock_sendmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     const struct uk_lwip_sockaddr *to)
{
	struct iovec empty = {.iov_base = (void *)"", .iov_len = 0};
	struct msghdr msg;
	union lwip_sa u;

	memset(&msg, 0, sizeof(msg));
	if (to && !is_tcp(s)) {
		int len = addr_to_lwip(to, &u);

		if (len < 0)
			return len;
		msg.msg_name = &u;
		msg.msg_namelen = (socklen_t)len;
	}
	/* lwIP wants at least one buffer, even for an empty datagram. */
	if (iovcnt) {
		msg.msg_iov = (struct iovec *)(uintptr_t)iov;
		msg.msg_iovlen = iovcnt;
	} else {
		msg.msg_iov = &empty;
		msg.msg_iovlen = 1;
	}
	return LWIP_CALL(lwip_sendmsg(s->fd, &msg, msg_flags_to_lwip(flags)));
}

/* MSG_WAITALL on TCP: fill each buffer until EOF, an error or a signal. */
static ssize_t recv_waitall(struct uk_lwip_sock *s, const struct iovec *iov,
			    int iovcnt, int lflags)
{
	struct msghdr msg;
	struct iovec one;
	ssize_t total = 0, n;
	int i;

	for (i = 0; i < iovcnt; i++) {
		size_t done = 0;

		while (done < iov[i].iov_len) {
			memset(&msg, 0, sizeof(msg));
			one.iov_base = (char *)iov[i].iov_base + done;
			one.iov_len = iov[i].iov_len - done;
			msg.msg_iov = &one;
			msg.msg_iovlen = 1;
			n = LWIP_CALL(lwip_recvmsg(s->fd, &msg, lflags));
			if (n <= 0)
				return total ? total : n;
			done += (size_t)n;
			total += n;
		}
	}
	return total;
}

/*
 * lwIP's recvmsg refuses empty buffers (EINVAL) where Linux skips them:
 * *out gets iov, or a heap copy without the empty ones (free it if it is
 * not iov). Returns the number of non-empty buffers or -ENOMEM.
 */
static int iov_nonempty(const struct iovec *iov, int iovcnt,
			struct iovec **out)
{
	struct iovec *c;
	int i, n = 0;

	for (i = 0; i < iovcnt; i++)
		n += iov[i].iov_len != 0;
	*out = (struct iovec *)(uintptr_t)iov;
	if (n == iovcnt || n == 0)
		return n;
	c = uk_malloc(uk_alloc_get_default(), (size_t)n * sizeof(*c));
	if (!c)
		return -ENOMEM;
	for (i = 0, n = 0; i < iovcnt; i++)
		if (iov[i].iov_len)
			c[n++] = iov[i];
	*out = c;
	return n;
}

ssize_t uk_lwip_sock_recvmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     struct uk_lwip_sockaddr *from, int *oflags)
{
	int lflags = msg_flags_to_lwip(flags);
	int tcp = is_tcp(s);
	struct iovec *vec;
	struct msghdr msg;
	union lwip_sa u;
	ssize_t n;
	int cnt;

	if (from)
		memset(from, 0, sizeof(*from));
	*oflags = 0;
	if (tcp && (flags & UK_LWIP_MSG_WAITALL) &&
	    !(flags & (UK_LWIP_MSG_PEEK | UK_LWIP_MSG_DONTWAIT)))
		return recv_waitall(s, iov, iovcnt, lflags);
	cnt = iov_nonempty(iov, iovcnt, &vec);
	if (cnt <= 0)
		return cnt;
	memset(&msg, 0, sizeof(msg));
	memset(&u, 0, sizeof(u));
	if (!tcp) {
		msg.msg_name = &u;
		msg.msg_namelen = sizeof(u);
	}
	msg.msg_iov = vec;
	msg.msg_iovlen = cnt;
	n = LWIP_CALL(lwip_recvmsg(s->fd, &msg, lflags));
	if (n < 0)
		goto out;
	/*
	 * lwIP gives a datagram's full length; Linux what it copied, unless
	 * asked for the full length with MSG_TRUNC.
	 */
	if (!tcp && !(flags & UK_LWIP_MSG_TRUNC)) {
		size_t room = 0;

		for (int i = 0; i < cnt; i++)
			room += vec[i].iov_len;
		if ((size_t)n > room)
			n = (ssize_t)room;
	}
	if (from && !tcp)
		addr_from_lwip(&u, from);
	*oflags = ((msg.msg_flags & MSG_TRUNC) ? UK_LWIP_MSG_TRUNC : 0) |
		  ((msg.msg_flags & MSG_CTRUNC) ? UK_LWIP_MSG_CTRUNC : 0);
out:
	if (vec != iov)
		uk_free(uk_alloc_get_default(), vec);
	return n;
}

int uk_lwip_sock_set_nonblock(struct uk_lwip_sock *s, int on)
{
	/* lwip_ioctl(FIONBIO) sets a netconn flag: it never blocks. */
	return LWIP_CALL(lwip_ioctl(s->fd, (long)FIONBIO, &on));
}

int uk_lwip_sock_nread(struct uk_lwip_sock *s, int *n)
{
	return LWIP_CALL(lwip_ioctl(s->fd, (long)FIONREAD, n));
}

int uk_lwip_sock_close(struct uk_lwip_sock *s)
{
	uk_spin_lock(&wake_lock);
	s->conn = NULL;
	s->wake = NULL;
	s->wake_arg = NULL;
	uk_spin_unlock(&wake_lock);
	return LWIP_CALL(lwip_close(s->fd));
}
