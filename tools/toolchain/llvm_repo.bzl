"""Repository rule that pins the host's LLVM installation.

It finds /usr/lib/llvm-<major>, refuses any other clang major version, and
exposes the tool paths and clang's resource directory to the toolchain
configuration as constants in @llvm//:paths.bzl. Nothing is downloaded.
"""

def _llvm_impl(rctx):
    major = rctx.attr.major
    root = "/usr/lib/llvm-%s" % major
    clang = rctx.path(root + "/bin/clang")
    if not clang.exists:
        fail("clang-%s is not installed (%s missing): run ./bazelw once to set up the machine" % (major, clang))
    res = rctx.execute([str(clang), "--version"])
    if res.return_code != 0 or ("clang version %s." % major) not in res.stdout:
        fail("expected clang %s, %s says: %s" % (major, clang, res.stdout + res.stderr))
    resdir = rctx.execute([str(clang), "-print-resource-dir"]).stdout.strip()
    rctx.file("BUILD.bazel", "exports_files(['paths.bzl'])\n")
    rctx.file("paths.bzl", "\n".join([
        "LLVM_ROOT = %r" % root,
        "LLVM_BIN = %r" % (root + "/bin"),
        "CLANG_RESOURCE_DIR = %r" % resdir,
        "LLVM_VERSION = %r" % res.stdout.split("\n")[0],
        "",
    ]))

llvm_repository = repository_rule(
    implementation = _llvm_impl,
    attrs = {"major": attr.string(mandatory = True)},
    local = True,
)
