/*
 * AF_UNIX sockets: SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET between the
 * threads of the one process, with Linux's answers. Each socket receives
 * into its own ring (ring.h); a stream writer that finds a reader waiting
 * on an empty ring copies straight into the reader's buffers (one copy
 * instead of two). Names are abstract (a leading NUL), found in the list
 * of sockets, or path names: a socket file in the VFS (uk_vfs_mksock)
 * that the bound socket holds and connect finds it by. Every socket's
 * state is under unix_lock; a thread waits on its own socket's wait queue
 * for data, room, connections or its peer going away. Lock order:
 * unix_lock, then the VFS lock (releasing a socket file).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
#include <uk/mutex.h>
#include <uk/socket.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include <uk/wait.h>

#include "posix/socket/unix/ring.h"
#include "posix/socket/unix/unix.h"

/* Linux's sk_shutdown bits. */
#define RCV_SHUT 1
#define SEND_SHUT 2

/* Linux's defaults and floors of SO_SNDBUF and SO_RCVBUF (bytes). */
#define BUF_DEFAULT 212992
#define SNDBUF_MIN 4608
#define RCVBUF_MIN 2304
/* The largest ring (SO_SNDBUF may ask for more: it is capped here). */
#define RING_MAX (4u << 20)
/* SCM_RIGHTS: the most fds one message carries (Linux's SCM_MAX_FD). */
#define FDS_MAX 253

/* The one process: pid 1 (posix/process), run by root (posix/user). */
#define CRED_PID 1
#define CRED_UID 0
#define CRED_GID 0

enum unix_state {
	UNCONNECTED,
	LISTENING,
	CONNECTED
};

/*
 * A socket name: its sockaddr_un and length (2: unnamed). A path name of
 * 108 bytes has no NUL in sun_path: end terminates it, and its length
 * counts end, as Linux's does (111, beyond the sockaddr_un).
 */
struct unix_name {
	struct sockaddr_un sun;
	char end;
	socklen_t len;
};
_Static_assert(offsetof(struct unix_name, end) == sizeof(struct sockaddr_un),
	       "a name's end follows its sun_path");

/* What travels beside a record's bytes. */
struct unix_anc {
	struct unix_name from; /* the sender's name (datagrams) */
	int nfiles;
	struct uk_file *files[];
};

/* A stream reader waiting on an empty ring, for a writer to fill. */
struct unix_reader {
	struct posix_unix_iov dst;
	size_t got;
};

struct unix_sock {
	int type;
	enum unix_state state;
	int shut; /* RCV_SHUT, SEND_SHUT */
	int err; /* pending error (SO_ERROR) */
	int nonblock;
	int passcred;
	int was_connected; /* a stream whose peer is gone: EPIPE, not ENOTCONN */
	int peer_dead; /* a datagram peer went away, not yet reported */
	int has_cred; /* SO_PEERCRED knows the other end */
	/*
	 * SO_SNDBUF limits what this socket has queued at its peer, as on
	 * Linux; SO_RCVBUF is kept and reported (Linux's AF_UNIX queues are
	 * limited by their senders too).
	 */
	int sndbuf, rcvbuf;
	struct unix_sock *peer;
	struct unix_name name; /* len 0: not bound */
	struct uk_vnode *vn; /* the socket file of a path name */
	struct unix_name peer_name;
	struct posix_unix_ring rx;
	/* Bytes this socket has in its peer's ring (SO_SNDBUF's limit). */
	size_t in_flight;
	struct unix_reader *reader;
	struct uk_waitq wq;
	/* Listener: connections not yet accepted, at most backlog + 1. */
	struct uk_list_head accq;
	int backlog, pending;
	struct uk_list_head accq_node;
	struct uk_poll_chain *chain;
	struct uk_list_head node; /* in all_socks */
};

static struct uk_mutex unix_lock = UK_MUTEX_INITIALIZER(unix_lock);
static struct uk_list_head all_socks = UK_LIST_HEAD_INIT(all_socks);
/*
 * Datagram senders waiting for room in another socket's ring, and
 * connects waiting for room in a listener's backlog; room_gen counts the
 * times there may be more.
 */
static struct uk_waitq room_wq = UK_WAITQ_INIT(room_wq);
static unsigned long room_gen;

static void room_wake(void)
{
	room_gen++;
	uk_waitq_wake_up(&room_wq);
}

/*
 * Waits for room_wake; unix_lock held, dropped while waiting. 0, or
 * -UK_ERESTARTSYS if a signal interrupted the wait.
 */
static int room_wait(void)
{
	unsigned long gen = room_gen;
	int rc;

	uk_mutex_unlock(&unix_lock);
	rc = uk_waitq_wait_event_deadline_intr(&room_wq, room_gen != gen, 0);
	uk_mutex_lock(&unix_lock);
	return rc ? -UK_ERESTARTSYS : 0;
}

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

/* Tells s's poll chain (and its waiting threads) that events may be set. */
static void sock_wake(struct unix_sock *s, unsigned int events)
{
	uk_waitq_wake_up(&s->wq);
	if (s->chain)
		s->chain->wake(s->chain, events);
}

static void anc_free(struct unix_anc *anc)
{
	int i;

	if (!anc)
		return;
	for (i = 0; i < anc->nfiles; i++)
		uk_file_release(anc->files[i]);
	uk_free(heap(), anc);
}

/* ---- Names ---- */

/*
 * Linux's unix_mkname: a name of addr_len bytes; 0 or -EINVAL. Path names
 * end at their first NUL or after sun_path.
 */
static int name_from(const struct sockaddr *addr, socklen_t addr_len,
		     struct unix_name *n)
{
	const struct sockaddr_un *sun = (const void *)addr;

	if (addr_len <= offsetof(struct sockaddr_un, sun_path) ||
	    addr_len > sizeof(*sun) || sun->sun_family != AF_UNIX)
		return -EINVAL;
	memset(n, 0, sizeof(*n));
	memcpy(&n->sun, sun, addr_len);
	n->len = addr_len;
	if (sun->sun_path[0])
		n->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				     strnlen(n->sun.sun_path,
					     sizeof(n->sun.sun_path)) +
				     1);
	return 0;
}

/* The socket bound to the abstract name n, or NULL. */
static struct unix_sock *abstract_lookup(const struct unix_name *n)
{
	struct unix_sock *s;

	uk_list_for_each_entry(s, &all_socks, node)
		if (s->name.len == n->len &&
		    !memcmp(s->name.sun.sun_path, n->sun.sun_path,
			    n->len - offsetof(struct sockaddr_un, sun_path)))
			return s;
	return NULL;
}

/*
 * The socket file of n if it is a path name (*vn with a reference, else
 * NULL), as Linux's unix_find_bsd: the lookup's errno, ECONNREFUSED for a
 * file that is not a socket. Without unix_lock (it takes the VFS lock).
 */
static int name_resolve(const struct unix_name *n, struct uk_vnode **vn)
{
	int ret;

	*vn = NULL;
	if (!n->sun.sun_path[0])
		return 0;
	ret = uk_vfs_lookup(AT_FDCWD, n->sun.sun_path, true, vn);
	if (ret)
		return ret;
	if (!S_ISSOCK((*vn)->mode)) {
		uk_vnode_release(*vn);
		*vn = NULL;
		return -ECONNREFUSED;
	}
	return 0;
}

/* The socket named n whose file name_resolve gave as vn, or NULL. */
static struct unix_sock *name_find(const struct unix_name *n,
				   struct uk_vnode *vn)
{
	struct unix_sock *s;

	if (!vn)
		return abstract_lookup(n);
	/* Accepted sockets carry the listener's name but not its file. */
	uk_list_for_each_entry(s, &all_socks, node)
		if (s->vn == vn)
			return s;
	return NULL;
}

/* Linux's autobind: an abstract name of five hex digits. */
static int name_auto(struct unix_name *n)
{
	static unsigned int next;
	unsigned int i, v;
	const char *hex = "0123456789abcdef";

	for (i = 0; i < 0x100000; i++) {
		v = next++ & 0xfffff;
		memset(n, 0, sizeof(*n));
		n->sun.sun_family = AF_UNIX;
		for (int k = 0; k < 5; k++)
			n->sun.sun_path[5 - k] = hex[(v >> (4 * k)) & 0xf];
		n->len = offsetof(struct sockaddr_un, sun_path) + 6;
		if (!abstract_lookup(n))
			return 0;
	}
	return -ENOSPC;
}

static void name_out(const struct unix_name *n, struct sockaddr *addr,
		     socklen_t *addr_len)
{
	struct unix_name unnamed = { .sun.sun_family = AF_UNIX,
				     .len = sizeof(sa_family_t) };
	const struct unix_name *src = n->len ? n : &unnamed;

	if (addr)
		memcpy(addr, src, UK_MIN(*addr_len, src->len));
	*addr_len = src->len;
}

/* ---- Sockets ---- */

static struct unix_sock *sock_new(int type)
{
	struct unix_sock *s = uk_calloc(heap(), 1, sizeof(*s));

	if (!s)
		return NULL;
	s->type = type;
	s->sndbuf = BUF_DEFAULT;
	s->rcvbuf = BUF_DEFAULT;
	uk_waitq_init(&s->wq);
	uk_list_init(&s->accq);
	uk_list_init(&s->accq_node);
	uk_list_add_tail(&s->node, &all_socks);
	return s;
}

/* Frees what s's ring holds, and the ring. */
static void ring_drain(struct unix_sock *s)
{
	while (s->rx.records) {
		struct posix_unix_rec *h =
			posix_unix_ring_rec(&s->rx, s->rx.head);

		anc_free(posix_unix_ring_consume(&s->rx, h->len - h->off));
	}
	posix_unix_ring_resize(&s->rx, 0);
}

/*
 * s goes away: its peer (stream, seqpacket) sees both directions shut,
 * and ECONNRESET if s had data it never read or was never accepted; its
 * datagram senders lose their peer.
 */
static void sock_disconnect(struct unix_sock *s, int embryo)
{
	struct unix_sock *x, *p = s->peer;

	if (p && s->type != SOCK_DGRAM) {
		p->shut = RCV_SHUT | SEND_SHUT;
		if (s->rx.bytes || embryo)
			p->err = ECONNRESET;
		p->peer = NULL;
		p->in_flight = 0;
		sock_wake(p, POLLIN | POLLOUT | POLLHUP | POLLRDHUP |
				     (p->err ? POLLERR : 0));
	}
	uk_list_for_each_entry(x, &all_socks, node) {
		if (x->peer == s) {
			/* Its next send finds out (Linux's unix_peer). */
			x->peer = NULL;
			x->peer_dead = 1;
			sock_wake(x, POLLOUT);
		}
	}
	s->peer = NULL;
}

static void sock_free(struct unix_sock *s)
{
	struct unix_sock *e, *n;

	uk_list_for_each_entry_safe(e, n, &s->accq, accq_node) {
		uk_list_del(&e->accq_node);
		sock_disconnect(e, 1);
		sock_free(e);
	}
	sock_disconnect(s, 0);
	uk_list_del(&s->node);
	/* The socket file stays; connects to it are refused from now on. */
	if (s->vn)
		uk_vnode_release(s->vn);
	ring_drain(s);
	room_wake();
	uk_free(heap(), s);
}

/* The receive limit for a writer: its SO_SNDBUF, within the ring. */
static size_t ring_size_for(int sndbuf)
{
	size_t size = 1u << 12;

	while (size < (size_t)sndbuf && size < RING_MAX)
		size <<= 1;
	return size;
}

/* Room p's ring has for a record from s (allocating the ring at first). */
static size_t room_for(struct unix_sock *s, struct unix_sock *p)
{
	size_t limit = (size_t)s->sndbuf, used;

	if (!p->rx.size &&
	    posix_unix_ring_resize(&p->rx, ring_size_for(s->sndbuf)) < 0)
		return 0;
	used = s->type == SOCK_STREAM ? s->in_flight : p->rx.bytes;
	if (used >= limit)
		return 0;
	return UK_MIN(posix_unix_ring_room(&p->rx), limit - used);
}

/* ---- Sending ---- */

/*
 * The control message after c in msg, or NULL (musl's CMSG_NXTHDR mixes
 * signed and unsigned lengths). c's length was checked.
 */
static struct cmsghdr *cmsg_next(const struct msghdr *msg, struct cmsghdr *c)
{
	size_t off = (size_t)((char *)c - (char *)msg->msg_control) +
		     CMSG_ALIGN(c->cmsg_len);

	if (off + sizeof(*c) > msg->msg_controllen)
		return NULL;
	c = (struct cmsghdr *)((char *)msg->msg_control + off);
	return off + c->cmsg_len > msg->msg_controllen ? NULL : c;
}

/* Builds the ancillary data of a message from msg (may be NULL). */
static int anc_from_msg(struct unix_sock *s, const struct msghdr *msg,
			int dgram, struct unix_anc **out)
{
	struct unix_anc *anc;
	struct cmsghdr *c;
	int nfiles = 0, i, fd;

	*out = NULL;
	if (msg && msg->msg_controllen) {
		for (c = CMSG_FIRSTHDR(msg); c; c = cmsg_next(msg, c)) {
			if (c->cmsg_len < sizeof(*c) ||
			    c->cmsg_len > msg->msg_controllen)
				return -EINVAL;
			if (c->cmsg_level != SOL_SOCKET)
				return -EINVAL;
			if (c->cmsg_type == SCM_RIGHTS)
				nfiles += (int)((c->cmsg_len - CMSG_LEN(0)) /
						sizeof(int));
			else if (c->cmsg_type != SCM_CREDENTIALS)
				return -EINVAL;
		}
	}
	if (nfiles > FDS_MAX)
		return -EINVAL;
	if (!nfiles && !(dgram && s->name.len))
		return 0;
	anc = uk_calloc(heap(), 1,
			sizeof(*anc) + nfiles * sizeof(anc->files[0]));
	if (!anc)
		return -ENOMEM;
	if (dgram)
		anc->from = s->name;
	for (c = nfiles ? CMSG_FIRSTHDR(msg) : NULL; c; c = cmsg_next(msg, c)) {
		if (c->cmsg_type != SCM_RIGHTS)
			continue;
		for (i = 0; CMSG_LEN((i + 1) * sizeof(int)) <= c->cmsg_len;
		     i++) {
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			anc->files[anc->nfiles] = uk_fdtab_get(fd);
			if (!anc->files[anc->nfiles]) {
				anc_free(anc);
				return -EBADF;
			}
			anc->nfiles++;
		}
	}
	*out = anc;
	return 0;
}

/* Stream send to s's peer; unix_lock held. */
static ssize_t stream_send(struct unix_sock *s, struct posix_unix_iov *src,
			   struct unix_anc *anc, int nonblock)
{
	size_t len = posix_unix_iov_left(src), sent = 0, room, k;
	struct unix_sock *p;
	int rc;

	for (;;) {
		p = s->peer;
		if (s->shut & SEND_SHUT || (p && (p->shut & RCV_SHUT)) ||
		    (!p && s->was_connected))
			return sent ? (ssize_t)sent : -EPIPE;
		if (!p)
			return -ENOTCONN;
		/* A reader waits on an empty ring: fill its buffers. */
		if (p->reader && !p->rx.records && !anc && sent < len) {
			k = UK_MIN(len - sent,
				   posix_unix_iov_left(&p->reader->dst));
			posix_unix_iov_copy(&p->reader->dst, src, k);
			p->reader->got += k;
			p->reader = NULL;
			sent += k;
			sock_wake(p, POLLIN);
		}
		room = sent < len ? room_for(s, p) : 0;
		if (room) {
			k = UK_MIN(room, len - sent);
			posix_unix_ring_put(&p->rx, src, k, anc);
			anc = NULL;
			s->in_flight += k;
			sent += k;
			sock_wake(p, POLLIN);
		}
		if (sent == len && !anc)
			return (ssize_t)sent;
		if (nonblock)
			return sent ? (ssize_t)sent : -EAGAIN;
		uk_mutex_unlock(&unix_lock);
		/* (A reader waits only on an empty ring: that is room.) */
		rc = uk_waitq_wait_event_deadline_intr(
			&s->wq,
			s->peer != p || room_for(s, p) || (s->shut & SEND_SHUT),
			0);
		uk_mutex_lock(&unix_lock);
		/* A signal: what was sent, else a restart (SA_RESTART). */
		if (rc)
			return sent ? (ssize_t)sent : -UK_ERESTARTSYS;
	}
}

/*
 * Datagram or sequenced-packet send to the socket named to (datagrams), or
 * to s's peer; unix_lock held. The receiver is looked up again after each
 * wait for room: it may have gone meanwhile.
 */
static ssize_t packet_send(struct unix_sock *s, const struct unix_name *to,
			   struct uk_vnode *to_vn, struct posix_unix_iov *src,
			   struct unix_anc *anc, int nonblock)
{
	size_t len = posix_unix_iov_left(src);
	struct unix_sock *p;

	for (;;) {
		p = s->peer;
		if (to) {
			p = name_find(to, to_vn);
			if (!p)
				return -ECONNREFUSED;
			if (p->type != SOCK_DGRAM)
				return -EPROTOTYPE;
		}
		if (s->type == SOCK_SEQPACKET && s->err) {
			len = (size_t)s->err;
			s->err = 0;
			return -(ssize_t)len;
		}
		if (s->shut & SEND_SHUT)
			return -EPIPE;
		if (!p && s->type == SOCK_SEQPACKET)
			return s->was_connected ? -EPIPE : -ENOTCONN;
		if (!p)
			return -ENOTCONN;
		if (p->shut & RCV_SHUT)
			return -EPIPE;
		if (len > (size_t)s->sndbuf - 32)
			return -EMSGSIZE;
		if (posix_unix_ring_footprint(len) <= room_for(s, p) + 16) {
			posix_unix_ring_put(&p->rx, src, len, anc);
			sock_wake(p, POLLIN);
			return (ssize_t)len;
		}
		if (nonblock)
			return -EAGAIN;
		if (room_wait())
			return -UK_ERESTARTSYS;
	}
}

static ssize_t unix_send(struct unix_sock *s, const struct iovec *iov,
			 int iovcnt, const struct msghdr *msg,
			 const struct sockaddr *to, socklen_t to_len, int flags)
{
	struct posix_unix_iov src;
	struct unix_anc *anc;
	struct unix_name n;
	struct uk_vnode *vn = NULL;
	int nonblock = s->nonblock || (flags & MSG_DONTWAIT);
	ssize_t ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	posix_unix_iov_init(&src, iov, iovcnt);
	if (to && s->type == SOCK_DGRAM) {
		ret = name_from(to, to_len, &n);
		if (!ret)
			ret = name_resolve(&n, &vn);
		if (ret < 0)
			return ret;
	}
	uk_mutex_lock(&unix_lock);
	if (to && s->type == SOCK_STREAM) {
		/* Sequenced packets ignore the address, streams refuse it. */
		ret = s->state == CONNECTED ? -EISCONN : -EOPNOTSUPP;
		goto out;
	} else if (!to && !s->peer && s->peer_dead && s->type == SOCK_DGRAM) {
		/* The peer went away: report it once, then not connected. */
		s->peer_dead = 0;
		s->state = UNCONNECTED;
		ret = -ECONNREFUSED;
		goto out;
	}
	ret = anc_from_msg(s, msg, s->type == SOCK_DGRAM, &anc);
	if (ret < 0)
		goto out;
	if (s->type == SOCK_STREAM)
		ret = stream_send(s, &src, anc, nonblock);
	else
		ret = packet_send(s, to && s->type == SOCK_DGRAM ? &n : NULL,
				  vn, &src, anc, nonblock);
	/* Sent, the ancillary data went with the first record. */
	if (ret < 0)
		anc_free(anc);
out:
	uk_mutex_unlock(&unix_lock);
	if (vn)
		uk_vnode_release(vn);
	return ret;
}

/* ---- Receiving ---- */

/*
 * Delivers anc to msg's control buffer (SCM_RIGHTS: the files get fds
 * here), and the sender's SCM_CREDENTIALS with SO_PASSCRED if a message
 * came (took). What does not fit or finds no fd is dropped: MSG_CTRUNC.
 */
static void anc_to_msg(struct unix_sock *s, struct unix_anc *anc,
		       struct msghdr *msg, int flags, int took)
{
	size_t room = msg->msg_controllen, used = 0;
	struct cmsghdr *c;
	int i, fd, n;

	if (took && s->passcred && room >= CMSG_SPACE(sizeof(struct ucred))) {
		struct ucred cr = { CRED_PID, CRED_UID, CRED_GID };

		c = (struct cmsghdr *)msg->msg_control;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(cr));
		memcpy(CMSG_DATA(c), &cr, sizeof(cr));
		used = CMSG_SPACE(sizeof(cr));
	}
	n = anc && room > used + CMSG_LEN(0) ?
		    (int)UK_MIN((room - used - CMSG_LEN(0)) / sizeof(int),
				(size_t)anc->nfiles) :
		    0;
	c = (struct cmsghdr *)((char *)msg->msg_control + used);
	for (i = 0; i < n; i++) {
		fd = uk_fdtab_install(anc->files[i], 0,
				      (flags & MSG_CMSG_CLOEXEC) ? FD_CLOEXEC :
								   0);
		if (fd < 0)
			break;
		memcpy(CMSG_DATA(c) + i * sizeof(int), &fd, sizeof(fd));
	}
	if (anc && i < anc->nfiles)
		msg->msg_flags |= MSG_CTRUNC;
	if (i) {
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(i * sizeof(int));
		used += CMSG_SPACE(i * sizeof(int));
	}
	msg->msg_controllen = used;
}

/*
 * Copies what s has queued; unix_lock held. Returns bytes, or -EAGAIN if
 * nothing is. *anc: the ancillary data read, for the caller to deliver.
 */
static ssize_t take(struct unix_sock *s, struct posix_unix_iov *dst,
		    struct msghdr *msg, int flags, struct sockaddr *from,
		    socklen_t *from_len, struct unix_anc **anc)
{
	size_t want = posix_unix_iov_left(dst), got = 0, pos, k;
	struct posix_unix_rec *h;
	struct unix_sock *p = s->peer;
	int peek = flags & MSG_PEEK;

	if (!s->rx.records)
		return -EAGAIN;
	if (s->type != SOCK_STREAM) {
		h = posix_unix_ring_rec(&s->rx, s->rx.head);
		k = UK_MIN(want, (size_t)h->len);
		posix_unix_ring_read(&s->rx, s->rx.head, 0, dst, k);
		if (from && h->anc)
			name_out(&((struct unix_anc *)h->anc)->from, from,
				 from_len);
		else if (from)
			*from_len = 0;
		if (h->len > want && msg)
			msg->msg_flags |= MSG_TRUNC;
		got = (flags & MSG_TRUNC) ? h->len : k;
		if (!peek) {
			*anc = posix_unix_ring_consume(&s->rx, h->len);
			room_wake();
			if (p)
				sock_wake(p, POLLOUT);
		}
		return (ssize_t)got;
	}
	pos = s->rx.head;
	while (got < want && (h = posix_unix_ring_rec(&s->rx, pos))) {
		/* Data with fds starts a read of its own, and ends it. */
		if (h->anc && got)
			break;
		k = UK_MIN(want - got, (size_t)(h->len - h->off));
		posix_unix_ring_read(&s->rx, pos, h->off, dst, k);
		got += k;
		if (peek) {
			pos = posix_unix_ring_next(&s->rx, pos);
			continue;
		}
		*anc = h->anc;
		h->anc = NULL;
		posix_unix_ring_consume(&s->rx, k);
		if (p)
			p->in_flight -= k;
		if (*anc)
			break;
		pos = s->rx.head;
	}
	if (!peek && p)
		sock_wake(p, POLLOUT);
	return (ssize_t)got;
}

static ssize_t unix_recv(struct unix_sock *s, const struct iovec *iov,
			 int iovcnt, struct msghdr *msg, int flags,
			 struct sockaddr *from, socklen_t *from_len)
{
	struct unix_anc *anc = NULL;
	struct posix_unix_iov dst;
	struct unix_reader rd;
	int nonblock = s->nonblock || (flags & MSG_DONTWAIT);
	int posted, took = 0;
	ssize_t ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	posix_unix_iov_init(&dst, iov, iovcnt);
	uk_mutex_lock(&unix_lock);
	if (s->type != SOCK_DGRAM && s->state != CONNECTED) {
		uk_mutex_unlock(&unix_lock);
		return s->type == SOCK_STREAM ? -EINVAL : -ENOTCONN;
	}
	for (;;) {
		ret = take(s, &dst, msg, flags, from, from_len, &anc);
		took = ret >= 0;
		if (ret != -EAGAIN)
			break;
		if (s->err) {
			ret = -s->err;
			s->err = 0;
			break;
		}
		/* An empty datagram queue says EAGAIN before end of file. */
		if (nonblock && s->type == SOCK_DGRAM)
			break;
		if (s->shut & RCV_SHUT) {
			ret = 0;
			break;
		}
		if (nonblock)
			break;
		/* A writer may fill an empty stream's reader directly. */
		posted = s->type == SOCK_STREAM && !(flags & MSG_PEEK) &&
			 !s->reader;
		if (posted) {
			rd.dst = dst;
			rd.got = 0;
			s->reader = &rd;
		}
		uk_mutex_unlock(&unix_lock);
		ret = uk_waitq_wait_event_deadline_intr(
			&s->wq,
			(posted && s->reader != &rd) || s->rx.records ||
				(s->shut & RCV_SHUT) || s->err,
			0);
		uk_mutex_lock(&unix_lock);
		if (posted && s->reader == &rd)
			s->reader = NULL;
		if (posted && rd.got) {
			ret = (ssize_t)rd.got;
			took = 1;
			break;
		}
		/* A signal: restarted after its handler with SA_RESTART. */
		if (ret) {
			ret = -UK_ERESTARTSYS;
			break;
		}
	}
	uk_mutex_unlock(&unix_lock);
	if (ret >= 0 && msg)
		anc_to_msg(s, anc, msg, flags, took);
	anc_free(anc);
	return ret;
}

/* ---- posix_socket_ops ---- */

static void *unix_create(struct posix_socket_driver *d __unused,
			 int family __unused, int type, int protocol)
{
	struct unix_sock *s;

	/* Linux serves SOCK_RAW as SOCK_DGRAM. */
	if (type == SOCK_RAW)
		type = SOCK_DGRAM;
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return UK_ERR2PTR(-ESOCKTNOSUPPORT);
	if (protocol && protocol != PF_UNIX)
		return UK_ERR2PTR(-EPROTONOSUPPORT);
	uk_mutex_lock(&unix_lock);
	s = sock_new(type);
	uk_mutex_unlock(&unix_lock);
	return s ? s : UK_ERR2PTR(-ENOMEM);
}

/* Connects s and p to each other. unix_lock held. */
static void pair(struct unix_sock *s, struct unix_sock *p)
{
	s->peer = p;
	p->peer = s;
	s->state = CONNECTED;
	p->state = CONNECTED;
	s->was_connected = 1;
	p->was_connected = 1;
	s->peer_name = p->name;
	p->peer_name = s->name;
	s->has_cred = 1;
	p->has_cred = 1;
}

static int unix_socketpair(struct posix_socket_driver *d, int family, int type,
			   int protocol, void *usockvec[2])
{
	struct unix_sock *x = unix_create(d, family, type, protocol), *y;

	if (UK_PTRISERR(x))
		return UK_PTR2ERR(x);
	y = unix_create(d, family, type, protocol);
	uk_mutex_lock(&unix_lock);
	if (UK_PTRISERR(y)) {
		sock_free(x);
		uk_mutex_unlock(&unix_lock);
		return UK_PTR2ERR(y);
	}
	pair(x, y);
	uk_mutex_unlock(&unix_lock);
	usockvec[0] = x;
	usockvec[1] = y;
	return 0;
}

/*
 * Linux's unix_bind_bsd: the socket file first (EADDRINUSE if the path
 * exists), then the name; a socket already bound removes the file again.
 */
static int bind_path(struct unix_sock *s, const struct unix_name *n)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_mksock(n->sun.sun_path, &vn);

	if (ret)
		return ret == -EEXIST ? -EADDRINUSE : ret;
	uk_mutex_lock(&unix_lock);
	if (s->name.len) {
		ret = -EINVAL;
	} else {
		s->name = *n;
		s->vn = vn;
	}
	uk_mutex_unlock(&unix_lock);
	if (ret) {
		uk_sys_unlink(n->sun.sun_path);
		uk_vnode_release(vn);
	}
	return ret;
}

static int unix_bind(struct posix_socket_driver *d __unused, void *sock,
		     const struct sockaddr *addr, socklen_t addr_len)
{
	struct unix_sock *s = sock;
	struct unix_name n;
	int ret = 0;

	if (addr->sa_family != AF_UNIX)
		return -EINVAL;
	if (addr_len != sizeof(sa_family_t)) {
		ret = name_from(addr, addr_len, &n);
		if (ret)
			return ret;
		if (n.sun.sun_path[0])
			return bind_path(s, &n);
	}
	uk_mutex_lock(&unix_lock);
	if (addr_len == sizeof(sa_family_t)) {
		/* Linux's autobind: a bound socket keeps its name. */
		if (s->name.len) {
			uk_mutex_unlock(&unix_lock);
			return 0;
		}
		ret = name_auto(&n);
	}
	if (!ret && s->name.len)
		ret = -EINVAL;
	if (!ret && abstract_lookup(&n))
		ret = -EADDRINUSE;
	if (!ret)
		s->name = n;
	uk_mutex_unlock(&unix_lock);
	return ret;
}

/* Stream and seqpacket connect: queue a new socket on the listener. */
static int stream_connect(struct unix_sock *s, const struct unix_name *n,
			  struct uk_vnode *vn)
{
	struct unix_sock *l, *e;

	/* Linux's order: the name, its type and state, then ours. */
	for (;;) {
		l = name_find(n, vn);
		if (!l)
			return -ECONNREFUSED;
		if (l->type != s->type)
			return -EPROTOTYPE;
		if (l->state != LISTENING)
			return -ECONNREFUSED;
		if (s->state == CONNECTED)
			return -EISCONN;
		if (s->state == LISTENING)
			return -EINVAL;
		if (l->pending <= l->backlog)
			break;
		if (s->nonblock)
			return -EAGAIN;
		if (room_wait())
			return -UK_ERESTARTSYS;
	}
	e = sock_new(s->type);
	if (!e)
		return -ENOMEM;
	e->name = l->name;
	e->sndbuf = l->sndbuf;
	e->rcvbuf = l->rcvbuf;
	e->passcred = l->passcred;
	pair(s, e);
	uk_list_add_tail(&e->accq_node, &l->accq);
	l->pending++;
	sock_wake(l, POLLIN);
	return 0;
}

static int unix_connect(struct posix_socket_driver *d __unused, void *sock,
			const struct sockaddr *addr, socklen_t addr_len)
{
	struct unix_sock *s = sock, *p;
	struct unix_name n;
	struct uk_vnode *vn = NULL;
	int ret;

	if (s->type == SOCK_DGRAM && addr->sa_family == AF_UNSPEC) {
		/* Dissolves the association. */
		uk_mutex_lock(&unix_lock);
		s->peer = NULL;
		s->peer_dead = 0;
		s->state = UNCONNECTED;
		uk_mutex_unlock(&unix_lock);
		return 0;
	}
	ret = name_from(addr, addr_len, &n);
	if (!ret)
		ret = name_resolve(&n, &vn);
	if (ret < 0)
		return ret;
	uk_mutex_lock(&unix_lock);
	if (s->type != SOCK_DGRAM) {
		ret = stream_connect(s, &n, vn);
		goto out;
	}
	p = name_find(&n, vn);
	if (!p) {
		ret = -ECONNREFUSED;
	} else if (p->type != SOCK_DGRAM) {
		ret = -EPROTOTYPE;
	} else {
		s->peer = p;
		s->peer_name = p->name;
		s->peer_dead = 0;
		s->state = CONNECTED;
	}
out:
	uk_mutex_unlock(&unix_lock);
	if (vn)
		uk_vnode_release(vn);
	return ret;
}

static int unix_listen(struct posix_socket_driver *d __unused, void *sock,
		       int backlog)
{
	struct unix_sock *s = sock;
	int ret = 0;

	if (s->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	uk_mutex_lock(&unix_lock);
	if (!s->name.len || s->state == CONNECTED) {
		ret = -EINVAL;
	} else {
		s->state = LISTENING;
		s->backlog = backlog < 0 ? 0 : UK_MIN(backlog, 4096);
		/* A larger backlog may let waiting connects in. */
		room_wake();
	}
	uk_mutex_unlock(&unix_lock);
	return ret;
}

static void *unix_accept4(struct posix_socket_driver *d __unused, void *sock,
			  struct sockaddr *addr, socklen_t *addr_len, int flags)
{
	struct unix_sock *s = sock, *e;

	if (flags)
		return UK_ERR2PTR(-EINVAL);
	if (s->type == SOCK_DGRAM)
		return UK_ERR2PTR(-EOPNOTSUPP);
	uk_mutex_lock(&unix_lock);
	for (;;) {
		if (s->state != LISTENING) {
			e = UK_ERR2PTR(-EINVAL);
			break;
		}
		if (!uk_list_empty(&s->accq)) {
			e = uk_list_first_entry(&s->accq, struct unix_sock,
						accq_node);
			uk_list_del(&e->accq_node);
			s->pending--;
			room_wake();
			if (addr)
				name_out(&e->peer_name, addr, addr_len);
			break;
		}
		if (s->nonblock) {
			e = UK_ERR2PTR(-EAGAIN);
			break;
		}
		uk_mutex_unlock(&unix_lock);
		if (uk_waitq_wait_event_deadline_intr(
			    &s->wq,
			    !uk_list_empty(&s->accq) || s->state != LISTENING,
			    0)) {
			uk_mutex_lock(&unix_lock);
			e = UK_ERR2PTR(-UK_ERESTARTSYS);
			break;
		}
		uk_mutex_lock(&unix_lock);
	}
	uk_mutex_unlock(&unix_lock);
	return e;
}

static int unix_shutdown(struct posix_socket_driver *d __unused, void *sock,
			 int how)
{
	struct unix_sock *s = sock, *p;
	int mode = how + 1; /* SHUT_RD 0 -> RCV_SHUT 1, ... */

	uk_mutex_lock(&unix_lock);
	s->shut |= mode;
	p = s->peer;
	if (p && s->type != SOCK_DGRAM) {
		p->shut |= ((mode & RCV_SHUT) ? SEND_SHUT : 0) |
			   ((mode & SEND_SHUT) ? RCV_SHUT : 0);
		sock_wake(p, POLLIN | POLLOUT | POLLRDHUP | POLLHUP);
	}
	sock_wake(s, POLLIN | POLLOUT | POLLRDHUP | POLLHUP);
	uk_mutex_unlock(&unix_lock);
	return 0;
}

static int unix_getsockname(struct posix_socket_driver *d __unused, void *sock,
			    struct sockaddr *addr, socklen_t *addr_len)
{
	struct unix_sock *s = sock;

	uk_mutex_lock(&unix_lock);
	name_out(&s->name, addr, addr_len);
	uk_mutex_unlock(&unix_lock);
	return 0;
}

static int unix_getpeername(struct posix_socket_driver *d __unused, void *sock,
			    struct sockaddr *addr, socklen_t *addr_len)
{
	struct unix_sock *s = sock;
	int ret = 0;

	uk_mutex_lock(&unix_lock);
	/* A connection keeps its peer's name once the peer is gone. */
	if (s->peer || s->peer_dead ||
	    (s->was_connected && s->type != SOCK_DGRAM))
		name_out(&s->peer_name, addr, addr_len);
	else
		ret = -ENOTCONN;
	uk_mutex_unlock(&unix_lock);
	return ret;
}

static int unix_getsockopt(struct posix_socket_driver *d __unused, void *sock,
			   int level, int optname, void *optval,
			   socklen_t *optlen)
{
	struct unix_sock *s = sock;
	struct ucred cr = { CRED_PID, CRED_UID, CRED_GID };
	int v;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	uk_mutex_lock(&unix_lock);
	switch (optname) {
	case SO_TYPE:
		v = s->type;
		break;
	case SO_ERROR:
		v = s->err;
		s->err = 0;
		break;
	case SO_SNDBUF:
		v = s->sndbuf;
		break;
	case SO_RCVBUF:
		v = s->rcvbuf;
		break;
	case SO_PASSCRED:
		v = s->passcred;
		break;
	case SO_ACCEPTCONN:
		v = s->state == LISTENING;
		break;
	case SO_DOMAIN:
		v = AF_UNIX;
		break;
	case SO_PROTOCOL:
		v = 0;
		break;
	case SO_PEERCRED:
		uk_mutex_unlock(&unix_lock);
		/* Linux's: the process at the other end, or nobody's. */
		if (!s->has_cred && s->state != LISTENING) {
			cr.pid = 0;
			cr.uid = (uid_t)-1;
			cr.gid = (gid_t)-1;
		}
		*optlen = UK_MIN(*optlen, (socklen_t)sizeof(cr));
		memcpy(optval, &cr, *optlen);
		return 0;
	default:
		uk_mutex_unlock(&unix_lock);
		return -ENOPROTOOPT;
	}
	uk_mutex_unlock(&unix_lock);
	*optlen = UK_MIN(*optlen, (socklen_t)sizeof(v));
	memcpy(optval, &v, *optlen);
	return 0;
}

static int unix_setsockopt(struct posix_socket_driver *d __unused, void *sock,
			   int level, int optname, const void *optval,
			   socklen_t optlen)
{
	struct unix_sock *s = sock;
	int v;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (optlen < sizeof(int))
		return -EINVAL;
	memcpy(&v, optval, sizeof(v));
	uk_mutex_lock(&unix_lock);
	switch (optname) {
	case SO_SNDBUF:
		/* Linux doubles the value for its bookkeeping, and so do we. */
		s->sndbuf = (int)UK_MAX(2 * (long)UK_MIN(v, 0x7fffffff / 2),
					(long)SNDBUF_MIN);
		uk_waitq_wake_up(&s->wq);
		break;
	case SO_RCVBUF:
		s->rcvbuf = (int)UK_MAX(2 * (long)UK_MIN(v, 0x7fffffff / 2),
					(long)RCVBUF_MIN);
		break;
	case SO_PASSCRED:
		s->passcred = v != 0;
		break;
	default:
		uk_mutex_unlock(&unix_lock);
		return -ENOPROTOOPT;
	}
	uk_mutex_unlock(&unix_lock);
	return 0;
}

static ssize_t unix_recvfrom(struct posix_socket_driver *d __unused, void *sock,
			     void *buf, size_t len, int flags,
			     struct sockaddr *from, socklen_t *from_len)
{
	struct iovec iov = { buf, len };

	return unix_recv(sock, &iov, 1, NULL, flags, from, from_len);
}

static ssize_t unix_recvmsg(struct posix_socket_driver *d __unused, void *sock,
			    struct msghdr *msg, int flags)
{
	socklen_t len = msg->msg_namelen;
	ssize_t ret;

	msg->msg_flags = 0;
	ret = unix_recv(sock, msg->msg_iov, (int)msg->msg_iovlen, msg, flags,
			msg->msg_name ? msg->msg_name : NULL, &len);
	if (ret >= 0)
		msg->msg_namelen = msg->msg_name ? len : 0;
	return ret;
}

static ssize_t unix_sendto(struct posix_socket_driver *d __unused, void *sock,
			   const void *buf, size_t len, int flags,
			   const struct sockaddr *to, socklen_t to_len)
{
	struct iovec iov = { (void *)(uintptr_t)buf, len };

	return unix_send(sock, &iov, 1, NULL, to, to_len, flags);
}

static ssize_t unix_sendmsg(struct posix_socket_driver *d __unused, void *sock,
			    const struct msghdr *msg, int flags)
{
	return unix_send(sock, msg->msg_iov, (int)msg->msg_iovlen, msg,
			 msg->msg_namelen ? msg->msg_name : NULL,
			 msg->msg_namelen, flags);
}

static ssize_t unix_read(struct posix_socket_driver *d __unused, void *sock,
			 const struct iovec *iov, int iovcnt)
{
	return unix_recv(sock, iov, iovcnt, NULL, 0, NULL, NULL);
}

static ssize_t unix_write(struct posix_socket_driver *d __unused, void *sock,
			  const struct iovec *iov, int iovcnt)
{
	return unix_send(sock, iov, iovcnt, NULL, NULL, 0, 0);
}

static int unix_close(struct posix_socket_driver *d __unused, void *sock)
{
	uk_mutex_lock(&unix_lock);
	sock_free(sock);
	uk_mutex_unlock(&unix_lock);
	return 0;
}

static int unix_ioctl(struct posix_socket_driver *d __unused, void *sock,
		      unsigned long request, void *argp)
{
	struct unix_sock *s = sock;
	int v;

	if (!argp)
		return -EFAULT;
	switch (request) {
	case FIONBIO:
		memcpy(&v, argp, sizeof(v));
		s->nonblock = v != 0;
		return 0;
	case FIONREAD:
		uk_mutex_lock(&unix_lock);
		v = (int)s->rx.bytes;
		if (s->type != SOCK_STREAM && s->rx.records)
			v = (int)posix_unix_ring_rec(&s->rx, s->rx.head)->len;
		uk_mutex_unlock(&unix_lock);
		memcpy(argp, &v, sizeof(v));
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Whether s may send now (Linux's unix_writable and its peer's queue). */
static int writable(struct unix_sock *s)
{
	struct unix_sock *p = s->peer;

	if (s->state == LISTENING)
		return 0;
	if (s->type == SOCK_STREAM)
		return !p || s->in_flight * 4 <= (size_t)s->sndbuf;
	return !p || !p->rx.size || room_for(s, p) >= (size_t)s->sndbuf / 4;
}

static int unix_poll(struct posix_socket_driver *d __unused, void *sock,
		     unsigned int *revents, struct uk_poll_chain *chain)
{
	struct unix_sock *s = sock;
	unsigned int ev = 0;

	uk_mutex_lock(&unix_lock);
	if (chain)
		s->chain = chain;
	if (s->err)
		ev |= POLLERR;
	if (s->shut == (RCV_SHUT | SEND_SHUT))
		ev |= POLLHUP;
	if (s->shut & RCV_SHUT)
		ev |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (s->rx.records || !uk_list_empty(&s->accq))
		ev |= POLLIN | POLLRDNORM;
	if (s->type != SOCK_DGRAM && s->state == UNCONNECTED)
		ev |= POLLHUP;
	if (writable(s))
		ev |= POLLOUT | POLLWRNORM;
	uk_mutex_unlock(&unix_lock);
	*revents = ev;
	return 0;
}

const struct posix_socket_ops posix_unix_socket_ops = {
	.create = unix_create,
	.accept4 = unix_accept4,
	.bind = unix_bind,
	.shutdown = unix_shutdown,
	.getpeername = unix_getpeername,
	.getsockname = unix_getsockname,
	.getsockopt = unix_getsockopt,
	.setsockopt = unix_setsockopt,
	.connect = unix_connect,
	.listen = unix_listen,
	.recvfrom = unix_recvfrom,
	.recvmsg = unix_recvmsg,
	.sendmsg = unix_sendmsg,
	.sendto = unix_sendto,
	.socketpair = unix_socketpair,
	.read = unix_read,
	.write = unix_write,
	.close = unix_close,
	.ioctl = unix_ioctl,
	.poll = unix_poll,
};
