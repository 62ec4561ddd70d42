/* virtio-mmio devices named on the x86 kernel command line. */
#ifndef X86_VIRTIO_MMIO_H
#define X86_VIRTIO_MMIO_H

/*
 * Removes every "virtio_mmio.device=SIZE@BASE:IRQ" word from cmdline (in
 * place, the other bytes unchanged) and keeps the devices they describe
 * for ukplat_virtio_mmio_list(), in command line order; a malformed word
 * is dropped with a warning. Call once, before the command line is
 * handed to the kernel.
 */
void x86_virtio_mmio_take(char *cmdline);

#endif /* X86_VIRTIO_MMIO_H */
