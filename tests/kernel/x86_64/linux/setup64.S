/*
 * A test loader: the bzImage setup sectors of linux_setup.inc built to
 * enter the kernel's 64-bit entry (code32_start + 0x200) in long mode, as
 * Firecracker enters a bzImage; QEMU's own loaders only run the real-mode
 * code. bzimage.sh takes this section in place of .linux_setup.
 */
#define LINUX_SETUP_SECTION .linux_setup_test64
#define LINUX_SETUP_TEST_ENTRY64 1
#include "plat/x86_64/linux_setup.inc"
