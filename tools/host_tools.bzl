"""host_tools: the host packages that test results depend on, as a file.

QEMU tests run programs that Bazel does not build: QEMU and the firmware
it loads, the clients that system tests drive images with (curl, wrk,
redis-cli, python3, perl) and LLVM's tools (llvm-symbolizer). This rule
writes `@host_tools//:versions.txt`, the exact Debian packages and
versions of those programs and of the libraries they load (the output of
tools/host_tools.sh). Every QEMU test has that file among its inputs, so
its results, in the local and in a remote cache, are keyed on it.

The rule re-runs, and rewrites the file, when:
  - a Bazel server starts (`local = True`: Bazel re-fetches local
    repositories once per server),
  - TESSERA_DPKG_STATE changes: ./bazelw sets it to the size and mtime of
    /var/lib/dpkg/status, which dpkg rewrites on every install, upgrade
    or removal, so a running server sees package changes on its next
    command,
  - tools/host_tools.sh changes (it is read through a label),
  - `bazel sync --configure` (`configure = True`).
A rewrite with the same text changes no action key: test results stay
cached. A QEMU test whose recorded versions no longer match the host
(a bare bazel-4 call after an upgrade, within one server) fails with the
difference instead of passing under a stale key (tools/qemu_run.sh).
"""

def _host_tools_impl(rctx):
    script = rctx.path(Label("//tools:host_tools.sh"))
    res = rctx.execute(["bash", str(script)])
    if res.return_code != 0 or not res.stdout.strip():
        fail("tools/host_tools.sh failed (%d): %s" % (res.return_code, res.stderr))
    rctx.file("versions.txt", res.stdout)
    rctx.file("BUILD.bazel", "exports_files(['versions.txt'])\n")

host_tools = repository_rule(
    implementation = _host_tools_impl,
    local = True,
    configure = True,
    environ = ["TESSERA_DPKG_STATE"],
)
