"""The target platforms, in one table that BUILD files and rules share.

Each entry is one platform() target in this package. The image rule reads
an entry by the platform's label (see tools/unikernel_image.bzl):

  arch     our name for the architecture: target-name suffixes
           (helloworld_x86_64), select() keys (//platforms:x86_64), the
           runner's --arch
  cpu_constraint  the @platforms CPU the platform and its toolchain carry
  cpu      the --cpu value images set, so that Bazel 4 puts each
           architecture's objects in its own output directory; the key of
           the platform's toolchain in //tools/toolchain:suite
  qemu     the QEMU system emulator that boots the platform's images
  machine  that emulator's -M machine (with its options)
  suffix   the image-name suffix unikernel_images gives the platform's
           image (helloworld_x86_64, helloworld_microvm)
  boot     how QEMU's -kernel enters the image: "multiboot" (x86_64: the
           header QEMU prefers), "pvh" (x86_64: the Xen ELF note; the
           image's multiboot header is disabled, tools/pvh_only.sh) or
           "image" (the arm64 Linux Image)
"""

TESSERA_PLATFORMS = {
    "qemu_x86_64": struct(
        arch = "x86_64",
        cpu_constraint = "@platforms//cpu:x86_64",
        cpu = "tessera_x86_64",
        qemu = "qemu-system-x86_64",
        machine = "pc",
        suffix = "x86_64",
        boot = "multiboot",
    ),
    # QEMU's microvm: no PCI, virtio-mmio transports that QEMU names on the
    # kernel command line (auto-kernel-cmdline) when it boots through PVH,
    # the I/O APIC at its default address, the local APIC timer. ACPI is
    # off: with it QEMU describes the transports in the DSDT only and
    # leaves the command line alone; without it there is no MADT, so the
    # CPUs come from the firmware's MP table. The PIC is off; the PIT
    # stays: on TCG the CPU names no TSC frequency (CPUID 15h/16h) and the
    # PIT measures it (without it, the local APIC timer at QEMU's 1 GHz
    # bus does).
    "qemu_microvm_x86_64": struct(
        arch = "x86_64",
        cpu_constraint = "@platforms//cpu:x86_64",
        cpu = "tessera_x86_64",
        qemu = "qemu-system-x86_64",
        machine = "microvm,acpi=off,pic=off",
        suffix = "microvm",
        boot = "pvh",
    ),
    "qemu_arm64": struct(
        arch = "arm64",
        cpu_constraint = "@platforms//cpu:aarch64",
        cpu = "tessera_arm64",
        qemu = "qemu-system-aarch64",
        machine = "virt",
        suffix = "arm64",
        boot = "image",
    ),
}

def tessera_platform(label):
    """Returns the TESSERA_PLATFORMS entry of a platform label."""
    if label.workspace_name == "" and label.package == "platforms":
        plat = TESSERA_PLATFORMS.get(label.name)
        if plat:
            return plat
    fail("%s is not a Tessera platform; known: %s" % (
        label,
        ", ".join(["//platforms:" + p for p in TESSERA_PLATFORMS]),
    ))
