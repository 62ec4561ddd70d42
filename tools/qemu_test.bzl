"""qemu_test: boot an image per platform under QEMU as an sh_test.

One macro call emits `<name>_<arch>` sh_tests and a `<name>` test_suite,
in the manner of OpenTitan's opentitan_test fan-out.
"""

# Emulator runs depend on the QEMU installed on the machine, which Bazel does
# not track: never serve their results from a remote cache.
QEMU_TAGS = ["qemu", "no-remote-cache"]

def _for_arch(value, arch):
    """value[arch] if value is a dict keyed by architecture, else value."""
    if type(value) == "dict":
        return value[arch]
    return value

def qemu_test(
        name,
        image,
        archs = ["x86_64", "arm64"],
        expect = [],
        expect_re = [],
        exit_code = 0,
        append = None,
        qemu_args = [],
        timeout_s = 240,
        tags = [],
        **kwargs):
    """Boots `image`_<arch> and checks its console and exit status.

    Args:
      name: base name of the tests.
      image: label prefix of unikernel_image targets; <image>_<arch> is used.
      archs: architectures to test.
      expect: console lines (substrings) that must appear.
      expect_re: extended regular expressions that some line must match.
      exit_code: the guest exit status expected.
        expect, expect_re and exit_code may also be dicts keyed by
        architecture ({"x86_64": 78, "arm64": 165}) where they differ.
      append: kernel command line.
      qemu_args: extra QEMU arguments (e.g. ["-smp", "4"]).
      timeout_s: QEMU timeout inside the test.
      tags: extra tags.
      **kwargs: passed to sh_test.
    """
    tests = []
    for arch in archs:
        img = "%s_%s" % (image, arch)
        args = ["--arch", arch, "--exit", str(_for_arch(exit_code, arch)), "--timeout", str(timeout_s)]
        for e in _for_arch(expect, arch):
            args += ["--expect", "'%s'" % e]
        for e in _for_arch(expect_re, arch):
            args += ["--expect-re", "'%s'" % e]
        if append != None:
            args += ["--append", "'%s'" % append]
        args += ["--files", "$(rootpaths %s)" % img, "--"] + qemu_args
        native.sh_test(
            name = "%s_%s" % (name, arch),
            srcs = ["//tools:qemu_test.sh"],
            args = args,
            data = [img, "//tools:qemu_run.sh"],
            tags = QEMU_TAGS + tags,
            timeout = "long" if timeout_s > 240 else "moderate",
            **kwargs
        )
        tests.append(":%s_%s" % (name, arch))
    native.test_suite(name = name, tests = tests, tags = QEMU_TAGS + tags)
