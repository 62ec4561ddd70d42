/*
 * virtio-9p driver (virtio 1.2, 5.11): one request queue carrying 9P
 * messages, each a T-message buffer and a buffer for its R-message. The
 * device registers as a uk_9pdev under the mount tag from its config.
 * One request is in flight at a time: 9pfs sends one after another.
 */
#include <errno.h>
#include <string.h>
#include <uk/9pdev.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/semaphore.h>
#include <uk/virtio/dev.h>

/* Feature bits and config layout (5.11.3, 5.11.4). */
#define V9P_F_MOUNT_TAG 0
#define V9P_CFG_TAG_LEN 0
#define V9P_CFG_TAG 2

#define V9P_REQQ 0
/* A request is two descriptors; a few spare cost nothing. */
#define V9P_QUEUE_CAP 16
/* 9pfs asks for at most this much (posix/fs/9pfs P9_MSIZE_MAX). */
#define V9P_MSIZE (128 * 1024)
#define V9P_MAX_DEVS UK_9PDEV_MAX

struct v9p {
	struct uk_9pdev dev;
	struct uk_virtio_dev *vdev;
	struct uk_virtq vq;
	struct uk_mutex lock; /* one request at a time */
	struct uk_semaphore used; /* upped by the queue interrupt */
	/* DMA buffers of V9P_MSIZE each: the message and its reply. */
	uint8_t *tx, *rx;
};

static struct v9p v9ps[V9P_MAX_DEVS];
static unsigned int v9p_count;

/* Waits for the reply to the one chain in flight; its length or -EIO. */
static long v9p_wait(struct v9p *v)
{
	void *tok;
	uint32_t len;
	int rc;

	for (;;) {
		rc = uk_virtq_get(&v->vq, &tok, &len);
		if (rc == 0)
			return len;
		if (rc != -EAGAIN)
			return -EIO; /* a lying device: bad length or index */
		if (!uk_virtq_intr_enable(&v->vq))
			uk_semaphore_down(&v->used);
	}
}

static long v9p_request(struct uk_9pdev *dev, const void *tx, size_t txlen,
			void *rx, size_t rxcap)
{
	struct v9p *v = dev->priv;
	struct uk_virtq_buf b[2];
	long ret;

	if (txlen > V9P_MSIZE || !txlen)
		return -EMSGSIZE;
	rxcap = UK_MIN(rxcap, (size_t)V9P_MSIZE);
	uk_mutex_lock(&v->lock);
	memcpy(v->tx, tx, txlen);
	b[0].addr = uk_virtio_dma_addr(v->tx);
	b[0].len = (uint32_t)txlen;
	b[1].addr = uk_virtio_dma_addr(v->rx);
	b[1].len = (uint32_t)rxcap;
	/* Cannot fail: the queue is empty between requests. */
	(void)uk_virtq_add(&v->vq, b, 1, 1, v);
	uk_virtio_kick(v->vdev, &v->vq);
	ret = v9p_wait(v);
	if (ret > (long)rxcap)
		ret = -EIO;
	if (ret >= 0)
		memcpy(rx, v->rx, (size_t)ret);
	uk_mutex_unlock(&v->lock);
	return ret;
}

static void v9p_irq(struct uk_virtio_dev *dev __unused, uint8_t isr, void *arg)
{
	struct v9p *v = arg;

	if (isr & UK_VIRTIO_ISR_QUEUE)
		uk_semaphore_up(&v->used);
}

/* Copies the mount tag (not NUL-terminated in the config). */
static int v9p_tag(struct v9p *v)
{
	struct uk_virtio_dev *dev = v->vdev;
	uint16_t len;

	if (!uk_virtio_has(dev, V9P_F_MOUNT_TAG))
		return -ENODEV;
	dev->tr->config_read(dev, V9P_CFG_TAG_LEN, &len, sizeof(len));
	if (!len || len > UK_9PDEV_TAG_MAX)
		return -EINVAL;
	dev->tr->config_read(dev, V9P_CFG_TAG, v->dev.tag, len);
	v->dev.tag[len] = '\0';
	return strlen(v->dev.tag) == len ? 0 : -EINVAL;
}

static int v9p_setup(struct v9p *v)
{
	struct uk_virtio_dev *dev = v->vdev;
	int rc;

	rc = uk_virtio_negotiate(dev, 1ULL << V9P_F_MOUNT_TAG);
	if (rc < 0)
		return rc;
	rc = v9p_tag(v);
	if (rc < 0)
		return rc;
	rc = uk_virtio_queue_setup(dev, &v->vq, V9P_REQQ, V9P_QUEUE_CAP);
	if (rc < 0)
		return rc;
	v->tx = uk_virtio_dma_alloc(2 * V9P_MSIZE / __PAGE_SIZE);
	if (!v->tx)
		return -ENOMEM;
	v->rx = v->tx + V9P_MSIZE;
	uk_mutex_init(&v->lock, false);
	uk_semaphore_init(&v->used, 0);
	return dev->tr->irq_enable(dev, v9p_irq, v);
}

int uk_virtio_9p_probe(struct uk_virtio_dev *dev)
{
	struct v9p *v;
	int rc;

	if (v9p_count >= V9P_MAX_DEVS)
		return -ENOSPC;
	v = &v9ps[v9p_count];
	v->vdev = dev;
	rc = v9p_setup(v);
	if (rc < 0) {
		uk_pr_err("virtio-9p: setup failed: %d\n", rc);
		uk_virtio_fail(dev);
		return rc;
	}
	uk_virtio_driver_ok(dev);
	v->dev.msize = V9P_MSIZE;
	v->dev.request = v9p_request;
	v->dev.priv = v;
	rc = uk_9pdev_register(&v->dev);
	if (rc < 0)
		return rc;
	v9p_count++;
	uk_pr_info("virtio-9p: tag %s (%s)\n", v->dev.tag, dev->tr->name);
	return 0;
}

static const struct uk_virtio_driver v9p_driver = {
	.device_id = UK_VIRTIO_ID_9P,
	.name = "virtio-9p",
	.probe = uk_virtio_9p_probe,
};
UK_VIRTIO_DRIVER_REGISTER(v9p_driver);
