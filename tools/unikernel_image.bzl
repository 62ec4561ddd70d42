"""unikernel_image: links an application and the kernel into a bootable image.

The rule transitions its dependencies to the image's platform and per-image
build settings (see tools/config), so `bazel build //images:x` needs no
flags. The platform is a label such as //platforms:qemu_x86_64; what goes
with it (architecture, --cpu, QEMU binary and machine) is its entry in
//platforms:defs.bzl. The rule links with the platform's cc toolchain's
linker (ld.lld) through the platform's linker script and emits:

  <name>           the boot artifact QEMU loads with -kernel (x86_64: a
                   multiboot ELF32 with the PVH note, its multiboot
                   header disabled on PVH platforms such as microvm;
                   arm64: an ELF64, which QEMU virt boots with the device
                   tree at the base of RAM, below the kernel)
  <name>.bzImage   x86_64: the Linux boot protocol's image (setup sectors
                   and the flat kernel, tools/bzimage.sh); output group
                   bzimage, built when asked for
  <name>.Image     arm64: the Linux arm64 Image (the same kernel as flat
                   binary behind its Image header), for loaders that take
                   only Images or an -initrd; output group linux_image,
                   built when asked for
  <name>.dbg       the unstripped ELF with symbols, for debuggers
  <name>.size.txt  text/data/bss per library, from the linker map
  <name>.run       the launcher that `bazel run` executes (boots in QEMU)

and returns UnikernelImageInfo, which tests (tools/qemu_test.bzl) read
instead of guessing file names.
"""

load("//platforms:defs.bzl", "tessera_platform")
load("//tools/config:settings.bzl", "UK_SETTINGS", "uk_setting_value")

UnikernelImageInfo = provider(
    doc = "A bootable image and what it takes to boot it.",
    fields = {
        "image": "File: the boot artifact QEMU loads with -kernel",
        "dbg": "File: the ELF with symbols",
        "size": "File: the size report (text/data/bss per library)",
        "arch": "string: the architecture (x86_64, arm64)",
        "qemu": "string: the QEMU system emulator that boots it",
        "machine": "string: that emulator's -M machine",
        "config_h": "File: the image's <uk/config.h>, its build settings",
        "linux_image": "File: the same kernel for Linux-protocol loaders (x86_64 <name>.bzImage, arm64 <name>.Image)",
        "run_args": "list of string: the runner's options (--net ...)",
        "qemu_args": "list of string: the image's extra QEMU arguments",
    },
)

UnikernelImagesInfo = provider(
    doc = "The images of one application, one per architecture.",
    fields = {
        "by_arch": "dict: architecture -> UnikernelImageInfo",
    },
)

# The settings every release image gets, over the image's own `config`:
# W^X on (tools/release/release.bzl, README "Releases"). The transition
# applies them when _RELEASE is set.
RELEASE_CONFIG = {"w_xor_x": True}

_RELEASE = "//tools/config:release"

# ld.lld's options for every image; the rest of the command line names the
# linker script, the map and the inputs.
LINK_FLAGS = [
    "-nostdlib",
    "-static",
    # Drops every function and object nothing references (the toolchain
    # compiles with -ffunction-sections -fdata-sections).
    "--gc-sections",
    "--no-undefined",
    "--build-id=none",
    "-z",
    "max-page-size=4096",
    "-z",
    "noexecstack",
]

def _transition_impl(settings, attr):
    plat = tessera_platform(attr.platform)
    out = {
        "//command_line_option:platforms": str(attr.platform),
        # Bazel 4 names output directories after --cpu: a distinct value per
        # target keeps x86_64 and arm64 objects apart in one build.
        "//command_line_option:cpu": plat.cpu,
        "//command_line_option:crosstool_top": "//tools/toolchain:suite",
    }
    for name, (label, default, _) in UK_SETTINGS.items():
        out[label] = default
    for name, value in attr.config.items():
        if name not in UK_SETTINGS:
            fail("unknown config %r; known: %s" % (name, sorted(UK_SETTINGS.keys())))
        out[UK_SETTINGS[name][0]] = uk_setting_value(name, value)
    if settings[_RELEASE]:
        for name, value in RELEASE_CONFIG.items():
            out[UK_SETTINGS[name][0]] = value
    return out

_image_transition = transition(
    implementation = _transition_impl,
    inputs = [_RELEASE],
    outputs = [
        "//command_line_option:platforms",
        "//command_line_option:cpu",
        "//command_line_option:crosstool_top",
    ] + [label for (label, _, _) in UK_SETTINGS.values()],
)

def _archives(deps):
    """Returns (whole, rest): the static archives to link, alwayslink first."""
    whole, rest = [], []
    seen = {}
    for dep in deps:
        for li in dep[CcInfo].linking_context.linker_inputs.to_list():
            for lib in li.libraries:
                a = lib.static_library or lib.pic_static_library
                if not a or a.path in seen:
                    continue
                seen[a.path] = True
                (whole if lib.alwayslink else rest).append(a)
    return whole, rest

def _image_impl(ctx):
    plat = tessera_platform(ctx.attr.platform.label)
    # A list: the attribute is behind the (1:1) image transition.
    cc = ctx.attr._cc_toolchain[0][cc_common.CcToolchainInfo]
    script = ctx.file._linker_script
    # rootfs: a list, behind the transition (empty without a rootfs). Right
    # after deps: the same link order, so the same bytes, as when the
    # uk_rootfs target was the last of deps.
    deps = ctx.attr.deps + ctx.attr.rootfs + ctx.attr._kernel
    whole, rest = _archives(deps)

    dbg = ctx.actions.declare_file(ctx.label.name + ".dbg")
    lmap = ctx.actions.declare_file(ctx.label.name + ".map")
    args = ctx.actions.args()
    args.add_all(LINK_FLAGS)
    args.add_all([
        "-T",
        script,
        "-Map",
        lmap,
        "-o",
        dbg,
    ])
    args.add("--whole-archive")
    args.add_all(whole)
    args.add("--no-whole-archive")
    args.add("--start-group")
    args.add_all(rest)
    args.add("--end-group")
    ctx.actions.run(
        executable = cc.ld_executable,
        arguments = [args],
        inputs = [script] + whole + rest,
        outputs = [dbg, lmap],
        mnemonic = "UkLink",
        progress_message = "Linking unikernel %s" % ctx.label,
    )

    image = ctx.actions.declare_file(ctx.label.name)
    if plat.arch == "x86_64":
        # QEMU's multiboot loader refuses ELF64; the 64-bit code is carried
        # unchanged in an ELF32 container.
        conv = ["--strip-all", "-O", "elf32-i386"]
    else:
        # An ELF, not the Image: QEMU then puts the device tree at the base
        # of RAM instead of the first 2 MiB boundary after the kernel, so
        # images boot in 2 MiB (README, "arm64 load address and boot file").
        conv = ["--strip-all"]
    elf = image
    if plat.boot == "pvh":
        elf = ctx.actions.declare_file(ctx.label.name + ".mb")
    ctx.actions.run(
        executable = cc.objcopy_executable,
        arguments = conv + [dbg.path, elf.path],
        inputs = [dbg],
        outputs = [elf],
        mnemonic = "UkImage",
    )
    if plat.boot == "pvh":
        ctx.actions.run(
            executable = ctx.executable._pvh_only,
            arguments = [elf.path, image.path],
            inputs = [elf],
            outputs = [image],
            mnemonic = "UkPvhOnly",
        )

    bzimage = []
    if plat.arch == "x86_64":
        bzimage = [ctx.actions.declare_file(ctx.label.name + ".bzImage")]
        ctx.actions.run(
            executable = ctx.executable._bzimage,
            arguments = [cc.objcopy_executable, dbg.path, bzimage[0].path],
            inputs = [dbg],
            tools = cc.all_files,
            outputs = bzimage,
            mnemonic = "UkBzImage",
        )

    linux_image = []
    if plat.arch == "arm64":
        linux_image = [ctx.actions.declare_file(ctx.label.name + ".Image")]
        ctx.actions.run(
            executable = cc.objcopy_executable,
            arguments = ["--strip-all", "-O", "binary", dbg.path, linux_image[0].path],
            inputs = [dbg],
            outputs = linux_image,
            mnemonic = "UkLinuxImage",
        )

    size = ctx.actions.declare_file(ctx.label.name + ".size.txt")
    ctx.actions.run(
        executable = ctx.executable._size_report,
        arguments = [lmap.path, image.path, size.path],
        inputs = [lmap, image],
        outputs = [size],
        mnemonic = "UkSize",
    )

    run_args = ["--net", "--guest-port", str(ctx.attr.net_port)] if ctx.attr.net else []
    launcher = ctx.actions.declare_file(ctx.label.name + ".run")
    ctx.actions.expand_template(
        template = ctx.file._launcher,
        output = launcher,
        substitutions = {
            "@ARCH@": plat.arch,
            "@QEMU@": plat.qemu,
            "@MACHINE@": plat.machine,
            "@IMAGE@": image.short_path,
            "@DBG@": dbg.short_path,
            "@RUNNER@": ctx.file._runner.short_path,
            "@QEMU_ARGS@": " ".join(ctx.attr.qemu_args),
            "@RUN_ARGS@": " ".join(run_args),
            "@NET_PORT@": str(ctx.attr.net_port),
        },
        is_executable = True,
    )
    # The size report: the runner refuses a -m below its minimum memory.
    runfiles = ctx.runfiles(files = [image, dbg, size, ctx.file._runner])
    return [
        DefaultInfo(
            files = depset([image, dbg, size]),
            executable = launcher,
            runfiles = runfiles,
        ),
        OutputGroupInfo(
            dbg = depset([dbg]),
            map = depset([lmap]),
            size = depset([size]),
            bzimage = depset(bzimage),
            linux_image = depset(linux_image),
        ),
        UnikernelImageInfo(
            image = image,
            dbg = dbg,
            size = size,
            arch = plat.arch,
            qemu = plat.qemu,
            machine = plat.machine,
            config_h = ctx.files._config_h[0],
            linux_image = (bzimage + linux_image)[0],
            run_args = run_args,
            qemu_args = ctx.attr.qemu_args,
        ),
    ]

unikernel_image = rule(
    implementation = _image_impl,
    executable = True,
    attrs = {
        "deps": attr.label_list(
            cfg = _image_transition,
            providers = [CcInfo],
            doc = "The application's libraries (with main) and any extra kernel libraries.",
        ),
        "rootfs": attr.label(
            cfg = _image_transition,
            providers = [CcInfo],
            doc = "A uk_rootfs target (tools/rootfs.bzl): its files become / at boot.",
        ),
        "platform": attr.label(
            mandatory = True,
            doc = "The target platform, e.g. //platforms:qemu_x86_64.",
        ),
        "config": attr.string_dict(doc = "Per-image build settings, e.g. {\"lcpu_maxcount\": \"4\"}."),
        "qemu_args": attr.string_list(doc = "Extra QEMU arguments for the launcher (before the caller's)."),
        "net": attr.bool(doc = "Give the launcher a virtio-net NIC with 127.0.0.1:$TESSERA_HTTP_PORT (default net_port) forwarded to the guest's net_port."),
        "net_port": attr.int(default = 8123, doc = "The guest's TCP port that a net launcher forwards (e.g. 6379 for Redis)."),
        # The core and the POSIX every C program needs (posix/BUILD.bazel);
        # the image's deps add the rest.
        "_kernel": attr.label_list(default = ["//core:kernel", "//posix:base"], cfg = _image_transition),
        # The platform's toolchain (tools/toolchain) gives the linker and
        # objcopy.
        "_cc_toolchain": attr.label(
            default = "@bazel_tools//tools/cpp:current_cc_toolchain",
            cfg = _image_transition,
        ),
        "_linker_script": attr.label(
            default = "//plat:linker_script",
            allow_single_file = True,
            cfg = _image_transition,
        ),
        # The settings the image's libraries were built with, for manifests.
        "_config_h": attr.label(default = "//tools/config:config_h", cfg = _image_transition),
        "_launcher": attr.label(default = "//tools:launcher.sh.tpl", allow_single_file = True),
        "_runner": attr.label(default = "//tools:qemu_run.sh", allow_single_file = True),
        "_size_report": attr.label(default = "//tools:size_report", executable = True, cfg = "exec"),
        "_pvh_only": attr.label(default = "//tools:pvh_only", executable = True, cfg = "exec"),
        "_bzimage": attr.label(default = "//tools:bzimage", executable = True, cfg = "exec"),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def _debug_impl(ctx):
    img = ctx.attr.image[UnikernelImageInfo]
    debug = ctx.file._debug
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = script,
        content = "\n".join([
            "#!/usr/bin/env bash",
            "# Boots %s halted for gdb. Generated by unikernel_images." % ctx.attr.image.label,
            "set -euo pipefail",
            "if [ -d \"$0.runfiles/tessera\" ]; then",
            "\tcd \"$0.runfiles/tessera\"",
            "fi",
            "exec %s --arch %s --qemu %s --machine %s --image %s --dbg %s %s -- %s \"$@\"" % (
                debug.short_path,
                img.arch,
                img.qemu,
                img.machine,
                img.image.short_path,
                img.dbg.short_path,
                " ".join(img.run_args),
                " ".join(img.qemu_args),
            ),
            "",
        ]),
        is_executable = True,
    )
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(files = [img.image, img.dbg, debug, ctx.file._runner]),
    )]

_unikernel_debug = rule(
    implementation = _debug_impl,
    executable = True,
    attrs = {
        "image": attr.label(mandatory = True, providers = [UnikernelImageInfo]),
        "_debug": attr.label(default = "//tools:qemu_debug.sh", allow_single_file = True),
        "_runner": attr.label(default = "//tools:qemu_run.sh", allow_single_file = True),
    },
    doc = "`bazel run` boots the image halted with QEMU's gdb stub (tools/qemu_debug.sh).",
)

def _images_impl(ctx):
    by_arch = {}
    for img in ctx.attr.images:
        info = img[UnikernelImageInfo]
        if info.arch in by_arch:
            fail("two images for %s in %s" % (info.arch, ctx.label))
        by_arch[info.arch] = info
    files = depset(transitive = [
        img[DefaultInfo].files
        for img in ctx.attr.images
    ])
    return [
        # As `data`, the group gives every image's files.
        DefaultInfo(
            files = files,
            runfiles = ctx.runfiles(transitive_files = files),
        ),
        OutputGroupInfo(**{
            group: depset(transitive = [
                img[OutputGroupInfo][group]
                for img in ctx.attr.images
            ])
            for group in ["dbg", "map", "size"]
        }),
        UnikernelImagesInfo(by_arch = by_arch),
    ]

_unikernel_image_group = rule(
    implementation = _images_impl,
    attrs = {
        "images": attr.label_list(providers = [UnikernelImageInfo]),
    },
    doc = "Groups an application's images; gives UnikernelImagesInfo.",
)

def unikernel_images(
        name,
        deps,
        platforms = ["//platforms:qemu_x86_64", "//platforms:qemu_arm64"],
        visibility = None,
        **kwargs):
    """One unikernel_image per platform, named <name>_<suffix>.

    The suffix is the platform's (platforms/defs.bzl): the architecture,
    or "microvm" for //platforms:qemu_microvm_x86_64.

    <name> itself groups them: `bazel build :<name>` builds every one, and
    qemu_test(image = ":<name>") boots the one of each architecture.
    `bazel run :<name>_<arch>.debug` boots one halted for gdb.
    """
    images = []
    for p in platforms:
        img = "%s_%s" % (name, tessera_platform(Label(p)).suffix)
        unikernel_image(
            name = img,
            deps = deps,
            platform = p,
            visibility = visibility,
            **kwargs
        )
        _unikernel_debug(
            name = img + ".debug",
            image = ":" + img,
            visibility = visibility,
        )
        images.append(":" + img)
    _unikernel_image_group(
        name = name,
        images = images,
        # //release ships the images of every group in //images.
        visibility = (visibility or []) + ["//release:__pkg__"],
    )
