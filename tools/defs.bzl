"""Macros for Tessera libraries.

uk_library is a cc_library with the project's warning flags. Libraries that
are pure logic build for both the host (GoogleTest) and the kernel targets;
pass `arch` to make a library build only for one target CPU so that
`bazel build //...` on the host skips it.
"""

UK_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    # Our headers use GNU C (statement expressions, typeof, attributes).
    "-std=gnu11",
]

_ARCH_CONSTRAINTS = {
    "x86_64": ["@platforms//cpu:x86_64", "@platforms//os:none"],
    "arm64": ["@platforms//cpu:aarch64", "@platforms//os:none"],
    "kernel": ["@platforms//os:none"],
}

def uk_library(name, srcs = [], hdrs = [], deps = [], copts = [], arch = None,
               includes = ["include"], alwayslink = False, **kwargs):
    """A Tessera kernel library.

    Args:
      name: target name.
      srcs: C and assembly sources.
      hdrs: public headers, normally under include/uk/.
      deps: other libraries.
      copts: extra compiler flags.
      arch: None (host and targets), "x86_64", "arm64" or "kernel" (any
        kernel target, never the host).
      includes: include roots exported to dependents.
      alwayslink: keep every object; required for libraries that register
        through linker sections (inittab, tests, socket families, syscalls).
      **kwargs: passed to cc_library.
    """
    compat = _ARCH_CONSTRAINTS[arch] if arch else []
    native.cc_library(
        name = name,
        srcs = srcs,
        hdrs = hdrs,
        deps = deps,
        copts = UK_COPTS + copts,
        includes = includes,
        alwayslink = alwayslink,
        # Kernel code: no FP/SIMD registers (toolchain feature, ignored by
        # the host toolchain).
        features = ["uk_kernel"] + kwargs.pop("features", []),
        target_compatible_with = kwargs.pop("target_compatible_with", compat),
        **kwargs
    )
