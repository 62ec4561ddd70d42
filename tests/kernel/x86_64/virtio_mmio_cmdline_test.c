/*
 * x86_virtio_mmio_take(): the virtio_mmio.device= words leave the command
 * line, every other byte stays, and the devices are listed in order.
 * Booted on QEMU pc, whose command line names no device.
 */
#include <string.h>
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>
#include <uk/test.h>
#include <x86/virtio_mmio.h>

TESTCASE(x86_virtio_mmio, cmdline)
{
	char line[] = "prog a virtio_mmio.device=512@0xfeb00000:5 b  'c  d'"
		      "\tvirtio_mmio.device=4K@0xd0000000:24:2 "
		      "virtio_mmio.device=bad e";
	struct ukplat_virtio_mmio_dev devs[4];

	EXPECT_EQ(ukplat_virtio_mmio_list(devs, 4), 0);
	x86_virtio_mmio_take(line);
	EXPECT_EQ(strcmp(line, "prog a  b  'c  d'\t  e"), 0);
	EXPECT_EQ(ukplat_virtio_mmio_list(devs, 4), 2);
	EXPECT_EQ(devs[0].base, 0xfeb00000);
	EXPECT_EQ(devs[0].size, 512);
	EXPECT_EQ(devs[0].irq, 5);
	EXPECT_EQ(devs[0].trigger, UKPLAT_IRQ_EDGE_RISING);
	EXPECT_EQ(devs[1].base, 0xd0000000);
	EXPECT_EQ(devs[1].size, 4096);
	EXPECT_EQ(devs[1].irq, 24);
	/* Only max are filled; the count is all of them. */
	EXPECT_EQ(ukplat_virtio_mmio_list(devs, 1), 2);
}

TESTCASE(x86_virtio_mmio, nothing_to_take)
{
	char line[] = "  virtio_mmio.devicex=1  virtio_mmio.device= z ";

	x86_virtio_mmio_take(line);
	/* Neither word is one: the key must be followed by a value. */
	EXPECT_EQ(
		strcmp(line, "  virtio_mmio.devicex=1  virtio_mmio.device= z "),
		0);
}
