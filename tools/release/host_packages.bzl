"""Repository rule recording the host's pinned build tools for manifests.

@tessera_host//:packages.txt holds the Bazel version and the Debian package
versions actually installed of the tools that make and boot images (read
with dpkg-query). The rule is local, so it is read again whenever the Bazel
server starts; nothing in it depends on the checkout's path or the user, so
two clones on one machine get the same file.
"""

# Debian packages whose versions go into a release's MANIFEST.
HOST_PACKAGES = [
    "bazel-bootstrap",
    "clang-19",
    "lld-19",
    "llvm-19",
    "qemu-system-arm",
    "qemu-system-x86",
]

def _host_packages_impl(rctx):
    res = rctx.execute(["dpkg-query", "-W", "-f=${Package} ${Version}\\n"] + rctx.attr.packages)
    if res.return_code != 0:
        fail("dpkg-query could not read %s: %s" % (rctx.attr.packages, res.stderr))
    bazel = rctx.attr.bazel_version
    if not bazel:
        # Debian's bootstrapped Bazel reports no version; bazelw runs the
        # one .bazelversion names (tools/setup.sh checks the package).
        bazel = rctx.read(rctx.attr._bazelversion).strip() + " (.bazelversion)"
    lines = ["bazel %s" % bazel]
    lines += sorted([l for l in res.stdout.splitlines() if l])
    rctx.file("packages.txt", "\n".join(lines) + "\n")
    rctx.file("BUILD.bazel", "exports_files(['packages.txt'])\n")

_host_packages = repository_rule(
    implementation = _host_packages_impl,
    attrs = {
        "packages": attr.string_list(mandatory = True),
        "bazel_version": attr.string(),
        "_bazelversion": attr.label(default = "//:.bazelversion", allow_single_file = True),
    },
    local = True,
)

def host_packages(name):
    """Declares @<name>//:packages.txt (see the module's doc)."""
    _host_packages(
        name = name,
        packages = HOST_PACKAGES,
        bazel_version = native.bazel_version,
    )
