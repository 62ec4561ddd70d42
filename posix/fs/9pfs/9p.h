/* The 9P2000.L client calls of 9pfs (internal). */
#ifndef POSIX_FS_9PFS_9P_H
#define POSIX_FS_9PFS_9P_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/9pfs.h>

/* Message types (Linux's include/net/9p/9p.h). */
enum {
	P9_RLERROR = 7,
	P9_TSTATFS = 8,
	P9_TLOPEN = 12,
	P9_TLCREATE = 14,
	P9_TSYMLINK = 16,
	P9_TMKNOD = 18,
	P9_TREADLINK = 22,
	P9_TGETATTR = 24,
	P9_TSETATTR = 26,
	P9_TREADDIR = 40,
	P9_TLINK = 70,
	P9_TMKDIR = 72,
	P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76,
	P9_TVERSION = 100,
	P9_TATTACH = 104,
	P9_TWALK = 110,
	P9_TREAD = 116,
	P9_TWRITE = 118,
	P9_TCLUNK = 120,
};

#define P9_NOFID 0xffffffffu
/*
 * Tlopen/Tlcreate flags: 9P2000.L's own values (x86's O_*), whatever the
 * CPU's <fcntl.h> says.
 */
#define P9_DOTL_RDONLY 0u
#define P9_DOTL_WRONLY 1u
#define P9_DOTL_RDWR 2u
#define P9_DOTL_ACCMODE 3u
#define P9_DOTL_CREATE 0100u
#define P9_DOTL_EXCL 0200u
#define P9_DOTL_DIRECTORY 0200000u
/* Tsetattr valid bits. */
#define P9_SETATTR_MODE 0x1u
#define P9_SETATTR_SIZE 0x8u
#define P9_SETATTR_ATIME 0x10u
#define P9_SETATTR_MTIME 0x20u
#define P9_SETATTR_ATIME_SET 0x80u
#define P9_SETATTR_MTIME_SET 0x100u
/* Tgetattr request mask: the basic stat fields. */
#define P9_GETATTR_BASIC 0x7ffull

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_attr {
	struct p9_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blocks;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;
	uint64_t ctime_sec, ctime_nsec;
};

/* A session: the channel, message buffers and fid numbers. */
struct p9 {
	struct uk_9p_transport *t;
	size_t msize;
	char *tx, *rx;
	uint32_t next_fid;
};

/*
 * Each call returns 0 (or a count) or a negative errno: the server's
 * Rlerror code, -EIO for a malformed reply, -ENAMETOOLONG for names that
 * do not fit a message.
 */
int p9_connect(struct p9 *c, struct uk_9p_transport *t);
uint32_t p9_fid_new(struct p9 *c);
int p9_attach(struct p9 *c, uint32_t fid, const char *aname,
	      struct p9_qid *qid);
/* Walks fid by nwname names (0: a clone) to newfid. */
int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid);
int p9_clunk(struct p9 *c, uint32_t fid);
int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags);
int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode);
int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode);
int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target);
/* A special file: mode holds its type (S_IFIFO, ...) and permissions. */
int p9_mknod(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode);
int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len);
int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		bool dir);
int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname, size_t olen,
		uint32_t ndfid, const char *nname, size_t nlen);
int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a);
int p9_setattr(struct p9 *c, uint32_t fid, uint32_t valid, uint32_t mode,
	       uint64_t size, const struct p9_attr *times);
long p9_read(struct p9 *c, uint32_t fid, uint64_t off, void *buf, size_t len);
long p9_write(struct p9 *c, uint32_t fid, uint64_t off, const void *buf,
	      size_t len);
long p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t len);
/*
 * Reads directory entries from cookie off: the reply's entry data in
 * *data (valid until the next call), its length returned.
 */
long p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, const char **data);
int p9_statfs(struct p9 *c, uint32_t fid, uint64_t *blocks, uint64_t *bfree,
	      uint64_t *bavail, uint32_t *bsize);

/*
 * Parses one readdir entry at *p (end: the data's end): qid, next
 * cookie, type, name (not NUL-terminated). Advances *p; false when the
 * entry is malformed or there is none.
 */
bool p9_dirent(const char **p, const char *end, struct p9_qid *qid,
	       uint64_t *next, uint8_t *type, const char **name, uint16_t *len);

#endif /* POSIX_FS_9PFS_9P_H */
