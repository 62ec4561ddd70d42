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
  machine  that emulator's -M machine
"""

TESSERA_PLATFORMS = {
    "qemu_x86_64": struct(
        arch = "x86_64",
        cpu_constraint = "@platforms//cpu:x86_64",
        cpu = "tessera_x86_64",
        qemu = "qemu-system-x86_64",
        machine = "pc",
    ),
    "qemu_arm64": struct(
        arch = "arm64",
        cpu_constraint = "@platforms//cpu:aarch64",
        cpu = "tessera_arm64",
        qemu = "qemu-system-aarch64",
        machine = "virt",
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
