/* PCI configuration space access and the bus scan for virtio functions. */
#include <uk/asm/io.h>
#include <uk/init.h>
#include "pci.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_VENDOR_VIRTIO 0x1af4
/* Transitional (0x1000..0x103f) and modern (0x1040 + type) devices. */
#define PCI_DEVICE_VIRTIO_FIRST 0x1000
#define PCI_DEVICE_VIRTIO_LAST 0x107f

/*
 * Ports 0xCF8/0xCFC are one global pair: the scan runs single-threaded
 * at boot and the drivers only touch configuration space in their probe.
 */
static void cfg_select(struct pci_addr a, unsigned int off)
{
	outl(PCI_CONFIG_ADDRESS, 0x80000000U | ((uint32_t)a.bus << 16) |
					 ((uint32_t)a.dev << 11) |
					 ((uint32_t)a.fn << 8) | (off & 0xfc));
}

uint32_t virtio_pci_cfg_read32(struct pci_addr a, unsigned int off)
{
	cfg_select(a, off);
	return inl(PCI_CONFIG_DATA);
}

uint16_t virtio_pci_cfg_read16(struct pci_addr a, unsigned int off)
{
	return (uint16_t)(virtio_pci_cfg_read32(a, off) >> ((off & 2) * 8));
}

uint8_t virtio_pci_cfg_read8(struct pci_addr a, unsigned int off)
{
	return (uint8_t)(virtio_pci_cfg_read32(a, off) >> ((off & 3) * 8));
}

void virtio_pci_cfg_write16(struct pci_addr a, unsigned int off, uint16_t v)
{
	/* A 16-bit write: a 32-bit one would also hit the neighbour
	 * (the status register's write-1-to-clear bits). */
	cfg_select(a, off);
	outw((uint16_t)(PCI_CONFIG_DATA + (off & 2)), v);
}

int virtio_pci_bar(struct pci_addr a, unsigned int bar, uint64_t *addr,
		   int *is_io)
{
	uint32_t lo;

	if (bar > 5)
		return -1;
	lo = virtio_pci_cfg_read32(a, PCI_BAR0 + 4 * bar);
	*is_io = lo & 1;
	if (*is_io) {
		*addr = lo & ~3U;
	} else {
		*addr = lo & ~0xfU;
		if (((lo >> 1) & 3) == 2) { /* 64-bit memory BAR */
			if (bar == 5)
				return -1;
			*addr |= (uint64_t)virtio_pci_cfg_read32(
					 a, PCI_BAR0 + 4 * (bar + 1))
				 << 32;
		}
	}
	return *addr ? 0 : -1;
}

static void scan_fn(struct pci_addr a)
{
	uint16_t dev_id;

	if (virtio_pci_cfg_read16(a, PCI_VENDOR_ID) != PCI_VENDOR_VIRTIO)
		return;
	dev_id = virtio_pci_cfg_read16(a, PCI_DEVICE_ID);
	if (dev_id >= PCI_DEVICE_VIRTIO_FIRST &&
	    dev_id <= PCI_DEVICE_VIRTIO_LAST)
		virtio_pci_probe(a, dev_id);
}

/*
 * Brute-force scan of every bus: cheap (a few thousand port accesses)
 * and independent of how firmware numbered the bridges.
 */
static int virtio_pci_scan(void)
{
	struct pci_addr a;
	unsigned int bus, dev, fn, nfn;

	for (bus = 0; bus < 256; bus++) {
		for (dev = 0; dev < 32; dev++) {
			a.bus = (uint8_t)bus;
			a.dev = (uint8_t)dev;
			a.fn = 0;
			if (virtio_pci_cfg_read16(a, PCI_VENDOR_ID) == 0xffff)
				continue;
			nfn = (virtio_pci_cfg_read8(a, PCI_HEADER_TYPE) &
			       0x80) ?
				      8 :
				      1;
			for (fn = 0; fn < nfn; fn++) {
				a.fn = (uint8_t)fn;
				scan_fn(a);
			}
		}
	}
	return 0;
}

/*
 * A library initcall: drivers need the allocator and the interrupt
 * controller, both set up by the platform class.
 */
uk_lib_initcall(virtio_pci_scan);
