/* x86_64 PCI configuration space (mechanism #1, ports 0xCF8/0xCFC). */
#ifndef VIRTIO_PCI_H
#define VIRTIO_PCI_H

#include <stdint.h>

/* Standard header fields (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3c

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_ID_VNDR 0x09

/* A function's address. */
struct pci_addr {
	uint8_t bus, dev, fn;
};

uint32_t virtio_pci_cfg_read32(struct pci_addr a, unsigned int off);
uint16_t virtio_pci_cfg_read16(struct pci_addr a, unsigned int off);
uint8_t virtio_pci_cfg_read8(struct pci_addr a, unsigned int off);
void virtio_pci_cfg_write16(struct pci_addr a, unsigned int off, uint16_t v);

/*
 * Reads BAR bar (0..5). Returns 0 and sets *addr and *is_io, or -1 for a
 * bad index or an unassigned BAR. A 64-bit memory BAR spans bar, bar + 1.
 */
int virtio_pci_bar(struct pci_addr a, unsigned int bar, uint64_t *addr,
		   int *is_io);

/* Binds a virtio function found by the bus scan (virtio_pci.c). */
void virtio_pci_probe(struct pci_addr a, uint16_t device_id);

#endif /* VIRTIO_PCI_H */
