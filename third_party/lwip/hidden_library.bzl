"""uk_hidden_library: libraries folded into one object with few globals.

lwIP defines hundreds of global names (lwip_socket, tcp_input, mem_malloc,
netif_list, sys_now, ...). In an image they would be visible to, and could
clash with, the application and musl. This rule partially links the given
libraries (ld.lld -r) into one object, makes every defined symbol local
except the `public` ones (llvm-objcopy --keep-global-symbol), and archives
it as an alwayslink library (its init functions and socket families
register through linker sections). Dependencies of the folded libraries
that are not folded themselves (core/sched, posix/socket, ...) are linked
as usual. Headers come only from `exports`.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("@llvm//:paths.bzl", "LLVM_BIN")

def _impl(ctx):
    folded = {str(t.label): True for t in ctx.attr.srcs}
    archives = []
    others = []
    seen = {}
    for dep in ctx.attr.srcs:
        for li in dep[CcInfo].linking_context.linker_inputs.to_list():
            owner = str(li.owner)
            if owner in seen:
                continue
            seen[owner] = True
            if owner not in folded:
                others.append(li)
                continue
            for lib in li.libraries:
                a = lib.static_library or lib.pic_static_library
                if a:
                    archives.append(a)

    name = ctx.label.name
    obj = ctx.actions.declare_file(name + ".all.o")
    args = ctx.actions.args()
    args.add_all(["-r", "-o", obj, "--whole-archive"])
    args.add_all(archives)
    ctx.actions.run(
        executable = LLVM_BIN + "/ld.lld",
        arguments = [args],
        inputs = archives,
        outputs = [obj],
        mnemonic = "UkFold",
        progress_message = "Folding %s into one object" % ctx.label,
    )

    hidden = ctx.actions.declare_file(name + ".o")
    args = ctx.actions.args()
    args.add_all(ctx.attr.public, format_each = "--keep-global-symbol=%s")
    args.add_all([obj, hidden])
    ctx.actions.run(
        executable = LLVM_BIN + "/llvm-objcopy",
        arguments = [args],
        inputs = [obj],
        outputs = [hidden],
        mnemonic = "UkLocalize",
    )

    archive = ctx.actions.declare_file("lib%s.a" % name)
    ctx.actions.run(
        executable = LLVM_BIN + "/llvm-ar",
        # D: deterministic (no timestamps or owners), for reproducible images.
        arguments = ["rcsD", archive.path, hidden.path],
        inputs = [hidden],
        outputs = [archive],
        mnemonic = "UkArchive",
    )

    cc_toolchain = find_cpp_toolchain(ctx)
    features = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    lib = cc_common.create_library_to_link(
        actions = ctx.actions,
        feature_configuration = features,
        cc_toolchain = cc_toolchain,
        static_library = archive,
        alwayslink = True,
    )
    linker_input = cc_common.create_linker_input(
        owner = ctx.label,
        libraries = depset([lib]),
    )
    return [
        DefaultInfo(files = depset([archive])),
        CcInfo(
            compilation_context = cc_common.merge_cc_infos(
                cc_infos = [e[CcInfo] for e in ctx.attr.exports],
            ).compilation_context,
            linking_context = cc_common.create_linking_context(
                linker_inputs = depset([linker_input] + others),
            ),
        ),
    ]

uk_hidden_library = rule(
    implementation = _impl,
    attrs = {
        "srcs": attr.label_list(
            providers = [CcInfo],
            doc = "Libraries folded into the object (not their dependencies).",
        ),
        "public": attr.string_list(doc = "Symbols that stay global."),
        "exports": attr.label_list(
            providers = [CcInfo],
            doc = "Libraries whose headers dependents see.",
        ),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    fragments = ["cpp"],
)
