/*
 * The interface between the two halves of the socket glue. lwIP 2.1.3
 * defines its own BSD-style struct sockaddr (with sa_len), msghdr, option
 * and flag numbers, so no file can include both lwIP's <lwip/sockets.h>
 * and the C library's <sys/socket.h>. socket_ops.c sees only the Linux
 * ABI (posix/socket's ops), socket_lwip.c only lwIP's; between them pass
 * the neutral types below. Numbers that are equal on both sides (address
 * families, socket types, protocols, shutdown modes) pass unchanged, and
 * socket_lwip.c asserts at compile time that they are.
 */
#ifndef UK_LWIP_SOCKET_LWIP_H
#define UK_LWIP_SOCKET_LWIP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A socket of lwIP's (opaque outside socket_lwip.c). */
struct uk_lwip_sock;

/* A socket address: AF_INET or AF_INET6 (or AF_UNSPEC for connect). */
struct uk_lwip_sockaddr {
	int family;
	uint16_t port; /* network byte order */
	uint32_t flowinfo; /* AF_INET6, network byte order */
	uint8_t addr[16]; /* AF_INET: the first 4 bytes */
	uint32_t scope_id; /* AF_INET6 */
	/*
	 * The caller's address was shorter than a socket address of the
	 * socket's own family: Linux fails with EINVAL when it gets to
	 * looking at the address.
	 */
	int short_len;
};

/* Readiness bits (uk_lwip_sock_poll and wake-ups). */
#define UK_LWIP_EV_IN 0x1u /* data, EOF or a connection to accept */
#define UK_LWIP_EV_OUT 0x2u /* room to send */
#define UK_LWIP_EV_ERR 0x4u /* a pending error (SO_ERROR) */
#define UK_LWIP_EV_HUP 0x8u /* both directions are closed */
#define UK_LWIP_EV_RDHUP 0x10u /* the peer closed its direction */

/*
 * Message flags: in (send/recv; TRUNC: return a datagram's full length)
 * and out (TRUNC, CTRUNC: recvmsg's msg_flags).
 */
#define UK_LWIP_MSG_PEEK 0x1
#define UK_LWIP_MSG_DONTWAIT 0x2
#define UK_LWIP_MSG_MORE 0x4
#define UK_LWIP_MSG_WAITALL 0x8
#define UK_LWIP_MSG_TRUNC 0x10
#define UK_LWIP_MSG_CTRUNC 0x20

/* Socket options (level and name); values in long val[2], see below. */
enum uk_lwip_opt {
	UK_LWIP_SO_REUSEADDR, /* int */
	UK_LWIP_SO_KEEPALIVE, /* int */
	UK_LWIP_SO_BROADCAST, /* int */
	UK_LWIP_SO_ERROR, /* int errno, get only; clears the error */
	UK_LWIP_SO_TYPE, /* int, get only */
	UK_LWIP_SO_ACCEPTCONN, /* int, get only */
	UK_LWIP_SO_RCVBUF, /* int bytes */
	UK_LWIP_SO_RCVTIMEO, /* milliseconds, 0: none */
	UK_LWIP_SO_SNDTIMEO, /* milliseconds, 0: none */
	UK_LWIP_SO_LINGER, /* val[0] on, val[1] seconds */
	UK_LWIP_SO_NO_CHECK, /* int */
	UK_LWIP_TCP_NODELAY, /* int */
	UK_LWIP_TCP_KEEPIDLE, /* int seconds */
	UK_LWIP_TCP_KEEPINTVL, /* int seconds */
	UK_LWIP_TCP_KEEPCNT, /* int */
	UK_LWIP_IP_TOS, /* int */
	UK_LWIP_IP_TTL, /* int */
	UK_LWIP_IPV6_V6ONLY, /* int */
	/* Recorded without effect (lwIP's buffers are fixed at build time). */
	UK_LWIP_SO_SNDBUF, /* int bytes; reported doubled, as Linux does */
	UK_LWIP_SO_REUSEPORT, /* int */
};

/*
 * Functions return 0 (or a count) or a negative errno, sockets or
 * UK_ERR2PTR(-errno). iov is an array of iovcnt struct iovec, which has
 * the same layout ({void *, size_t}) on both sides.
 */

/* socket(2) for AF_INET/AF_INET6 with SOCK_STREAM/SOCK_DGRAM. */
struct uk_lwip_sock *uk_lwip_sock_create(int family, int type, int protocol);

/* The socket's address family, AF_INET or AF_INET6. */
int uk_lwip_sock_family(struct uk_lwip_sock *s);

/* accept(2); peer (may be NULL) receives the peer's address. */
struct uk_lwip_sock *uk_lwip_sock_accept(struct uk_lwip_sock *s,
					 struct uk_lwip_sockaddr *peer);

int uk_lwip_sock_bind(struct uk_lwip_sock *s,
		      const struct uk_lwip_sockaddr *addr);
int uk_lwip_sock_connect(struct uk_lwip_sock *s,
			 const struct uk_lwip_sockaddr *addr);
int uk_lwip_sock_listen(struct uk_lwip_sock *s, int backlog);
/* how: SHUT_RD (0), SHUT_WR (1), SHUT_RDWR (2). */
int uk_lwip_sock_shutdown(struct uk_lwip_sock *s, int how);
/* getsockname(2) (peer 0) or getpeername(2) (peer 1). */
int uk_lwip_sock_getname(struct uk_lwip_sock *s, int peer,
			 struct uk_lwip_sockaddr *addr);

int uk_lwip_sock_getopt(struct uk_lwip_sock *s, enum uk_lwip_opt opt,
			long val[2]);
int uk_lwip_sock_setopt(struct uk_lwip_sock *s, enum uk_lwip_opt opt,
			const long val[2]);

/* sendmsg(2): to may be NULL; flags: UK_LWIP_MSG_*. */
ssize_t uk_lwip_sock_sendmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     const struct uk_lwip_sockaddr *to);
/*
 * recvmsg(2): from (may be NULL) receives the source address, family 0
 * if there is none (TCP); *oflags the UK_LWIP_MSG_TRUNC/CTRUNC result.
 */
ssize_t uk_lwip_sock_recvmsg(struct uk_lwip_sock *s, const void *iov,
			     int iovcnt, int flags,
			     struct uk_lwip_sockaddr *from, int *oflags);

/* O_NONBLOCK on or off. Never blocks (called under posix/fdtab's lock). */
int uk_lwip_sock_set_nonblock(struct uk_lwip_sock *s, int on);
/* FIONREAD: bytes readable (the next datagram's size on UDP). */
int uk_lwip_sock_nread(struct uk_lwip_sock *s, int *n);

/* Current readiness: UK_LWIP_EV_* bits. */
unsigned int uk_lwip_sock_poll(struct uk_lwip_sock *s);

/*
 * From now until close, call wake(arg, events) in thread context whenever
 * the readiness may have changed (events: UK_LWIP_EV_* bits that may have
 * become set). Replaces an earlier wake function.
 */
void uk_lwip_sock_set_wake(struct uk_lwip_sock *s,
			   void (*wake)(void *arg, unsigned int events),
			   void *arg);

/* close(2): no wake-up runs once this has started. */
int uk_lwip_sock_close(struct uk_lwip_sock *s);

#ifdef __cplusplus
}
#endif

#endif /* UK_LWIP_SOCKET_LWIP_H */
