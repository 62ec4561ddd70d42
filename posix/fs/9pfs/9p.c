/*
 * 9P2000.L client: builds each T-message in the session's tx buffer,
 * sends it through the transport and checks the R-message: its size
 * against what arrived, its type (Rlerror gives the server's errno), and
 * every field read against the message's end. One request at a time (the
 * caller serialises), always with tag 1.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>

#include "posix/fs/9pfs/9p.h"

#define P9_HDR 7
#define P9_NOTAG 0xffff
#define P9_TAG 1
/* The msize asked for; the transport's may be smaller. */
#define P9_MSIZE_MAX (128 * 1024)
/* Room in a Tread/Twrite/Rread around the data. */
#define P9_IOHDR 24

struct p9_msg {
	char *buf;
	size_t len, cap;
	/* A field did not fit (building) or ran past the end (parsing). */
	bool bad;
};

static void put(struct p9_msg *m, const void *v, size_t n)
{
	if (m->bad || n > m->cap - m->len) {
		m->bad = true;
		return;
	}
	memcpy(m->buf + m->len, v, n);
	m->len += n;
}

/* Little-endian fields (9P's byte order, and our CPUs'). */
static void put8(struct p9_msg *m, uint8_t v)
{
	put(m, &v, 1);
}
static void put16(struct p9_msg *m, uint16_t v)
{
	put(m, &v, 2);
}
static void put32(struct p9_msg *m, uint32_t v)
{
	put(m, &v, 4);
}
static void put64(struct p9_msg *m, uint64_t v)
{
	put(m, &v, 8);
}

static void putstr(struct p9_msg *m, const char *s, size_t len)
{
	if (len > UINT16_MAX) {
		m->bad = true;
		return;
	}
	put16(m, (uint16_t)len);
	put(m, s, len);
}

static void get(struct p9_msg *m, void *v, size_t n)
{
	if (m->bad || n > m->cap - m->len) {
		m->bad = true;
		memset(v, 0, n);
		return;
	}
	memcpy(v, m->buf + m->len, n);
	m->len += n;
}

static uint8_t get8(struct p9_msg *m)
{
	uint8_t v;

	get(m, &v, 1);
	return v;
}

static uint16_t get16(struct p9_msg *m)
{
	uint16_t v;

	get(m, &v, 2);
	return v;
}

static uint32_t get32(struct p9_msg *m)
{
	uint32_t v;

	get(m, &v, 4);
	return v;
}

static uint64_t get64(struct p9_msg *m)
{
	uint64_t v;

	get(m, &v, 8);
	return v;
}

static void getqid(struct p9_msg *m, struct p9_qid *q)
{
	q->type = get8(m);
	q->version = get32(m);
	q->path = get64(m);
}

/* Starts a T-message of type in the session's tx buffer. */
static struct p9_msg tmsg(struct p9 *c, uint8_t type)
{
	struct p9_msg m = { c->tx, 0, c->msize, false };

	put32(&m, 0);
	put8(&m, type);
	put16(&m, type == P9_TVERSION ? P9_NOTAG : P9_TAG);
	return m;
}

/*
 * Sends t and receives the reply into *r, positioned after its header.
 * Returns 0, the server's -errno (Rlerror), -EIO for a reply that is not
 * type + 1 or is malformed, or -ENAMETOOLONG when t did not fit.
 */
static int rpc(struct p9 *c, struct p9_msg *t, struct p9_msg *r)
{
	uint32_t size = (uint32_t)t->len, rsize;
	uint8_t type = (uint8_t)t->buf[4], rtype;
	long n;

	if (t->bad)
		return -ENAMETOOLONG;
	memcpy(t->buf, &size, 4);
	n = c->t->request(c->t, t->buf, t->len, c->rx, c->msize);
	if (n < 0)
		return (int)n;
	*r = (struct p9_msg){ c->rx, 0, (size_t)n, false };
	rsize = get32(r);
	rtype = get8(r);
	get16(r);
	if (r->bad || rsize < P9_HDR || rsize > (size_t)n)
		return -EIO;
	r->cap = rsize;
	if (rtype == P9_RLERROR) {
		n = (long)get32(r);
		return (r->bad || !n || n > 4095) ? -EIO : (int)-n;
	}
	return rtype == type + 1 ? 0 : -EIO;
}

/* The reply was complete: 0, else -EIO. */
static int done(struct p9_msg *r)
{
	return r->bad ? -EIO : 0;
}

int p9_connect(struct p9 *c, struct uk_9p_transport *t)
{
	struct p9_msg m, r;
	char version[16];
	uint16_t vlen;
	uint32_t msize;
	int ret;

	c->t = t;
	c->msize = UK_MIN(t->msize, (size_t)P9_MSIZE_MAX);
	c->next_fid = 0;
	if (c->msize < 4096)
		return -EINVAL;
	c->tx = uk_malloc(uk_alloc_get_default(), 2 * c->msize);
	if (!c->tx)
		return -ENOMEM;
	c->rx = c->tx + c->msize;
	m = tmsg(c, P9_TVERSION);
	put32(&m, (uint32_t)c->msize);
	putstr(&m, "9P2000.L", 8);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	msize = get32(&r);
	vlen = get16(&r);
	if (vlen >= sizeof(version))
		return -EPROTO;
	get(&r, version, vlen);
	if (done(&r) || msize < 4096 || vlen != 8 ||
	    memcmp(version, "9P2000.L", 8))
		return -EPROTO;
	c->msize = UK_MIN(c->msize, msize);
	return 0;
}

uint32_t p9_fid_new(struct p9 *c)
{
	return c->next_fid++;
}

int p9_attach(struct p9 *c, uint32_t fid, const char *aname, struct p9_qid *qid)
{
	struct p9_msg m = tmsg(c, P9_TATTACH), r;
	int ret;

	put32(&m, fid);
	put32(&m, P9_NOFID);
	putstr(&m, "root", 4);
	putstr(&m, aname, strlen(aname));
	put32(&m, 0);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	getqid(&r, qid);
	return done(&r);
}

int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid)
{
	struct p9_msg m = tmsg(c, P9_TWALK), r;
	int ret;

	put32(&m, fid);
	put32(&m, newfid);
	put16(&m, name ? 1 : 0);
	if (name)
		putstr(&m, name, len);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	/* A walk of one name that finds nothing returns no qid. */
	if (get16(&r) != (name ? 1 : 0))
		return r.bad ? -EIO : -ENOENT;
	if (name)
		getqid(&r, qid);
	return done(&r);
}

/* A request whose reply carries nothing. */
static int simple(struct p9 *c, struct p9_msg *m)
{
	struct p9_msg r;

	return rpc(c, m, &r);
}

int p9_clunk(struct p9 *c, uint32_t fid)
{
	struct p9_msg m = tmsg(c, P9_TCLUNK);

	put32(&m, fid);
	return simple(c, &m);
}

int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags)
{
	struct p9_msg m = tmsg(c, P9_TLOPEN);

	put32(&m, fid);
	put32(&m, flags);
	return simple(c, &m);
}

int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode)
{
	struct p9_msg m = tmsg(c, P9_TLCREATE);

	put32(&m, fid);
	putstr(&m, name, len);
	put32(&m, flags);
	put32(&m, mode);
	put32(&m, 0);
	return simple(c, &m);
}

int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode)
{
	struct p9_msg m = tmsg(c, P9_TMKDIR);

	put32(&m, dfid);
	putstr(&m, name, len);
	put32(&m, mode);
	put32(&m, 0);
	return simple(c, &m);
}

int p9_mknod(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode)
{
	struct p9_msg m = tmsg(c, P9_TMKNOD);

	put32(&m, dfid);
	putstr(&m, name, len);
	put32(&m, mode);
	put32(&m, 0); /* major */
	put32(&m, 0); /* minor */
	put32(&m, 0); /* gid */
	return simple(c, &m);
}

int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target)
{
	struct p9_msg m = tmsg(c, P9_TSYMLINK);

	put32(&m, dfid);
	putstr(&m, name, len);
	putstr(&m, target, strlen(target));
	put32(&m, 0);
	return simple(c, &m);
}

int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len)
{
	struct p9_msg m = tmsg(c, P9_TLINK);

	put32(&m, dfid);
	put32(&m, fid);
	putstr(&m, name, len);
	return simple(c, &m);
}

int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		bool dir)
{
	struct p9_msg m = tmsg(c, P9_TUNLINKAT);

	put32(&m, dfid);
	putstr(&m, name, len);
	/* Linux's AT_REMOVEDIR. */
	put32(&m, dir ? 0x200 : 0);
	return simple(c, &m);
}

int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname, size_t olen,
		uint32_t ndfid, const char *nname, size_t nlen)
{
	struct p9_msg m = tmsg(c, P9_TRENAMEAT);

	put32(&m, odfid);
	putstr(&m, oname, olen);
	put32(&m, ndfid);
	putstr(&m, nname, nlen);
	return simple(c, &m);
}

int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a)
{
	struct p9_msg m = tmsg(c, P9_TGETATTR), r;
	int ret;

	put32(&m, fid);
	put64(&m, P9_GETATTR_BASIC);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	get64(&r);
	getqid(&r, &a->qid);
	a->mode = get32(&r);
	a->uid = get32(&r);
	a->gid = get32(&r);
	a->nlink = get64(&r);
	a->rdev = get64(&r);
	a->size = get64(&r);
	get64(&r);
	a->blocks = get64(&r);
	a->atime_sec = get64(&r);
	a->atime_nsec = get64(&r);
	a->mtime_sec = get64(&r);
	a->mtime_nsec = get64(&r);
	a->ctime_sec = get64(&r);
	a->ctime_nsec = get64(&r);
	return done(&r);
}

int p9_setattr(struct p9 *c, uint32_t fid, uint32_t valid, uint32_t mode,
	       uint64_t size, const struct p9_attr *times)
{
	struct p9_msg m = tmsg(c, P9_TSETATTR);

	put32(&m, fid);
	put32(&m, valid);
	put32(&m, mode);
	put32(&m, 0);
	put32(&m, 0);
	put64(&m, size);
	put64(&m, times ? times->atime_sec : 0);
	put64(&m, times ? times->atime_nsec : 0);
	put64(&m, times ? times->mtime_sec : 0);
	put64(&m, times ? times->mtime_nsec : 0);
	return simple(c, &m);
}

long p9_read(struct p9 *c, uint32_t fid, uint64_t off, void *buf, size_t len)
{
	struct p9_msg m = tmsg(c, P9_TREAD), r;
	uint32_t n;
	int ret;

	len = UK_MIN(len, c->msize - P9_IOHDR);
	put32(&m, fid);
	put64(&m, off);
	put32(&m, (uint32_t)len);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	n = get32(&r);
	if (n > len)
		return -EIO;
	get(&r, buf, n);
	return done(&r) ? -EIO : (long)n;
}

long p9_write(struct p9 *c, uint32_t fid, uint64_t off, const void *buf,
	      size_t len)
{
	struct p9_msg m = tmsg(c, P9_TWRITE), r;
	uint32_t n;
	int ret;

	len = UK_MIN(len, c->msize - P9_IOHDR);
	put32(&m, fid);
	put64(&m, off);
	put32(&m, (uint32_t)len);
	put(&m, buf, len);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	n = get32(&r);
	if (done(&r) || n > len)
		return -EIO;
	return (long)n;
}

long p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t len)
{
	struct p9_msg m = tmsg(c, P9_TREADLINK), r;
	uint16_t n;
	int ret;

	put32(&m, fid);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	n = get16(&r);
	if (r.bad || n > r.cap - r.len)
		return -EIO;
	memcpy(buf, r.buf + r.len, UK_MIN(len, (size_t)n));
	return (long)UK_MIN(len, (size_t)n);
}

long p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, const char **data)
{
	struct p9_msg m = tmsg(c, P9_TREADDIR), r;
	uint32_t n;
	int ret;

	put32(&m, fid);
	put64(&m, off);
	put32(&m, (uint32_t)(c->msize - P9_IOHDR));
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	n = get32(&r);
	if (r.bad || n > r.cap - r.len)
		return -EIO;
	*data = r.buf + r.len;
	return (long)n;
}

bool p9_dirent(const char **p, const char *end, struct p9_qid *qid,
	       uint64_t *next, uint8_t *type, const char **name, uint16_t *len)
{
	struct p9_msg r = { (char *)(uintptr_t)*p, 0, (size_t)(end - *p),
			    false };

	getqid(&r, qid);
	*next = get64(&r);
	*type = get8(&r);
	*len = get16(&r);
	if (r.bad || *len > r.cap - r.len || !*len)
		return false;
	*name = r.buf + r.len;
	*p = *name + *len;
	return true;
}

int p9_statfs(struct p9 *c, uint32_t fid, uint64_t *blocks, uint64_t *bfree,
	      uint64_t *bavail, uint32_t *bsize)
{
	struct p9_msg m = tmsg(c, P9_TSTATFS), r;
	int ret;

	put32(&m, fid);
	ret = rpc(c, &m, &r);
	if (ret)
		return ret;
	get32(&r);
	*bsize = get32(&r);
	*blocks = get64(&r);
	*bfree = get64(&r);
	*bavail = get64(&r);
	return done(&r);
}
