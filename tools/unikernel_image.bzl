"""unikernel_image: links an application and the kernel into a bootable image.

The rule transitions its dependencies to the image's platform and per-image
build settings (see tools/config), so `bazel build //images:x` needs no
flags. It links with ld.lld through the platform's linker script and emits:

  <name>           the boot artifact QEMU loads with -kernel (x86_64: a
                   multiboot ELF32; arm64: a Linux-format arm64 Image)
  <name>.dbg       the unstripped ELF with symbols, for debuggers
  <name>.size.txt  text/data/bss per library, from the linker map
  <name>.run       the launcher that `bazel run` executes (boots in QEMU)
"""

load("@llvm//:paths.bzl", "LLVM_BIN")
load("//tools/config:settings.bzl", "UK_SETTINGS", "uk_setting_value")

_PLATFORMS = {
    "qemu_x86_64": struct(arch = "x86_64", cpu = "tessera_x86_64"),
    "qemu_arm64": struct(arch = "arm64", cpu = "tessera_arm64"),
}

def _transition_impl(settings, attr):
    plat = _PLATFORMS[attr.platform]
    out = {
        "//command_line_option:platforms": "//platforms:" + attr.platform,
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
    return out

_image_transition = transition(
    implementation = _transition_impl,
    inputs = [],
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
    plat = _PLATFORMS[ctx.attr.platform]
    script = ctx.file._linker_script
    deps = ctx.attr.deps + ctx.attr._kernel
    whole, rest = _archives(deps)

    dbg = ctx.actions.declare_file(ctx.label.name + ".dbg")
    lmap = ctx.actions.declare_file(ctx.label.name + ".map")
    args = ctx.actions.args()
    args.add_all([
        "-nostdlib",
        "-static",
        "--gc-sections",
        "--no-undefined",
        "--build-id=none",
        "-z",
        "max-page-size=4096",
        "-z",
        "noexecstack",
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
        executable = LLVM_BIN + "/ld.lld",
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
        conv = ["--strip-all", "-O", "binary"]
    ctx.actions.run(
        executable = LLVM_BIN + "/llvm-objcopy",
        arguments = conv + [dbg.path, image.path],
        inputs = [dbg],
        outputs = [image],
        mnemonic = "UkImage",
    )

    size = ctx.actions.declare_file(ctx.label.name + ".size.txt")
    ctx.actions.run(
        executable = ctx.executable._size_report,
        arguments = [lmap.path, image.path, size.path],
        inputs = [lmap, image],
        outputs = [size],
        mnemonic = "UkSize",
    )

    launcher = ctx.actions.declare_file(ctx.label.name + ".run")
    ctx.actions.expand_template(
        template = ctx.file._launcher,
        output = launcher,
        substitutions = {
            "@ARCH@": plat.arch,
            "@IMAGE@": image.short_path,
            "@DBG@": dbg.short_path,
            "@RUNNER@": ctx.file._runner.short_path,
            "@QEMU_ARGS@": " ".join(ctx.attr.qemu_args),
            "@RUN_ARGS@": "--net --guest-port %d" % ctx.attr.net_port if ctx.attr.net else "",
            "@NET_PORT@": str(ctx.attr.net_port),
        },
        is_executable = True,
    )
    runfiles = ctx.runfiles(files = [image, dbg, ctx.file._runner])
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
        "platform": attr.string(mandatory = True, values = _PLATFORMS.keys()),
        "config": attr.string_dict(doc = "Per-image build settings, e.g. {\"lcpu_maxcount\": \"4\"}."),
        "qemu_args": attr.string_list(doc = "Extra QEMU arguments for the launcher (before the caller's)."),
        "net": attr.bool(doc = "Give the launcher a virtio-net NIC with 127.0.0.1:$TESSERA_HTTP_PORT (default net_port) forwarded to the guest's net_port."),
        "net_port": attr.int(default = 8123, doc = "The guest's TCP port that a net launcher forwards (e.g. 6379 for Redis)."),
        "_kernel": attr.label_list(default = ["//core:kernel"], cfg = _image_transition),
        "_linker_script": attr.label(
            default = "//plat:linker_script",
            allow_single_file = True,
            cfg = _image_transition,
        ),
        "_launcher": attr.label(default = "//tools:launcher.sh.tpl", allow_single_file = True),
        "_runner": attr.label(default = "//tools:qemu_run.sh", allow_single_file = True),
        "_size_report": attr.label(default = "//tools:size_report", executable = True, cfg = "exec"),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def unikernel_images(name, deps, platforms = ["qemu_x86_64", "qemu_arm64"], **kwargs):
    """One unikernel_image per platform, named <name>_<arch>."""
    for p in platforms:
        unikernel_image(
            name = "%s_%s" % (name, _PLATFORMS[p].arch),
            deps = deps,
            platform = p,
            **kwargs
        )
