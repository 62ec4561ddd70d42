/* The registry of 9P devices, by mount tag. */
#include <errno.h>
#include <string.h>
#include <uk/9pdev.h>

static struct uk_9pdev *devs[UK_9PDEV_MAX];
static unsigned int dev_count;

int uk_9pdev_register(struct uk_9pdev *dev)
{
	if (!dev || !dev->request)
		return -EINVAL;
	if (uk_9pdev_find(dev->tag))
		return -EEXIST;
	if (dev_count >= UK_9PDEV_MAX)
		return -ENOSPC;
	devs[dev_count] = dev;
	__atomic_store_n(&dev_count, dev_count + 1, __ATOMIC_RELEASE);
	return 0;
}

struct uk_9pdev *uk_9pdev_find(const char *tag)
{
	unsigned int i, n = __atomic_load_n(&dev_count, __ATOMIC_ACQUIRE);

	for (i = 0; tag && i < n; i++)
		if (!strcmp(devs[i]->tag, tag))
			return devs[i];
	return NULL;
}
