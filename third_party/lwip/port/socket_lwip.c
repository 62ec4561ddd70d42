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
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>

/* Before lwIP's headers, so that the C library's <endian.h> comes first. */
#include "third_party/lwip/port/socket_lwip.h"

#include "lwip/api.h"
#include "lwip/priv/api_msg.h"
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
	/*
	 * Linux's view of the socket, which lwIP does not keep, under the
	 * TCP/IP core lock: the family; shut, Linux's sk_shutdown (SHUT_RD_BIT
	 * and SHUT_WR_BIT: set by shutdown(), by the peer's FIN, or both by
	 * a lost connection); fin, the peer's FIN has come (SOCK_DONE); err,
	 * the pending error that SO_ERROR or the next call reports once
	 * (sk_err); last_state, the TCP state last seen, which names a reset
	 * as Linux does; connecting and connected, Linux's SS_CONNECTING and
	 * SS_CONNECTED (a connect started and not yet reported, or
	 * reported); user_bound, bind() chose the local port; readers,
	 * threads blocked in lwIP's recv; name, the local address of a TCP
	 * connection, which Linux still reports once it is lost.
	 */
	int family;
	int shut;
	int fin;
	int err;
	enum tcp_state last_state;
	int connecting;
	int connected;
	int user_bound;
	int readers;
	struct uk_lwip_sockaddr name;
	/*
	 * SO_SNDBUF as Linux reports it (twice what was set; 0: never set,
	 * lwIP's TCP_SND_BUF is reported) and SO_REUSEPORT: recorded only.
	 */
	int sndbuf;
	int reuseport;
};

/* Linux's bounds of a set SO_SNDBUF: SOCK_MIN_SNDBUF, wmem_max's default. */
#define SNDBUF_MIN 4608
#define SNDBUF_SET_MAX 212992

#define SHUT_RD_BIT 1
#define SHUT_WR_BIT 2

/*
 * One entry per lwIP socket number (NUM_SOCKETS, set when lwIP starts):
 * allocated with the first socket, never freed.
 */
static struct uk_lwip_sock *socks;
static struct uk_spinlock wake_lock = UK_SPINLOCK_INITIALIZER;
/*
 * Blocking TCP connects and sends wait here (connect_wait,
 * tcp_send_wait) for any TCP event;
 * tcp_gen counts the events, so that none is missed between a look at
 * the state and the wait.
 */
static struct uk_waitq tcp_wq = UK_WAITQ_INIT(tcp_wq);
static unsigned long tcp_gen;
/* lwIP's own netconn event callback (sockets.c's event_callback). */
static netconn_callback lwip_event_cb;

/*
 * Evaluates the lwip_* call expr, which returns -1 and sets errno on
 * failure; gives its result, or the negative errno.
 */
#define LWIP_CALL(expr)                                                        \
	({                                                                     \
		struct uk_lwip_errctx __c;                                     \
		__typeof__(expr) __r;                                          \
		uk_lwip_errctx_enter(&__c);                                    \
		__r = (expr);                                                  \
		uk_lwip_errctx_leave(&__c);                                    \
		__r < 0 ? (__typeof__(expr))-__c.err : __r;                    \
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

/* Linux's errno for a connection lost in state st with lwIP's err. */
static int tcp_lost_errno(enum tcp_state st, err_t err)
{
	if (err != ERR_RST)
		return err_to_errno(err);
	switch (st) {
	case SYN_SENT:
		return ECONNREFUSED;
	case CLOSE_WAIT:
		return EPIPE;
	default:
		return ECONNRESET;
	}
}

/* Notes the state of s's pcb, and the peer's FIN. Core lock held. */
static void tcp_track(struct uk_lwip_sock *s, struct tcp_pcb *pcb)
{
	s->last_state = pcb->state;
	switch (pcb->state) {
	case CLOSE_WAIT:
	case CLOSING:
	case LAST_ACK:
	case TIME_WAIT:
		s->fin = 1;
		s->shut |= SHUT_RD_BIT;
		break;
	default:
		break;
	}
}

/*
 * Follows a TCP connection for Linux's view of it (struct uk_lwip_sock).
 * lwIP calls event callbacks for these events from its thread, with the
 * core lock held.
 */
static void tcp_event(struct uk_lwip_sock *s, struct netconn *conn,
		      enum netconn_evt evt)
{
	struct tcp_pcb *pcb = conn->pcb.tcp;

	if (s->conn != conn)
		return;
	if (evt == NETCONN_EVT_ERROR) {
		/*
		 * The pcb is gone. A connection closed both ways (ERR_CLSD)
		 * or in TIME_WAIT ended well.
		 */
		if (conn->pending_err != ERR_CLSD &&
		    s->last_state != TIME_WAIT && s->last_state != CLOSED)
			s->err = tcp_lost_errno(s->last_state,
						conn->pending_err);
		s->shut = SHUT_RD_BIT | SHUT_WR_BIT;
		s->last_state = CLOSED;
		return;
	}
	if (pcb && (evt == NETCONN_EVT_RCVPLUS || evt == NETCONN_EVT_SENDPLUS))
		tcp_track(s, pcb);
}

/* Replaces lwIP's event callback on every netconn behind our sockets. */
static void sock_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	unsigned int ev = 0;
	struct uk_lwip_sock *s;
	int idx;

	lwip_event_cb(conn, evt, len);
	/* Before accept has a socket for it, conn->socket is negative. */
	idx = conn->socket - LWIP_SOCKET_OFFSET;
	if (idx < 0 || idx >= NUM_SOCKETS)
		return;
	s = &socks[idx];
	if (NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP) {
		tcp_event(s, conn, evt);
		__atomic_add_fetch(&tcp_gen, 1, __ATOMIC_RELEASE);
		uk_waitq_wake_up(&tcp_wq);
	}
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
	int readable, writable;
	SYS_ARCH_DECL_PROTECT(lev);

	LOCK_TCPIP_CORE();
	SYS_ARCH_PROTECT(lev);
	readable = ls->lastdata.pbuf || ls->rcvevent > 0;
	writable = ls->sendevent;
	SYS_ARCH_UNPROTECT(lev);
	if (NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP) {
		/* Linux's tcp_poll on Linux's view of the socket. */
		struct tcp_pcb *pcb = conn->pcb.tcp;
		enum tcp_state st = pcb ? pcb->state : CLOSED;

		if (st == LISTEN) {
			UNLOCK_TCPIP_CORE();
			return readable ? UK_LWIP_EV_IN : 0;
		}
		if (s->shut == (SHUT_RD_BIT | SHUT_WR_BIT) || st == CLOSED)
			ev |= UK_LWIP_EV_HUP;
		if (s->shut & SHUT_RD_BIT)
			ev |= UK_LWIP_EV_IN | UK_LWIP_EV_RDHUP;
		if (st != SYN_SENT && st != SYN_RCVD) {
			if (readable && st != CLOSED)
				ev |= UK_LWIP_EV_IN;
			if (writable || st == CLOSED || (s->shut & SHUT_WR_BIT))
				ev |= UK_LWIP_EV_OUT;
		}
		if (s->err)
			ev |= UK_LWIP_EV_ERR;
	} else {
		/* Linux's datagram_poll. */
		if (readable || (s->shut & SHUT_RD_BIT))
			ev |= UK_LWIP_EV_IN;
		if (s->shut & SHUT_RD_BIT)
			ev |= UK_LWIP_EV_RDHUP;
		if (s->shut == (SHUT_RD_BIT | SHUT_WR_BIT))
			ev |= UK_LWIP_EV_HUP;
		if (writable)
			ev |= UK_LWIP_EV_OUT;
		if (conn->pending_err != ERR_OK)
			ev |= UK_LWIP_EV_ERR;
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

/*
 * Allocates socks before the first socket (accepted ones come from a
 * listener, so after it). 0 or -ENOMEM.
 */
static int socks_alloc(void)
{
	struct uk_lwip_sock *t, *none = NULL;

	if (__atomic_load_n(&socks, __ATOMIC_ACQUIRE))
		return 0;
	t = uk_lwip_calloc((size_t)NUM_SOCKETS, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (!__atomic_compare_exchange_n(&socks, &none, t, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		uk_lwip_free(t);
	return 0;
}

/*
 * Takes over a socket of family lwIP has just made (socket, or accept:
 * connected).
 */
static struct uk_lwip_sock *sock_adopt(int fd, int family, int connected)
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
	s->fd = fd;
	s->family = family;
	s->shut = 0;
	s->fin = 0;
	s->err = 0;
	s->last_state = connected ? ESTABLISHED : CLOSED;
	s->connecting = 0;
	s->connected = connected;
	s->user_bound = 0;
	s->readers = 0;
	s->sndbuf = 0;
	s->reuseport = 0;
	memset(&s->name, 0, sizeof(s->name));
	/* An accepted connection may have changed before it had a socket. */
	if (connected && conn->pcb.tcp)
		tcp_track(s, conn->pcb.tcp);
	else if (connected)
		s->shut = SHUT_RD_BIT | SHUT_WR_BIT;
	UNLOCK_TCPIP_CORE();
	uk_spin_lock(&wake_lock);
	s->conn = conn;
	s->wake = NULL;
	s->wake_arg = NULL;
	uk_spin_unlock(&wake_lock);
	return s;
}

/* ---- Socket calls ---- */

int uk_lwip_sock_family(struct uk_lwip_sock *s)
{
	return s->family;
}

static struct netconn *sock_conn(struct uk_lwip_sock *s)
{
	return lwip_socket_dbg_get_socket(s->fd)->conn;
}

static int is_tcp(struct uk_lwip_sock *s)
{
	return NETCONNTYPE_GROUP(netconn_type(sock_conn(s))) == NETCONN_TCP;
}

/* The pcb's TCP state, CLOSED without a pcb. Core lock held. */
static enum tcp_state tcp_state_of(struct netconn *conn)
{
	return conn->pcb.tcp ? conn->pcb.tcp->state : CLOSED;
}

/* The pending error, now reported (as a negative errno). Core lock held. */
static int take_err(struct uk_lwip_sock *s)
{
	int e = s->err;

	s->err = 0;
	return -e;
}

/*
 * A TCP connection that failed or was lost took its pcb with it, but
 * Linux's socket is back in CLOSE without a port: it binds again, and if
 * it was never connected it connects or listens again too. Gives the
 * netconn a new pcb as netconn_new does (lwIP's do_newconn). Options set
 * on the lost pcb (SO_REUSEADDR, TCP_NODELAY, SO_KEEPALIVE) are not
 * carried over. Core lock held.
 */
static int tcp_new_pcb(struct netconn *conn)
{
	struct api_msg msg;

	memset(&msg, 0, sizeof(msg));
	msg.conn = conn;
	lwip_netconn_do_newconn(&msg);
	return msg.err == ERR_OK ? 0 : -ENOBUFS;
}

/*
 * For a socket that was never connected (no data can be queued), with a
 * new pcb: forgets what lwIP's error left for readers, the error markers
 * in the receive mailbox and the events. Core lock held.
 */
static void tcp_forget_error(struct uk_lwip_sock *s, struct netconn *conn)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(s->fd);
	void *m;
	SYS_ARCH_DECL_PROTECT(lev);

	while (sys_mbox_valid(&conn->recvmbox) &&
	       sys_mbox_tryfetch(&conn->recvmbox, &m) != SYS_MBOX_EMPTY)
		;
	conn->pending_err = ERR_OK;
	conn->flags &= ~NETCONN_FLAG_MBOXCLOSED;
	SYS_ARCH_PROTECT(lev);
	ls->rcvevent = 0;
	ls->sendevent = 0;
	ls->errevent = 0;
	SYS_ARCH_UNPROTECT(lev);
	s->shut = 0;
	s->fin = 0;
	s->last_state = CLOSED;
	s->user_bound = 0;
}

/*
 * Renews a lost pcb (see tcp_new_pcb) for bind (for_bind), or for connect
 * and listen on a socket that was never connected and whose failed
 * connect was reported; 0 or -errno. A connected socket stays connected
 * (connect: EISCONN) and its reader still finds the end of the stream.
 */
static int tcp_renew_lost(struct uk_lwip_sock *s, int for_bind)
{
	struct netconn *conn = sock_conn(s);
	int ret = 0;

	if (NETCONNTYPE_GROUP(netconn_type(conn)) != NETCONN_TCP)
		return 0;
	LOCK_TCPIP_CORE();
	if (!conn->pcb.tcp && (for_bind || (!s->connected && !s->connecting))) {
		ret = tcp_new_pcb(conn);
		if (!ret && !s->connected)
			tcp_forget_error(s, conn);
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

struct uk_lwip_sock *uk_lwip_sock_create(int family, int type, int protocol)
{
	int fd;

	if (family != AF_INET && family != AF_INET6)
		return UK_ERR2PTR(-EAFNOSUPPORT);
	/* Linux's inet_create: the protocol must be the type's. */
	switch (type) {
	case SOCK_STREAM:
		if (protocol != 0 && protocol != IPPROTO_TCP)
			return UK_ERR2PTR(-EPROTONOSUPPORT);
		break;
	case SOCK_DGRAM:
		if (protocol != 0 && protocol != IPPROTO_UDP)
			return UK_ERR2PTR(-EPROTONOSUPPORT);
		break;
	case SOCK_RAW:
		return UK_ERR2PTR(-EPROTONOSUPPORT);
	default:
		return UK_ERR2PTR(-ESOCKTNOSUPPORT);
	}
	if (socks_alloc())
		return UK_ERR2PTR(-ENOMEM);
	fd = LWIP_CALL(lwip_socket(family, type, protocol));
	if (fd < 0)
		return UK_ERR2PTR(fd);
	return sock_adopt(fd, family, 0);
}

/*
 * n, the result of a blocking receive or accept of s: if lwIP gave up
 * because a signal interrupted its mailbox wait (sys_arch_mbox_fetch ends
 * as on a timeout, which lwIP reports as EAGAIN), Linux's answer instead: a restart after the handlers
 * with SA_RESTART, or EINTR if SO_RCVTIMEO is set (signal(7): such calls
 * are never restarted).
 */
static ssize_t recv_intr(struct uk_lwip_sock *s, ssize_t n, int dontwait)
{
	struct netconn *conn = sock_conn(s);

	if (n != -EAGAIN || dontwait || netconn_is_nonblocking(conn) ||
	    !uk_thread_interrupted())
		return n;
	return netconn_get_recvtimeout(conn) ? -EINTR : -UK_ERESTARTSYS;
}

struct uk_lwip_sock *uk_lwip_sock_accept(struct uk_lwip_sock *s,
					 struct uk_lwip_sockaddr *peer)
{
	union lwip_sa u;
	socklen_t len = sizeof(u);
	int fd;

	if (is_tcp(s)) {
		struct netconn *conn = sock_conn(s);
		int listening;

		LOCK_TCPIP_CORE();
		listening = tcp_state_of(conn) == LISTEN;
		UNLOCK_TCPIP_CORE();
		if (!listening)
			return UK_ERR2PTR(-EINVAL);
	}
	memset(&u, 0, sizeof(u));
	fd = (int)recv_intr(s, LWIP_CALL(lwip_accept(s->fd, &u.sa, &len)), 0);
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
	return sock_adopt(fd, s->family, 1);
}

/*
 * Whether the socket has a local port already (bound, listening,
 * connected, or bound by connect or sendto: 1), or has lost its pcb (2).
 * Linux's bind refuses a bound socket with EINVAL. lwIP's tcp_bind would instead
 * put a bound pcb on the bound list a second time, making the list a loop
 * that the next bind of any socket walks forever.
 */
static int sock_bound(struct uk_lwip_sock *s)
{
	struct netconn *conn = sock_conn(s);
	int bound;

	LOCK_TCPIP_CORE();
	if (!conn->pcb.tcp)
		bound = 2;
	else if (NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP)
		bound = conn->pcb.tcp->local_port ||
			conn->pcb.tcp->state != CLOSED;
	else
		bound = conn->pcb.udp->local_port != 0;
	UNLOCK_TCPIP_CORE();
	return bound;
}

/*
 * An address for s as Linux checks it: EINVAL if short, EAFNOSUPPORT for
 * another family (AF_UNSPEC reads as AF_INET on an IPv4 socket where
 * unspec_ok). Converts it to lwIP's in *u.
 */
static int addr_for(struct uk_lwip_sock *s, const struct uk_lwip_sockaddr *a,
		    int unspec_ok, union lwip_sa *u)
{
	struct uk_lwip_sockaddr c;

	if (a->short_len)
		return -EINVAL;
	c = *a;
	if (unspec_ok && s->family == AF_INET && c.family == AF_UNSPEC)
		c.family = AF_INET;
	if (c.family != s->family)
		return -EAFNOSUPPORT;
	return addr_to_lwip(&c, u);
}

/* Whether a is "any", or an address of one of our interfaces. */
static int addr_is_local(const union lwip_sa *u)
{
	struct netif *nif;
	ip_addr_t ip;
	int local = 0;

	memset(&ip, 0, sizeof(ip));
	if (u->sa.sa_family == AF_INET6) {
		IP_SET_TYPE_VAL(ip, IPADDR_TYPE_V6);
		memcpy(ip_2_ip6(&ip)->addr, &u->in6.sin6_addr, 16);
	} else {
		IP_SET_TYPE_VAL(ip, IPADDR_TYPE_V4);
		ip_2_ip4(&ip)->addr = u->in.sin_addr.s_addr;
	}
	if (ip_addr_isany(&ip) || ip_addr_ismulticast(&ip))
		return 1;
	if (!IP_IS_V6(&ip) && ip4_addr_isloopback(ip_2_ip4(&ip)))
		return 1;
	LOCK_TCPIP_CORE();
	NETIF_FOREACH(nif) {
		if (IP_IS_V6(&ip) ?
			    netif_get_ip6_addr_match(nif, ip_2_ip6(&ip)) >= 0 :
			    ip4_addr_cmp(netif_ip4_addr(nif), ip_2_ip4(&ip)))
			local = 1;
	}
	UNLOCK_TCPIP_CORE();
	return local;
}

int uk_lwip_sock_bind(struct uk_lwip_sock *s,
		      const struct uk_lwip_sockaddr *addr)
{
	union lwip_sa u;
	int len = addr_for(s, addr, 1, &u);
	int ret;

	if (len < 0)
		return len;
	ret = tcp_renew_lost(s, 1);
	if (ret)
		return ret;
	/* Linux's inet6_bind looks for a bound socket first, inet_bind last. */
	if (s->family == AF_INET6 && sock_bound(s) == 1)
		return -EINVAL;
	if (!addr_is_local(&u))
		return -EADDRNOTAVAIL;
	if (sock_bound(s))
		return -EINVAL;
	ret = LWIP_CALL(lwip_bind(s->fd, &u.sa, (socklen_t)len));
	if (ret == 0)
		s->user_bound = 1;
	return ret;
}

/* Saves the local address of a TCP connection (see struct uk_lwip_sock). */
static void save_name(struct uk_lwip_sock *s)
{
	union lwip_sa u;
	socklen_t len = sizeof(u);

	memset(&u, 0, sizeof(u));
	if (LWIP_CALL(lwip_getsockname(s->fd, &u.sa, &len)) == 0)
		addr_from_lwip(&u, &s->name);
}

/* connect(AF_UNSPEC) on UDP: dissolves the association, as Linux does. */
static int sock_udp_disconnect(struct uk_lwip_sock *s, union lwip_sa *u,
			       int len)
{
	struct netconn *conn = sock_conn(s);
	int ret = LWIP_CALL(lwip_connect(s->fd, &u->sa, (socklen_t)len));

	/* Linux also gives up the port unless bind() chose it. */
	LOCK_TCPIP_CORE();
	if (ret == 0 && !s->user_bound && conn->pcb.udp)
		conn->pcb.udp->local_port = 0;
	UNLOCK_TCPIP_CORE();
	return ret;
}

/*
 * Linux's __inet_stream_connect before it connects: what a socket that is
 * connecting, connected or listening answers. Returns 1 to go on with a
 * new connection.
 */
static int tcp_connect_state(struct uk_lwip_sock *s, int *ret)
{
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;
	int go = 0;

	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	if (s->connected) {
		*ret = -EISCONN;
	} else if (s->connecting) {
		if (st == SYN_SENT || st == SYN_RCVD) {
			*ret = -EALREADY;
		} else if (!conn->pcb.tcp || st == CLOSED) {
			/* Lost, or lost and renewed by bind (tcp_renew_lost). */
			*ret = s->err ? take_err(s) : -ECONNABORTED;
			s->connecting = 0;
		} else {
			*ret = 0;
			s->connecting = 0;
			s->connected = 1;
		}
	} else if (st != CLOSED || !conn->pcb.tcp) {
		*ret = -EISCONN;
	} else {
		s->connecting = 1;
		s->last_state = SYN_SENT;
		go = 1;
	}
	UNLOCK_TCPIP_CORE();
	return go;
}

/* Whether s's connect is still under way. */
static bool tcp_connecting(struct uk_lwip_sock *s)
{
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;
	bool pcb;

	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	pcb = conn->pcb.tcp != NULL;
	UNLOCK_TCPIP_CORE();
	return pcb && (st == SYN_SENT || st == SYN_RCVD);
}

/*
 * Waits for the connect under way on blocking s to end, as Linux's
 * inet_wait_for_connect, and returns its result. A signal ends the wait:
 * a restart after the handlers with SA_RESTART (the restarted connect
 * waits again), or EINTR if SO_SNDTIMEO is set, which also bounds the
 * wait (EINPROGRESS then). The connect goes on meanwhile, as on Linux.
 */
static int connect_wait(struct uk_lwip_sock *s)
{
	s32_t timeo = netconn_get_sendtimeout(sock_conn(s));
	__nsec deadline = 0;
	unsigned long gen;
	int ret;

	if (timeo > 0)
		deadline = uk_sched_now() + (__nsec)timeo * 1000000;
	for (;;) {
		gen = __atomic_load_n(&tcp_gen, __ATOMIC_ACQUIRE);
		if (!tcp_connecting(s))
			break;
		ret = uk_waitq_wait_event_deadline_intr(
			&tcp_wq,
			__atomic_load_n(&tcp_gen, __ATOMIC_ACQUIRE) != gen,
			deadline);
		if (ret == -EINTR)
			return timeo > 0 ? -EINTR : -UK_ERESTARTSYS;
		if (ret == -ETIMEDOUT)
			return -EINPROGRESS;
	}
	tcp_connect_state(s, &ret);
	return ret;
}

int uk_lwip_sock_connect(struct uk_lwip_sock *s,
			 const struct uk_lwip_sockaddr *addr)
{
	union lwip_sa u;
	int len, ret, nonblock;

	if (addr->family == AF_UNSPEC && !is_tcp(s)) {
		len = addr_to_lwip(addr, &u);
		return sock_udp_disconnect(s, &u, len);
	}
	len = addr_for(s, addr, 0, &u);
	if (!is_tcp(s))
		return len < 0 ? len :
				 LWIP_CALL(lwip_connect(s->fd, &u.sa,
							(socklen_t)len));
	ret = tcp_renew_lost(s, 0);
	if (ret)
		return ret;
	nonblock = netconn_is_nonblocking(sock_conn(s));
	if (!tcp_connect_state(s, &ret))
		/* A blocking connect cut short by a signal, called again. */
		return ret == -EALREADY && !nonblock ? connect_wait(s) : ret;
	if (len < 0) {
		s->connecting = 0;
		return len;
	}
	/*
	 * lwIP's blocking connect waits on a semaphore that a signal cannot
	 * end: connect without blocking, then wait here (connect_wait).
	 */
	if (!nonblock)
		netconn_set_nonblocking(sock_conn(s), 1);
	ret = LWIP_CALL(lwip_connect(s->fd, &u.sa, (socklen_t)len));
	if (!nonblock)
		netconn_set_nonblocking(sock_conn(s), 0);
	save_name(s);
	LOCK_TCPIP_CORE();
	if (ret == 0) {
		s->connecting = 0;
		s->connected = 1;
	} else if (ret != -EINPROGRESS) {
		/* A blocking connect that failed reports its error itself. */
		s->connecting = 0;
		if (s->err)
			ret = take_err(s);
		else if (ret == -ECONNRESET)
			ret = -ECONNREFUSED;
	}
	UNLOCK_TCPIP_CORE();
	if (ret == -EINPROGRESS && !nonblock)
		ret = connect_wait(s);
	return ret;
}

int uk_lwip_sock_listen(struct uk_lwip_sock *s, int backlog)
{
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;
	int unbound, ret;

	if (!is_tcp(s))
		return -EOPNOTSUPP;
	ret = tcp_renew_lost(s, 0);
	if (ret)
		return ret;
	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	unbound = conn->pcb.tcp && !conn->pcb.tcp->local_port;
	ret = s->connected || s->connecting || !conn->pcb.tcp ||
	      (st != CLOSED && st != LISTEN);
	UNLOCK_TCPIP_CORE();
	if (ret)
		return -EINVAL;
	/* Linux binds an unbound socket to an ephemeral port. */
	if (unbound) {
		struct uk_lwip_sockaddr any = { .family = s->family };
		union lwip_sa u;
		int len = addr_to_lwip(&any, &u);

		ret = LWIP_CALL(lwip_bind(s->fd, &u.sa, (socklen_t)len));
		if (ret < 0)
			return ret;
	}
	/*
	 * Linux clamps the backlog rather than failing, and queues one
	 * connection more than it says (lwIP: exactly as many, at most 255).
	 */
	backlog = UK_MAX(0, UK_MIN(backlog, 254));
	return LWIP_CALL(lwip_listen(s->fd, backlog + 1));
}

/*
 * shutdown(2) of TCP, as Linux's inet_shutdown. SHUT_RD only marks the
 * socket (data that arrives stays readable, as on Linux; lwIP's own SHUT_RD
 * would drop it and reset the connection), unless a thread is blocked in
 * recv: then lwIP's wakes it with end of file.
 */
static int sock_tcp_shutdown(struct uk_lwip_sock *s, int how)
{
	struct netconn *conn = sock_conn(s);
	int bits = how == SHUT_RD ? SHUT_RD_BIT :
		   how == SHUT_WR ? SHUT_WR_BIT :
				    SHUT_RD_BIT | SHUT_WR_BIT;
	int lwip_how = -1, ret = 0;
	enum tcp_state st;

	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	if (st == LISTEN) {
		/* Stops listening: lwIP's SHUT_RD frees the listener. */
		if (bits & SHUT_RD_BIT)
			lwip_how = SHUT_RDWR;
	} else if (st == SYN_SENT || st == SYN_RCVD) {
		/*
		 * Linux gives up the connection under way: the socket is
		 * closed and unconnected, with ECONNRESET pending.
		 */
		tcp_abort(conn->pcb.tcp);
		s->connecting = 0;
		s->shut = 0;
		s->err = ECONNRESET;
	} else if (st == CLOSED) {
		ret = -ENOTCONN;
		s->shut |= bits;
	} else {
		if ((bits & SHUT_WR_BIT) && !(s->shut & SHUT_WR_BIT))
			lwip_how = SHUT_WR;
		if ((bits & SHUT_RD_BIT) && s->readers)
			lwip_how = lwip_how == SHUT_WR ? SHUT_RDWR : SHUT_RD;
		s->shut |= bits;
	}
	UNLOCK_TCPIP_CORE();
	if (lwip_how >= 0) {
		int r = LWIP_CALL(lwip_shutdown(s->fd, lwip_how));

		/* The connection may be gone meanwhile: nothing to shut. */
		if (r < 0 && r != -ENOTCONN)
			ret = r;
	}
	if (st == LISTEN && lwip_how >= 0) {
		/* A listener that stops is a fresh, closed socket again. */
		LOCK_TCPIP_CORE();
		s->shut = 0;
		s->err = 0;
		UNLOCK_TCPIP_CORE();
	}
	return ret;
}

int uk_lwip_sock_shutdown(struct uk_lwip_sock *s, int how)
{
	struct netconn *conn = sock_conn(s);
	int ret;

	if (is_tcp(s))
		return sock_tcp_shutdown(s, how);
	/* UDP: only marks the socket; not connected: ENOTCONN all the same. */
	LOCK_TCPIP_CORE();
	ret = conn->pcb.udp && (conn->pcb.udp->flags & UDP_FLAGS_CONNECTED) ?
		      0 :
		      -ENOTCONN;
	s->shut |= how == SHUT_RD ? SHUT_RD_BIT :
		   how == SHUT_WR ? SHUT_WR_BIT :
				    SHUT_RD_BIT | SHUT_WR_BIT;
	UNLOCK_TCPIP_CORE();
	return ret;
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

	/* Linux has no peer name while the SYN is unanswered. */
	if (peer && is_tcp(s)) {
		LOCK_TCPIP_CORE();
		ret = tcp_state_of(sock_conn(s)) == SYN_SENT;
		UNLOCK_TCPIP_CORE();
		if (ret)
			return -ENOTCONN;
	}
	memset(&u, 0, sizeof(u));
	ret = peer ? LWIP_CALL(lwip_getpeername(s->fd, &u.sa, &len)) :
		     LWIP_CALL(lwip_getsockname(s->fd, &u.sa, &len));
	/* A lost TCP connection keeps its local address on Linux. */
	if (ret < 0 && !peer && s->name.family) {
		*addr = s->name;
		return 0;
	}
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
	enum {
		OPT_INT,
		OPT_TIMEVAL,
		OPT_LINGER
	} kind;
};

static int opt_lookup(enum uk_lwip_opt opt, struct lwip_opt *o)
{
	static const struct lwip_opt table[] = {
		[UK_LWIP_SO_REUSEADDR] = { SOL_SOCKET, SO_REUSEADDR, OPT_INT },
		[UK_LWIP_SO_KEEPALIVE] = { SOL_SOCKET, SO_KEEPALIVE, OPT_INT },
		[UK_LWIP_SO_BROADCAST] = { SOL_SOCKET, SO_BROADCAST, OPT_INT },
		[UK_LWIP_SO_ERROR] = { SOL_SOCKET, SO_ERROR, OPT_INT },
		[UK_LWIP_SO_TYPE] = { SOL_SOCKET, SO_TYPE, OPT_INT },
		[UK_LWIP_SO_ACCEPTCONN] = { SOL_SOCKET, SO_ACCEPTCONN,
					    OPT_INT },
		[UK_LWIP_SO_RCVBUF] = { SOL_SOCKET, SO_RCVBUF, OPT_INT },
		[UK_LWIP_SO_RCVTIMEO] = { SOL_SOCKET, SO_RCVTIMEO,
					  OPT_TIMEVAL },
		[UK_LWIP_SO_SNDTIMEO] = { SOL_SOCKET, SO_SNDTIMEO,
					  OPT_TIMEVAL },
		[UK_LWIP_SO_LINGER] = { SOL_SOCKET, SO_LINGER, OPT_LINGER },
		[UK_LWIP_SO_NO_CHECK] = { SOL_SOCKET, SO_NO_CHECK, OPT_INT },
		[UK_LWIP_TCP_NODELAY] = { IPPROTO_TCP, TCP_NODELAY, OPT_INT },
		[UK_LWIP_TCP_KEEPIDLE] = { IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT },
		[UK_LWIP_TCP_KEEPINTVL] = { IPPROTO_TCP, TCP_KEEPINTVL,
					    OPT_INT },
		[UK_LWIP_TCP_KEEPCNT] = { IPPROTO_TCP, TCP_KEEPCNT, OPT_INT },
		[UK_LWIP_IP_TOS] = { IPPROTO_IP, IP_TOS, OPT_INT },
		[UK_LWIP_IP_TTL] = { IPPROTO_IP, IP_TTL, OPT_INT },
		[UK_LWIP_IPV6_V6ONLY] = { IPPROTO_IPV6, IPV6_V6ONLY, OPT_INT },
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
	int ret;

	if (opt == UK_LWIP_SO_SNDBUF) {
		val[0] = s->sndbuf ? s->sndbuf : TCP_SND_BUF;
		return 0;
	}
	if (opt == UK_LWIP_SO_REUSEPORT) {
		val[0] = s->reuseport;
		return 0;
	}
	ret = opt_lookup(opt, &o);
	if (ret < 0)
		return ret;
	if (is_tcp(s) &&
	    (opt == UK_LWIP_SO_ERROR || opt == UK_LWIP_SO_ACCEPTCONN)) {
		LOCK_TCPIP_CORE();
		val[0] = opt == UK_LWIP_SO_ERROR ?
				 -take_err(s) :
				 tcp_state_of(sock_conn(s)) == LISTEN;
		UNLOCK_TCPIP_CORE();
		return 0;
	}
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
	int ret;

	/* Linux: min(val, wmem_max) doubled, at least SOCK_MIN_SNDBUF. */
	if (opt == UK_LWIP_SO_SNDBUF) {
		s->sndbuf = (int)UK_MAX(
			2 * UK_MIN(UK_MAX(val[0], 0L), (long)SNDBUF_SET_MAX),
			(long)SNDBUF_MIN);
		return 0;
	}
	if (opt == UK_LWIP_SO_REUSEPORT) {
		s->reuseport = val[0] != 0;
		return 0;
	}
	ret = opt_lookup(opt, &o);
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

/*
 * lwIP's recvmsg refuses empty buffers (EINVAL) and its TCP send stops at
 * the first, where Linux skips them:
 * *out gets iov, or a heap copy without the empty ones (free it if it is
 * not iov). Returns the number of non-empty buffers or -ENOMEM.
 */
static int iov_nonempty(const struct iovec *iov, int iovcnt, struct iovec **out)
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

/*
 * What Linux's tcp_sendmsg answers before sending: 0 to send, or the
 * pending error, EPIPE when not connected or shut for writing, EAGAIN
 * while a non-blocking connect is under way.
 */
static int tcp_send_check(struct uk_lwip_sock *s, int nonblock)
{
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;
	int ret = 0;

	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	if (st == SYN_SENT || st == SYN_RCVD)
		ret = nonblock ? -EAGAIN : 0;
	else if (s->err)
		ret = take_err(s);
	else if ((st != ESTABLISHED && st != CLOSE_WAIT) ||
		 (s->shut & SHUT_WR_BIT))
		ret = -EPIPE;
	UNLOCK_TCPIP_CORE();
	return ret;
}

/* The same for UDP (Linux's udp_sendmsg): to may be NULL. */
static int udp_send_check(struct uk_lwip_sock *s,
			  const struct uk_lwip_sockaddr *to, union lwip_sa *u)
{
	struct netconn *conn = sock_conn(s);
	int connected, len;

	if (s->shut & SHUT_WR_BIT)
		return -EPIPE;
	if (to) {
		len = addr_for(s, to, 1, u);
		if (len < 0)
			return len;
		return to->port ? len : -EINVAL;
	}
	LOCK_TCPIP_CORE();
	connected =
		conn->pcb.udp && (conn->pcb.udp->flags & UDP_FLAGS_CONNECTED);
	UNLOCK_TCPIP_CORE();
	return connected ? 0 : -EDESTADDRREQ;
}

/* Drops the first n bytes of msg's buffers, which are the caller's. */
static void iov_consume(struct msghdr *msg, size_t n)
{
	while (msg->msg_iovlen && n >= msg->msg_iov->iov_len) {
		n -= msg->msg_iov->iov_len;
		msg->msg_iov++;
		msg->msg_iovlen--;
	}
	if (msg->msg_iovlen) {
		msg->msg_iov->iov_base = (char *)msg->msg_iov->iov_base + n;
		msg->msg_iov->iov_len -= n;
	}
}

/*
 * Whether a send on s can queue bytes (lwIP's SENDPLUS thresholds, which
 * its write meets), or fails at once (an error, the connection gone).
 */
static bool tcp_send_room(struct uk_lwip_sock *s)
{
	struct netconn *conn = sock_conn(s);
	struct tcp_pcb *pcb;
	bool room;

	LOCK_TCPIP_CORE();
	pcb = conn->pcb.tcp;
	room = !pcb || s->err ||
	       (tcp_sndbuf(pcb) > TCP_SNDLOWAT &&
		tcp_sndqueuelen(pcb) < TCP_SNDQUEUELOWAT);
	UNLOCK_TCPIP_CORE();
	return room;
}

/* How long a send waits when lwIP refused it with room (no memory). */
#define TCP_SEND_RETRY_NS 10000000LL

/*
 * A blocking TCP send. lwIP's waits for buffer space on a semaphore that a
 * signal cannot end, so this sends without blocking and waits, while there
 * is no room, for any TCP event (lwIP's SENDPLUS among them), as
 * connect_wait. As Linux's tcp_sendmsg: a signal ends the wait with the
 * count queued so far, or if none a restart after the handlers with
 * SA_RESTART (EINTR with SO_SNDTIMEO); SO_SNDTIMEO bounds the wait (the
 * count, or EAGAIN). *vec is msg's buffers (a heap copy if not iov, freed
 * by the caller); it becomes a heap copy before a partial send changes it.
 */
static ssize_t tcp_send_wait(struct uk_lwip_sock *s, struct msghdr *msg,
			     const void *iov, struct iovec **vec, int lflags)
{
	s32_t timeo = netconn_get_sendtimeout(sock_conn(s));
	__nsec deadline = 0, until;
	struct iovec *c;
	unsigned long gen;
	size_t done = 0;
	ssize_t n;
	int ret;

	if (timeo > 0)
		deadline = uk_sched_now() + (__nsec)timeo * 1000000;
	for (;;) {
		gen = __atomic_load_n(&tcp_gen, __ATOMIC_ACQUIRE);
		until = deadline;
		if (tcp_send_room(s)) {
			n = LWIP_CALL(lwip_sendmsg(s->fd, msg,
						   lflags | MSG_DONTWAIT));
			if (n != -EAGAIN && n <= 0)
				return done ? (ssize_t)done : n;
			if (n > 0) {
				done += (size_t)n;
				if (*vec == iov) {
					c = uk_malloc(uk_alloc_get_default(),
						      msg->msg_iovlen *
							      sizeof(*c));
					if (!c)
						return (ssize_t)done;
					memcpy(c, msg->msg_iov,
					       msg->msg_iovlen * sizeof(*c));
					*vec = c;
					msg->msg_iov = c;
				}
				iov_consume(msg, (size_t)n);
				if (!msg->msg_iovlen)
					return (ssize_t)done;
				continue;
			}
			/* Refused with room: its own SENDMINUS moved tcp_gen. */
			gen = __atomic_load_n(&tcp_gen, __ATOMIC_ACQUIRE);
			until = uk_sched_now() + TCP_SEND_RETRY_NS;
			if (deadline && deadline < until)
				until = deadline;
		}
		ret = uk_waitq_wait_event_deadline_intr(
			&tcp_wq,
			__atomic_load_n(&tcp_gen, __ATOMIC_ACQUIRE) != gen,
			until);
		if (ret == -ETIMEDOUT && until != deadline)
			continue;
		if (ret && done)
			return (ssize_t)done;
		if (ret == -EINTR)
			return timeo > 0 ? -EINTR : -UK_ERESTARTSYS;
		if (ret == -ETIMEDOUT)
			return -EAGAIN;
	}
}

ssize_t uk_lwip_sock_sendmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     const struct uk_lwip_sockaddr *to)
{
	struct iovec empty = { .iov_base = (void *)"", .iov_len = 0 };
	struct iovec *vec;
	struct msghdr msg;
	union lwip_sa u;
	ssize_t n;
	int tcp = is_tcp(s);
	int ret, cnt, nonblock;

	memset(&msg, 0, sizeof(msg));
	nonblock = (flags & UK_LWIP_MSG_DONTWAIT) ||
		   netconn_is_nonblocking(sock_conn(s));
	if (tcp) {
		ret = tcp_send_check(s, nonblock);
	} else {
		ret = udp_send_check(s, to, &u);
		if (ret > 0) {
			msg.msg_name = &u;
			msg.msg_namelen = (socklen_t)ret;
		}
	}
	if (ret < 0)
		return ret;
	/*
	 * Empty buffers: lwIP's TCP send stops at the first one; UDP wants
	 * at least one buffer, even for an empty datagram.
	 */
	cnt = iov_nonempty(iov, iovcnt, &vec);
	if (cnt < 0)
		return cnt;
	if (cnt) {
		msg.msg_iov = vec;
		msg.msg_iovlen = cnt;
	} else if (tcp) {
		return 0;
	} else {
		msg.msg_iov = &empty;
		msg.msg_iovlen = 1;
	}
	if (tcp && !nonblock)
		n = tcp_send_wait(s, &msg, iov, &vec, msg_flags_to_lwip(flags));
	else
		n = LWIP_CALL(
			lwip_sendmsg(s->fd, &msg, msg_flags_to_lwip(flags)));
	if (vec != iov)
		uk_free(uk_alloc_get_default(), vec);
	/* The connection was lost meanwhile: its error, as Linux gives it. */
	if (n < 0 && tcp) {
		LOCK_TCPIP_CORE();
		if (s->err)
			n = take_err(s);
		else if (n == -ENOTCONN || n == -ECONNRESET)
			n = -EPIPE;
		UNLOCK_TCPIP_CORE();
	}
	return n;
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

/* recvmsg(2) through lwIP's socket. */
static ssize_t lwip_recv_iov(struct uk_lwip_sock *s, const void *iov,
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

/*
 * What Linux's tcp_recvmsg answers without asking lwIP: returns 1 to ask
 * lwIP (with *dontwait set if the socket is shut for reading, which never
 * waits), else 0 with the answer in *ret: ENOTCONN on a listener or an
 * unconnected socket, end of file after the peer's FIN or shutdown, or
 * the pending error.
 */
static int tcp_recv_check(struct uk_lwip_sock *s, ssize_t *ret, int *dontwait)
{
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;
	int go = 0;

	*dontwait = 0;
	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	if (st == LISTEN) {
		*ret = -ENOTCONN;
	} else if (st == CLOSED) {
		if (s->fin)
			*ret = 0;
		else if (s->err)
			*ret = take_err(s);
		else
			*ret = (s->shut & SHUT_RD_BIT) ? 0 : -ENOTCONN;
	} else {
		go = 1;
		*dontwait = (s->shut & SHUT_RD_BIT) != 0;
		s->readers += !*dontwait;
	}
	UNLOCK_TCPIP_CORE();
	return go;
}

ssize_t uk_lwip_sock_recvmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     struct uk_lwip_sockaddr *from, int *oflags)
{
	ssize_t n;
	int dontwait;

	if (!is_tcp(s))
		return recv_intr(
			s, lwip_recv_iov(s, iov, iovcnt, flags, from, oflags),
			flags & UK_LWIP_MSG_DONTWAIT);
	*oflags = 0;
	if (from)
		memset(from, 0, sizeof(*from));
	if (!tcp_recv_check(s, &n, &dontwait))
		return n;
	n = lwip_recv_iov(s, iov, iovcnt,
			  flags | (dontwait ? UK_LWIP_MSG_DONTWAIT : 0), from,
			  oflags);
	LOCK_TCPIP_CORE();
	s->readers -= !dontwait;
	if (n == -EAGAIN && dontwait) {
		n = 0;
	} else if (n < 0 && n != -EAGAIN) {
		/* lwIP reports end of file once, then ENOTCONN; Linux EOF. */
		if (s->fin || (s->shut & SHUT_RD_BIT))
			n = 0;
		else if (s->err)
			n = take_err(s);
	}
	UNLOCK_TCPIP_CORE();
	return recv_intr(s, n, dontwait || (flags & UK_LWIP_MSG_DONTWAIT));
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
	struct netconn *conn = sock_conn(s);
	enum tcp_state st;

	/*
	 * SO_LINGER with a zero timeout resets a connection, as on Linux
	 * (lwIP resets only when data is still unsent).
	 */
	LOCK_TCPIP_CORE();
	st = tcp_state_of(conn);
	if (NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP &&
	    conn->linger == 0 && st != CLOSED && st != LISTEN &&
	    st != TIME_WAIT)
		tcp_abort(conn->pcb.tcp);
	UNLOCK_TCPIP_CORE();
	uk_spin_lock(&wake_lock);
	s->conn = NULL;
	s->wake = NULL;
	s->wake_arg = NULL;
	uk_spin_unlock(&wake_lock);
	return LWIP_CALL(lwip_close(s->fd));
}
