"""Repository rule exposing a pinned Debian source tarball with our overlay.

The tarball must already be in the distdir (./bazelw puts it there with
`apt-get source --download-only`); its version, file name and sha256 come
from third_party/sources.lock and are checked again here. Nothing is
downloaded by Bazel.
"""

def tessera_distdir(rctx):
    env = rctx.os.environ
    if env.get("TESSERA_DISTDIR"):
        return env["TESSERA_DISTDIR"]
    return (env.get("XDG_CACHE_HOME") or (env.get("HOME", "/root") + "/.cache")) + "/tessera/distdir"

def _lock_entry(rctx, package):
    lock = rctx.read(rctx.path(rctx.attr._lock))
    for line in lock.splitlines():
        fields = [f for f in line.replace("\t", " ").split(" ") if f]
        if len(fields) == 4 and fields[0] == package:
            return struct(version = fields[1], file = fields[2], sha256 = fields[3])
    fail("third_party/sources.lock has no entry for %s" % package)

def _pinned_source_impl(rctx):
    entry = _lock_entry(rctx, rctx.attr.package)
    tarball = rctx.path(tessera_distdir(rctx) + "/" + entry.file)
    if not tarball.exists:
        fail("%s %s: %s is missing; run ./bazelw once to fetch the pinned sources" %
             (rctx.attr.package, entry.version, tarball))
    res = rctx.execute(["sha256sum", str(tarball)])
    got = res.stdout.split(" ")[0] if res.return_code == 0 else "?"
    if got != entry.sha256:
        fail("%s %s: %s has sha256 %s, sources.lock pins %s" %
             (rctx.attr.package, entry.version, tarball, got, entry.sha256))
    if entry.file.endswith(".deb"):
        # A Debian binary package: an ar archive holding data.tar.*.
        for cmd in [
            ["/usr/lib/llvm-19/bin/llvm-ar", "x", str(tarball)],
            ["sh", "-c", "tar xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary"],
        ]:
            res = rctx.execute(cmd)
            if res.return_code != 0:
                fail("%s: unpacking %s failed: %s" % (rctx.attr.package, entry.file, res.stderr))
    else:
        rctx.extract(tarball, stripPrefix = rctx.attr.strip_prefix or "")
    for patch in rctx.attr.patches:
        # GNU patch, not rctx.patch: lwIP's files have CRLF line ends,
        # which Bazel's own patcher does not match.
        res = rctx.execute(["patch", "-p1", "--forward", "--no-backup-if-mismatch", "-i", str(rctx.path(patch))])
        if res.return_code != 0:
            fail("%s: applying %s failed: %s%s" % (rctx.attr.package, patch, res.stdout, res.stderr))
    for cmd in rctx.attr.cmds:
        res = rctx.execute(["bash", "-euc", cmd])
        if res.return_code != 0:
            fail("%s: %r failed: %s" % (rctx.attr.package, cmd, res.stderr))
    rctx.symlink(rctx.path(rctx.attr.build_file), "BUILD.bazel")
    rctx.file("WORKSPACE", "workspace(name = %r)\n" % rctx.name)

pinned_source = repository_rule(
    implementation = _pinned_source_impl,
    attrs = {
        "package": attr.string(mandatory = True),
        "build_file": attr.label(mandatory = True, allow_single_file = True),
        "strip_prefix": attr.string(),
        "patches": attr.label_list(doc = "Our small fixes to the upstream source, applied in order with strip 1 (a/ and b/ prefixes).", allow_files = [".patch"]),
        "cmds": attr.string_list(doc = "Deterministic shell commands run in the extracted tree, e.g. to generate headers from the source's own inputs."),
        "_lock": attr.label(default = "//third_party:sources.lock", allow_single_file = True),
    },
    environ = ["TESSERA_DISTDIR", "XDG_CACHE_HOME", "HOME"],
)
