/*
 * Fuzz target: the virtio_mmio.device= value parser (plat/common) on any
 * string, checked against its contract: 0 with a non-empty range that
 * does not pass 2^64, or -EINVAL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat/virtio_mmio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ukplat_virtio_mmio_dev dev;
	char *s = malloc(size + 1);
	int ret;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	ret = ukplat_virtio_mmio_parse(s, &dev);
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (!ret && (!dev.size || dev.base + dev.size - 1 < dev.base))
		abort();
	free(s);
	return 0;
}
