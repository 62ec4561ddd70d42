"""tessera_release: the versioned, reproducible distribution (README "Releases").

The rule builds its images in the release configuration: its outgoing
transition sets //tools/config:release, which the image transition turns
into the release settings (RELEASE_CONFIG in tools/unikernel_image.bzl) on
top of each image's own `config`. So `bazel build //release` needs no flags.
tools/release/make_release.sh packs the result; see its header for the
archive's contents.
"""

load("//tools:unikernel_image.bzl", "LINK_FLAGS", "RELEASE_CONFIG", "UnikernelImageInfo", "UnikernelImagesInfo")
load("//tools/toolchain:cc_toolchain_config.bzl", "OPTIMIZE_FLAGS")

def _release_transition_impl(settings, attr):
    return {"//tools/config:release": True}

_release_transition = transition(
    implementation = _release_transition_impl,
    inputs = [],
    outputs = ["//tools/config:release"],
)

def _release_impl(ctx):
    config = ctx.actions.declare_file(ctx.label.name + ".config.txt")
    ctx.actions.write(config, "\n".join([
        "compile (tools/toolchain): " + " ".join(OPTIMIZE_FLAGS),
        "link (ld.lld): " + " ".join(LINK_FLAGS),
        "release settings: " + " ".join([
            "%s=%s" % (k, v)
            for k, v in sorted(RELEASE_CONFIG.items())
        ]),
        "",
    ]))

    launcher_tpl = ctx.file._launcher
    args = ctx.actions.args()
    out = ctx.actions.declare_file(ctx.label.name + ".tar.gz")
    inputs = [
        ctx.file.version,
        ctx.info_file,
        ctx.file._packages,
        ctx.file._lock,
        ctx.file._runner,
        config,
    ]
    args.add_all([out, ctx.file.version, ctx.info_file, ctx.file._packages, ctx.file._lock, ctx.file._runner, config])
    images = []
    for target in ctx.attr.images:
        if UnikernelImagesInfo in target:
            by_arch = target[UnikernelImagesInfo].by_arch
            images += [by_arch[arch] for arch in sorted(by_arch.keys())]
        else:
            images.append(target[UnikernelImageInfo])
    names = {}
    for img in images:
        name = img.image.basename
        if name in names:
            fail("two release images named %s" % name)
        names[name] = True
        launcher = ctx.actions.declare_file("%s/%s.run" % (ctx.label.name, name))
        ctx.actions.expand_template(
            template = launcher_tpl,
            output = launcher,
            substitutions = {
                "@NAME@": name,
                "@ARCH@": img.arch,
                "@QEMU@": img.qemu,
                "@MACHINE@": img.machine,
                "@RUN_ARGS@": " ".join(img.run_args),
                "@QEMU_ARGS@": " ".join(img.qemu_args),
            },
            is_executable = True,
        )
        files = [img.image, img.dbg, img.size, launcher, img.config_h, img.linux_image]
        args.add(name)
        args.add_all(files)
        inputs += files
    ctx.actions.run(
        executable = ctx.executable._make_release,
        arguments = [args],
        inputs = inputs,
        outputs = [out],
        mnemonic = "UkRelease",
        progress_message = "Packing release %s" % ctx.label,
    )
    return [DefaultInfo(
        files = depset([out]),
        # As `data` (tests/release), the archive itself.
        runfiles = ctx.runfiles(files = [out]),
    )]

tessera_release = rule(
    implementation = _release_impl,
    attrs = {
        "images": attr.label_list(
            cfg = _release_transition,
            providers = [[UnikernelImagesInfo], [UnikernelImageInfo]],
            doc = "unikernel_images groups (each one's images ship) and single unikernel_image targets.",
        ),
        "version": attr.label(
            allow_single_file = True,
            mandatory = True,
            doc = "The file holding the version, e.g. //:VERSION.",
        ),
        "_packages": attr.label(default = "@tessera_host//:packages.txt", allow_single_file = True),
        "_lock": attr.label(default = "//third_party:sources.lock", allow_single_file = True),
        "_runner": attr.label(default = "//tools:qemu_run.sh", allow_single_file = True),
        "_launcher": attr.label(default = "//tools/release:launcher.sh.tpl", allow_single_file = True),
        "_make_release": attr.label(
            default = "//tools/release:make_release",
            executable = True,
            cfg = "exec",
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    doc = "A deterministic tar.gz of images, launchers, MANIFEST and SHA256SUMS.",
)
