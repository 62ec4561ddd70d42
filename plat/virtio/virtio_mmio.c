/* virtio over MMIO (virtio 1.2, 4.2): version 2 and legacy version 1. */
#include <errno.h>
#include <string.h>
#include <uk/asm/mmio.h>
#include <uk/init.h>
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>
#include <uk/print.h>
#include <uk/virtio/dev.h>

/* Register map (4.2.2, legacy 4.2.4). */
#define VMMIO_MAGIC 0x000
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_DEV_FEATURES 0x010
#define VMMIO_DEV_FEATURES_SEL 0x014
#define VMMIO_DRV_FEATURES 0x020
#define VMMIO_DRV_FEATURES_SEL 0x024
#define VMMIO_L_GUEST_PAGE_SIZE 0x028
#define VMMIO_Q_SEL 0x030
#define VMMIO_Q_NUM_MAX 0x034
#define VMMIO_Q_NUM 0x038
#define VMMIO_L_Q_ALIGN 0x03c
#define VMMIO_L_Q_PFN 0x040
#define VMMIO_Q_READY 0x044
#define VMMIO_Q_NOTIFY 0x050
#define VMMIO_INT_STATUS 0x060
#define VMMIO_INT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_Q_DESC 0x080
#define VMMIO_Q_DRIVER 0x090
#define VMMIO_Q_DEVICE 0x0a0
#define VMMIO_CFG_GENERATION 0x0fc
#define VMMIO_CONFIG 0x100

#define VMMIO_MAGIC_VALUE 0x74726976 /* "virt" */
#define VMMIO_REG_SIZE 0x200
#define VMMIO_MAX_DEVS 4
#define VMMIO_MAX_SLOTS 64 /* QEMU virt has 32 */

struct vmmio {
	struct uk_virtio_dev vdev;
	uintptr_t base;
	uint32_t version;
	unsigned int irq, trigger; /* as the platform describes them */
	uk_virtio_irq_fn irq_fn;
	void *irq_arg;
};

static struct vmmio vmmios[VMMIO_MAX_DEVS];
static unsigned int vmmio_count;

static inline struct vmmio *to_vmmio(struct uk_virtio_dev *dev)
{
	return dev->priv;
}

/* Registers; a notify or status write is ordered after the ring writes. */
static inline uint32_t r32(struct vmmio *vm, unsigned int off)
{
	return uk_mmio_read32(vm->base + off);
}

static inline void w32(struct vmmio *vm, unsigned int off, uint32_t v)
{
	uk_mmio_write32(vm->base + off, v);
}

static uint64_t features_get(struct uk_virtio_dev *dev)
{
	struct vmmio *vm = to_vmmio(dev);
	uint64_t f;

	w32(vm, VMMIO_DEV_FEATURES_SEL, 0);
	f = r32(vm, VMMIO_DEV_FEATURES);
	if (vm->version == 1)
		return f;
	w32(vm, VMMIO_DEV_FEATURES_SEL, 1);
	return f | (uint64_t)r32(vm, VMMIO_DEV_FEATURES) << 32;
}

static void features_set(struct uk_virtio_dev *dev, uint64_t f)
{
	struct vmmio *vm = to_vmmio(dev);

	w32(vm, VMMIO_DRV_FEATURES_SEL, 0);
	w32(vm, VMMIO_DRV_FEATURES, (uint32_t)f);
	if (vm->version == 1)
		return;
	w32(vm, VMMIO_DRV_FEATURES_SEL, 1);
	w32(vm, VMMIO_DRV_FEATURES, (uint32_t)(f >> 32));
}

static uint8_t status_get(struct uk_virtio_dev *dev)
{
	return (uint8_t)r32(to_vmmio(dev), VMMIO_STATUS);
}

static void status_set(struct uk_virtio_dev *dev, uint8_t status)
{
	struct vmmio *vm = to_vmmio(dev);

	w32(vm, VMMIO_STATUS, status);
	/* 4.2.3.1: a reset completes when status reads back 0. */
	while (!status && r32(vm, VMMIO_STATUS))
		;
	/* Legacy devices need the page size before any queue (4.2.4). */
	if (!status && vm->version == 1)
		w32(vm, VMMIO_L_GUEST_PAGE_SIZE, UK_VIRTQ_LEGACY_ALIGN);
}

static void config_copy(struct vmmio *vm, unsigned int off, void *buf,
			unsigned int len)
{
	uintptr_t a = vm->base + VMMIO_CONFIG + off;
	uint8_t *p = buf;
	unsigned int i;

	if (len == 4 && !(off & 3)) {
		*(uint32_t *)buf = *(volatile uint32_t *)a;
	} else if (len == 2 && !(off & 1)) {
		*(uint16_t *)buf = *(volatile uint16_t *)a;
	} else {
		for (i = 0; i < len; i++)
			p[i] = *(volatile uint8_t *)(a + i);
	}
}

static void config_read(struct uk_virtio_dev *dev, unsigned int off, void *buf,
			unsigned int len)
{
	struct vmmio *vm = to_vmmio(dev);
	uint32_t gen;

	if (vm->version == 1) {
		config_copy(vm, off, buf, len);
		return;
	}
	/* 2.5.1: retry until the generation is stable. */
	do {
		gen = r32(vm, VMMIO_CFG_GENERATION);
		config_copy(vm, off, buf, len);
	} while (gen != r32(vm, VMMIO_CFG_GENERATION));
}

static unsigned int queue_max(struct uk_virtio_dev *dev, uint16_t index)
{
	struct vmmio *vm = to_vmmio(dev);

	w32(vm, VMMIO_Q_SEL, index);
	return r32(vm, VMMIO_Q_NUM_MAX);
}

static void w64(struct vmmio *vm, unsigned int off, uint64_t v)
{
	w32(vm, off, (uint32_t)v);
	w32(vm, off + 4, (uint32_t)(v >> 32));
}

static int queue_enable(struct uk_virtio_dev *dev, struct uk_virtq *vq)
{
	struct vmmio *vm = to_vmmio(dev);
	uint64_t pfn;

	w32(vm, VMMIO_Q_SEL, vq->index);
	w32(vm, VMMIO_Q_NUM, vq->num);
	if (vm->version == 1) {
		pfn = uk_virtio_dma_addr(vq->desc) / UK_VIRTQ_LEGACY_ALIGN;
		if (pfn >> 32)
			return -ENOTSUP;
		w32(vm, VMMIO_L_Q_ALIGN, UK_VIRTQ_LEGACY_ALIGN);
		w32(vm, VMMIO_L_Q_PFN, (uint32_t)pfn);
		return 0;
	}
	w64(vm, VMMIO_Q_DESC, uk_virtio_dma_addr(vq->desc));
	w64(vm, VMMIO_Q_DRIVER, uk_virtio_dma_addr(vq->avail));
	w64(vm, VMMIO_Q_DEVICE, uk_virtio_dma_addr(vq->used));
	w32(vm, VMMIO_Q_READY, 1);
	return 0;
}

static void notify(struct uk_virtio_dev *dev, uint16_t index)
{
	w32(to_vmmio(dev), VMMIO_Q_NOTIFY, index);
}

static int vmmio_irq(struct __regs *regs __unused, unsigned long irq __unused,
		     void *arg)
{
	struct vmmio *vm = arg;
	uint32_t isr = r32(vm, VMMIO_INT_STATUS) & 3;

	if (!isr)
		return 0;
	w32(vm, VMMIO_INT_ACK, isr);
	vm->irq_fn(&vm->vdev, (uint8_t)isr, vm->irq_arg);
	return 1;
}

static int irq_enable(struct uk_virtio_dev *dev, uk_virtio_irq_fn fn, void *arg)
{
	struct vmmio *vm = to_vmmio(dev);
	int rc;

	vm->irq_arg = arg;
	vm->irq_fn = fn;
	rc = ukplat_irq_set_trigger(vm->irq, vm->trigger);
	if (rc < 0)
		return rc;
	return ukplat_irq_register(vm->irq, vmmio_irq, vm);
}

static const struct uk_virtio_transport vmmio_v2 = {
	.name = "mmio",
	.features_get = features_get,
	.features_set = features_set,
	.status_get = status_get,
	.status_set = status_set,
	.config_read = config_read,
	.queue_max = queue_max,
	.queue_enable = queue_enable,
	.notify = notify,
	.irq_enable = irq_enable,
};

/* Same registers where they exist; the functions check vm->version. */
static const struct uk_virtio_transport vmmio_v1 = {
	.name = "mmio-legacy",
	.features_get = features_get,
	.features_set = features_set,
	.status_get = status_get,
	.status_set = status_set,
	.config_read = config_read,
	.queue_max = queue_max,
	.queue_enable = queue_enable,
	.notify = notify,
	.irq_enable = irq_enable,
};

/* Sets up the device in a slot, if it holds one we can drive. */
static void probe(const struct ukplat_virtio_mmio_dev *d)
{
	struct vmmio *vm = &vmmios[vmmio_count];
	int rc;

	if (d->size < VMMIO_REG_SIZE)
		return;
	memset(vm, 0, sizeof(*vm));
	vm->base = (uintptr_t)d->base;
	vm->irq = d->irq;
	vm->trigger = d->trigger;
	vm->vdev.priv = vm;
	if (r32(vm, VMMIO_MAGIC) != VMMIO_MAGIC_VALUE)
		return;
	vm->version = r32(vm, VMMIO_VERSION);
	vm->vdev.device_id = (uint16_t)r32(vm, VMMIO_DEVICE_ID);
	if (!vm->vdev.device_id)
		return; /* an empty slot (QEMU virt has 32) */
	if (vm->version == 2) {
		vm->vdev.tr = &vmmio_v2;
		vm->vdev.modern = true;
	} else if (vm->version == 1) {
		vm->vdev.tr = &vmmio_v1;
	} else {
		uk_pr_warn("virtio-mmio @%lx: version %u unsupported\n",
			   (unsigned long)d->base, vm->version);
		return;
	}
	rc = uk_virtio_probe(&vm->vdev);
	if (rc == -ENODEV)
		return; /* no driver for this type: the slot stays free */
	if (rc < 0)
		uk_pr_err("virtio-mmio @%lx: type %u: %d\n",
			  (unsigned long)d->base, vm->vdev.device_id, rc);
	vmmio_count++;
}

static int virtio_mmio_scan(void)
{
	static struct ukplat_virtio_mmio_dev slots[VMMIO_MAX_SLOTS];
	unsigned int i, n = ukplat_virtio_mmio_list(slots, VMMIO_MAX_SLOTS);

	if (n > VMMIO_MAX_SLOTS) {
		uk_pr_warn("virtio-mmio: %u slots, probing the first %u\n", n,
			   VMMIO_MAX_SLOTS);
		n = VMMIO_MAX_SLOTS;
	}
	for (i = 0; i < n && vmmio_count < VMMIO_MAX_DEVS; i++)
		probe(&slots[i]);
	return 0;
}

/*
 * A library initcall: drivers need the allocator and the interrupt
 * controller, both set up by the platform class.
 */
uk_lib_initcall(virtio_mmio_scan);
