/* virtio over PCI (virtio 1.2, 4.1): modern capabilities, legacy I/O BAR. */
#include <errno.h>
#include <string.h>
#include <uk/asm/io.h>
#include <uk/plat/trap.h>
#include <uk/print.h>
#include <uk/virtio/dev.h>
#include "pci.h"

/* Vendor capability types (4.1.4). */
#define VPCI_CAP_COMMON 1
#define VPCI_CAP_NOTIFY 2
#define VPCI_CAP_ISR 3
#define VPCI_CAP_DEVICE 4

/* struct virtio_pci_cap fields (4.1.4), offsets from the capability. */
#define VPCI_CAP_TYPE 3
#define VPCI_CAP_BAR 4
#define VPCI_CAP_OFFSET 8
#define VPCI_CAP_LENGTH 12
#define VPCI_CAP_NOTIFY_MULT 16

/* struct virtio_pci_common_cfg (4.1.4.3). */
#define VPCI_DFSELECT 0x00
#define VPCI_DF 0x04
#define VPCI_GFSELECT 0x08
#define VPCI_GF 0x0c
#define VPCI_NUM_QUEUES 0x12
#define VPCI_STATUS 0x14
#define VPCI_CFG_GENERATION 0x15
#define VPCI_Q_SELECT 0x16
#define VPCI_Q_SIZE 0x18
#define VPCI_Q_ENABLE 0x1c
#define VPCI_Q_NOTIFY_OFF 0x1e
#define VPCI_Q_DESC 0x20
#define VPCI_Q_DRIVER 0x28
#define VPCI_Q_DEVICE 0x30

/* Legacy I/O registers (4.1.4.10), without MSI-X. */
#define VPCI_L_HOST_FEATURES 0x00
#define VPCI_L_GUEST_FEATURES 0x04
#define VPCI_L_Q_PFN 0x08
#define VPCI_L_Q_SIZE 0x0c
#define VPCI_L_Q_SELECT 0x0e
#define VPCI_L_Q_NOTIFY 0x10
#define VPCI_L_STATUS 0x12
#define VPCI_L_ISR 0x13
#define VPCI_L_CONFIG 0x14

#define VPCI_MAX_DEVS 4
#define VPCI_MAX_QUEUES 8
/* The identity map covers the first 4 GiB: BARs must lie below. */
#define VPCI_MAPPED_END 0x100000000ULL

struct vpci {
	struct uk_virtio_dev vdev;
	uint8_t irq;
	/* modern */
	uintptr_t common, isr, device, notify;
	uint32_t notify_mult;
	uint16_t notify_off[VPCI_MAX_QUEUES];
	/* legacy */
	uint16_t io;
	uk_virtio_irq_fn irq_fn;
	void *irq_arg;
};

static struct vpci vpcis[VPCI_MAX_DEVS];
static unsigned int vpci_count;

static inline struct vpci *to_vpci(struct uk_virtio_dev *dev)
{
	return dev->priv;
}

/* MMIO registers: exactly one access of the register's width. */
static inline uint8_t r8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

static inline uint16_t r16(uintptr_t a)
{
	return *(volatile uint16_t *)a;
}

static inline uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void w8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void w16(uintptr_t a, uint16_t v)
{
	*(volatile uint16_t *)a = v;
}

static inline void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* 64-bit fields as two 32-bit halves, low first (4.1.3.1). */
static inline void w64(uintptr_t a, uint64_t v)
{
	w32(a, (uint32_t)v);
	w32(a + 4, (uint32_t)(v >> 32));
}

/* Modern transport. */

static uint64_t m_features_get(struct uk_virtio_dev *dev)
{
	struct vpci *vp = to_vpci(dev);
	uint64_t f;

	w32(vp->common + VPCI_DFSELECT, 0);
	f = r32(vp->common + VPCI_DF);
	w32(vp->common + VPCI_DFSELECT, 1);
	return f | (uint64_t)r32(vp->common + VPCI_DF) << 32;
}

static void m_features_set(struct uk_virtio_dev *dev, uint64_t f)
{
	struct vpci *vp = to_vpci(dev);

	w32(vp->common + VPCI_GFSELECT, 0);
	w32(vp->common + VPCI_GF, (uint32_t)f);
	w32(vp->common + VPCI_GFSELECT, 1);
	w32(vp->common + VPCI_GF, (uint32_t)(f >> 32));
}

static uint8_t m_status_get(struct uk_virtio_dev *dev)
{
	return r8(to_vpci(dev)->common + VPCI_STATUS);
}

static void m_status_set(struct uk_virtio_dev *dev, uint8_t status)
{
	struct vpci *vp = to_vpci(dev);

	w8(vp->common + VPCI_STATUS, status);
	/* 4.1.4.3.2: a reset completes when status reads back 0. */
	while (!status && r8(vp->common + VPCI_STATUS))
		;
}

/* Reads [off, off + len) with accesses as wide as the field. */
static void cfg_copy(uintptr_t base, unsigned int off, void *buf,
		     unsigned int len)
{
	uint8_t *p = buf;
	unsigned int i;

	if (len == 4 && !(off & 3)) {
		*(uint32_t *)buf = r32(base + off);
	} else if (len == 2 && !(off & 1)) {
		*(uint16_t *)buf = r16(base + off);
	} else {
		for (i = 0; i < len; i++)
			p[i] = r8(base + off + i);
	}
}

static void m_config_read(struct uk_virtio_dev *dev, unsigned int off,
			  void *buf, unsigned int len)
{
	struct vpci *vp = to_vpci(dev);
	uint8_t gen;

	/* 4.1.4.3.1 / 2.5.1: retry until the generation is stable. */
	do {
		gen = r8(vp->common + VPCI_CFG_GENERATION);
		cfg_copy(vp->device, off, buf, len);
	} while (gen != r8(vp->common + VPCI_CFG_GENERATION));
}

static unsigned int m_queue_max(struct uk_virtio_dev *dev, uint16_t index)
{
	struct vpci *vp = to_vpci(dev);

	if (index >= VPCI_MAX_QUEUES ||
	    index >= r16(vp->common + VPCI_NUM_QUEUES))
		return 0;
	w16(vp->common + VPCI_Q_SELECT, index);
	return r16(vp->common + VPCI_Q_SIZE);
}

static int m_queue_enable(struct uk_virtio_dev *dev, struct uk_virtq *vq)
{
	struct vpci *vp = to_vpci(dev);

	if (vq->index >= VPCI_MAX_QUEUES)
		return -ENOTSUP;
	w16(vp->common + VPCI_Q_SELECT, vq->index);
	w16(vp->common + VPCI_Q_SIZE, vq->num);
	w64(vp->common + VPCI_Q_DESC, uk_virtio_dma_addr(vq->desc));
	w64(vp->common + VPCI_Q_DRIVER, uk_virtio_dma_addr(vq->avail));
	w64(vp->common + VPCI_Q_DEVICE, uk_virtio_dma_addr(vq->used));
	vp->notify_off[vq->index] = r16(vp->common + VPCI_Q_NOTIFY_OFF);
	w16(vp->common + VPCI_Q_ENABLE, 1);
	return 0;
}

static void m_notify(struct uk_virtio_dev *dev, uint16_t index)
{
	struct vpci *vp = to_vpci(dev);

	w16(vp->notify + (uintptr_t)vp->notify_off[index] * vp->notify_mult,
	    index);
}

/* Reading the ISR byte acknowledges the interrupt (4.1.4.5). */
static uint8_t m_isr(struct vpci *vp)
{
	return r8(vp->isr);
}

/* Legacy transport. */

static uint64_t l_features_get(struct uk_virtio_dev *dev)
{
	return inl((uint16_t)(to_vpci(dev)->io + VPCI_L_HOST_FEATURES));
}

static void l_features_set(struct uk_virtio_dev *dev, uint64_t f)
{
	outl((uint16_t)(to_vpci(dev)->io + VPCI_L_GUEST_FEATURES), (uint32_t)f);
}

static uint8_t l_status_get(struct uk_virtio_dev *dev)
{
	return inb((uint16_t)(to_vpci(dev)->io + VPCI_L_STATUS));
}

static void l_status_set(struct uk_virtio_dev *dev, uint8_t status)
{
	outb((uint16_t)(to_vpci(dev)->io + VPCI_L_STATUS), status);
}

static void l_config_read(struct uk_virtio_dev *dev, unsigned int off,
			  void *buf, unsigned int len)
{
	uint16_t port = (uint16_t)(to_vpci(dev)->io + VPCI_L_CONFIG + off);
	uint8_t *p = buf;
	unsigned int i;

	if (len == 4 && !(off & 3)) {
		*(uint32_t *)buf = inl(port);
	} else if (len == 2 && !(off & 1)) {
		*(uint16_t *)buf = inw(port);
	} else {
		for (i = 0; i < len; i++)
			p[i] = inb((uint16_t)(port + i));
	}
}

static unsigned int l_queue_max(struct uk_virtio_dev *dev, uint16_t index)
{
	uint16_t io = to_vpci(dev)->io;

	outw((uint16_t)(io + VPCI_L_Q_SELECT), index);
	return inw((uint16_t)(io + VPCI_L_Q_SIZE));
}

static int l_queue_enable(struct uk_virtio_dev *dev, struct uk_virtq *vq)
{
	uint16_t io = to_vpci(dev)->io;
	uint64_t pfn = uk_virtio_dma_addr(vq->desc) / UK_VIRTQ_LEGACY_ALIGN;

	if (pfn >> 32)
		return -ENOTSUP;
	outw((uint16_t)(io + VPCI_L_Q_SELECT), vq->index);
	outl((uint16_t)(io + VPCI_L_Q_PFN), (uint32_t)pfn);
	return 0;
}

static void l_notify(struct uk_virtio_dev *dev, uint16_t index)
{
	outw((uint16_t)(to_vpci(dev)->io + VPCI_L_Q_NOTIFY), index);
}

/* Reading the ISR register acknowledges the interrupt. */
static uint8_t l_isr(struct vpci *vp)
{
	return inb((uint16_t)(vp->io + VPCI_L_ISR));
}

/* Interrupts: INTx through the legacy PIC line firmware assigned. */

static int vpci_irq(struct __regs *regs __unused,
		    unsigned long error_code __unused, void *arg)
{
	struct vpci *vp = arg;
	uint8_t isr = vp->vdev.modern ? m_isr(vp) : l_isr(vp);

	if (!isr)
		return 0; /* a shared line: another device's */
	vp->irq_fn(&vp->vdev, isr, vp->irq_arg);
	return 1;
}

static int vpci_irq_enable(struct uk_virtio_dev *dev, uk_virtio_irq_fn fn,
			   void *arg)
{
	struct vpci *vp = to_vpci(dev);

	if (vp->irq >= UKPLAT_IRQ_LINES)
		return -ENODEV;
	vp->irq_arg = arg;
	vp->irq_fn = fn;
	return ukplat_irq_register(vp->irq, vpci_irq, vp);
}

static const struct uk_virtio_transport vpci_modern = {
	.name = "pci",
	.features_get = m_features_get,
	.features_set = m_features_set,
	.status_get = m_status_get,
	.status_set = m_status_set,
	.config_read = m_config_read,
	.queue_max = m_queue_max,
	.queue_enable = m_queue_enable,
	.notify = m_notify,
	.irq_enable = vpci_irq_enable,
};

static const struct uk_virtio_transport vpci_legacy = {
	.name = "pci-legacy",
	.features_get = l_features_get,
	.features_set = l_features_set,
	.status_get = l_status_get,
	.status_set = l_status_set,
	.config_read = l_config_read,
	.queue_max = l_queue_max,
	.queue_enable = l_queue_enable,
	.notify = l_notify,
	.irq_enable = vpci_irq_enable,
};

/*
 * Maps one vendor capability to a usable address: its BAR must be a
 * memory BAR and the structure must lie below VPCI_MAPPED_END.
 */
static uintptr_t cap_addr(struct pci_addr a, unsigned int cap)
{
	uint32_t off = virtio_pci_cfg_read32(a, cap + VPCI_CAP_OFFSET);
	uint32_t len = virtio_pci_cfg_read32(a, cap + VPCI_CAP_LENGTH);
	uint64_t bar;
	int is_io;

	if (virtio_pci_bar(a, virtio_pci_cfg_read8(a, cap + VPCI_CAP_BAR), &bar,
			   &is_io) ||
	    is_io)
		return 0;
	if (bar + off + len > VPCI_MAPPED_END)
		return 0;
	return (uintptr_t)(bar + off);
}

/* Walks the capability list; returns 0 when all four structures map. */
static int find_modern(struct pci_addr a, struct vpci *vp)
{
	unsigned int cap, guard;
	uint8_t type;

	if (!(virtio_pci_cfg_read16(a, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return -1;
	cap = virtio_pci_cfg_read8(a, PCI_CAP_PTR) & 0xfc;
	/* At most 48 capabilities fit in 256 bytes: stop a looping list. */
	for (guard = 0; cap && guard < 48; guard++) {
		if (virtio_pci_cfg_read8(a, cap) == PCI_CAP_ID_VNDR) {
			type = virtio_pci_cfg_read8(a, cap + VPCI_CAP_TYPE);
			/* 4.1.4: use the first structure of each type. */
			if (type == VPCI_CAP_COMMON && !vp->common)
				vp->common = cap_addr(a, cap);
			else if (type == VPCI_CAP_ISR && !vp->isr)
				vp->isr = cap_addr(a, cap);
			else if (type == VPCI_CAP_DEVICE && !vp->device)
				vp->device = cap_addr(a, cap);
			else if (type == VPCI_CAP_NOTIFY && !vp->notify) {
				vp->notify = cap_addr(a, cap);
				vp->notify_mult = virtio_pci_cfg_read32(
					a, cap + VPCI_CAP_NOTIFY_MULT);
			}
		}
		cap = virtio_pci_cfg_read8(a, cap + 1) & 0xfc;
	}
	return vp->common && vp->isr && vp->device && vp->notify ? 0 : -1;
}

void virtio_pci_probe(struct pci_addr a, uint16_t device_id)
{
	struct vpci *vp;
	uint64_t bar0;
	int is_io, rc;
	uint16_t cmd;

	if (vpci_count >= VPCI_MAX_DEVS)
		return;
	vp = &vpcis[vpci_count];
	memset(vp, 0, sizeof(*vp));
	vp->vdev.priv = vp;
	vp->irq = virtio_pci_cfg_read8(a, PCI_INTERRUPT_LINE);
	/* 4.1.2.1: 0x1040 + type is modern-only; transitional devices
	 * carry the type in the subsystem ID. */
	vp->vdev.device_id = device_id >= 0x1040 ?
				     (uint16_t)(device_id - 0x1040) :
				     virtio_pci_cfg_read16(a, PCI_SUBSYSTEM_ID);
	if (find_modern(a, vp) == 0) {
		vp->vdev.tr = &vpci_modern;
		vp->vdev.modern = true;
	} else if (device_id < 0x1040 && !virtio_pci_bar(a, 0, &bar0, &is_io) &&
		   is_io && bar0 < 0x10000) {
		vp->vdev.tr = &vpci_legacy;
		vp->io = (uint16_t)bar0;
		vp->vdev.fixed_queue_size = true;
	} else {
		uk_pr_warn("virtio-pci %02x:%02x.%x: no usable interface\n",
			   a.bus, a.dev, a.fn);
		return;
	}
	cmd = virtio_pci_cfg_read16(a, PCI_COMMAND);
	cmd |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cmd &= (uint16_t)~PCI_COMMAND_INTX_DISABLE;
	virtio_pci_cfg_write16(a, PCI_COMMAND, cmd);

	rc = uk_virtio_probe(&vp->vdev);
	if (rc == -ENODEV)
		return; /* no driver for this type: the slot stays free */
	if (rc < 0)
		uk_pr_err("virtio-pci %02x:%02x.%x: type %u: %d\n", a.bus,
			  a.dev, a.fn, vp->vdev.device_id, rc);
	vpci_count++;
}
