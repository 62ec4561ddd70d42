/* 9pfs: a host directory shared over the 9P2000.L protocol. */
#ifndef UK_9PFS_H
#define UK_9PFS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* statfs(2) f_type of 9pfs (Linux's V9FS_MAGIC). */
#define UK_9PFS_MAGIC 0x01021997

/*
 * A channel to a 9P server (virtio-9p, or a fake one in tests): one
 * request at a time, its reply in return.
 */
struct uk_9p_transport {
	/*
	 * Sends the message tx (txlen bytes) and receives the reply into rx
	 * (room for rxcap bytes). Returns the reply's length or a negative
	 * errno (-EIO: the channel failed).
	 */
	long (*request)(struct uk_9p_transport *t, const void *tx, size_t txlen,
			void *rx, size_t rxcap);
	/* The largest message the channel carries (9P's msize). */
	size_t msize;
};

/*
 * Attaches to the server's export aname over t and mounts it at path
 * (UK_MOUNT_RDONLY in flags: read-only). The transport must stay alive.
 * Returns 0 or a negative errno (-EPROTO: the server does not speak
 * 9P2000.L).
 */
int uk_9pfs_mount(const char *path, struct uk_9p_transport *t,
		  const char *aname, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif /* UK_9PFS_H */
