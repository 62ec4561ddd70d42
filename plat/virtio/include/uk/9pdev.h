/* 9P devices: channels to a 9P server that a host share is mounted over. */
#ifndef UK_9PDEV_H
#define UK_9PDEV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest mount tag kept (QEMU's limit is 31 bytes). */
#define UK_9PDEV_TAG_MAX 63
/* Devices the registry holds at most. */
#define UK_9PDEV_MAX 4

/*
 * A registered 9P channel (a virtio-9p device): the driver fills every
 * field before uk_9pdev_register(); they are read-only afterwards.
 */
struct uk_9pdev {
	char tag[UK_9PDEV_TAG_MAX + 1]; /* the mount tag, NUL-terminated */
	size_t msize; /* the largest message it carries */
	/*
	 * Sends the T-message tx (txlen bytes) and copies the reply into
	 * rx (room for rxcap bytes); callers may overlap, the driver
	 * serialises them. Returns the reply's length or a negative errno
	 * (-EIO: the device failed, -EMSGSIZE: txlen or rxcap above msize).
	 */
	long (*request)(struct uk_9pdev *dev, const void *tx, size_t txlen,
			void *rx, size_t rxcap);
	void *priv; /* the driver's */
};

/*
 * Adds dev to the registry. Drivers call it from their probe (an init
 * function, single-threaded). Returns 0, -EINVAL when dev or its request
 * is NULL, -EEXIST when a device with its tag is registered, -ENOSPC
 * when UK_9PDEV_MAX are.
 */
int uk_9pdev_register(struct uk_9pdev *dev);

/* The device with mount tag tag, or NULL. */
struct uk_9pdev *uk_9pdev_find(const char *tag);

#ifdef __cplusplus
}
#endif

#endif /* UK_9PDEV_H */
