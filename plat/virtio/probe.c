/*
 * Binding devices to drivers: every driver that UK_VIRTIO_DRIVER_REGISTER
 * placed in the .uk_virtio_drivers linker section, by device type.
 */
#include <errno.h>
#include <uk/virtio/dev.h>

/* Bounds of the section, from the platform linker script. */
extern const struct uk_virtio_driver *const __uk_virtio_drivers_start[];
extern const struct uk_virtio_driver *const __uk_virtio_drivers_end[];

int uk_virtio_probe(struct uk_virtio_dev *dev)
{
	const struct uk_virtio_driver *const *p;

	for (p = __uk_virtio_drivers_start; p < __uk_virtio_drivers_end; p++)
		if ((*p)->device_id == dev->device_id)
			return (*p)->probe(dev);
	return -ENODEV;
}
