"""Per-architecture targets of the musl overlay (loaded by BUILD.musl.bazel).

musl's generated headers obj/<arch>/include/bits/{alltypes,syscall}.h come
from the repository rule (WORKSPACE: pinned_source cmds, musl's own recipes),
so that the toolchain can put them on every target compile.

musl's Makefile picks sources like this: every src/*/X.c, unless an
architecture file src/*/$ARCH/X.{s,S,c} replaces it. musl_arch() applies the
same rule with globs, minus what a unikernel cannot use or what we replace
(third_party/musl/port), and emits for one musl ARCH:

  public_headers_<arch>               the toolchain's musl headers (files)
  headers_<arch>                      public headers for applications
  string_<arch>                       src/string, kernel-safe (no FP/SIMD regs)
  c_<arch>                            the rest of libc, full FP ABI
"""

# musl's CFLAGS_C99FSE plus the flags its configure adds for clang. The
# toolchain already passes -ffreestanding, -fno-pic, -fno-stack-protector,
# -ffunction-sections/-fdata-sections and -O2.
MUSL_COPTS = [
    "-std=c99",
    "-nostdinc",
    "-ffreestanding",
    "-fexcess-precision=standard",
    "-frounding-math",
    "-fno-stack-protector",
    "-D_XOPEN_SOURCE=700",
    # Upstream code: its warnings are not ours to fix (configure uses -w).
    "-w",
    "-Qunused-arguments",
]

# Files that issue a raw `syscall` / `svc 0` instruction, or that our port
# replaces. src/ldso stays, as in musl's static libc.a: its dlopen, dlsym
# and dlclose are the stubs that report "Dynamic loading not supported"
# through dlerror (Redis's MODULE LOAD links them).
def _excluded(arch):
    return [
        # Raw syscall instructions; musl's generic C versions take over
        # (restore.c: empty __restore_rt, vfork.c: fork through the
        # dispatcher) or port/ provides them.
        "src/thread/%s/clone.s" % arch,
        "src/thread/%s/syscall_cp.s" % arch,
        "src/thread/%s/__set_thread_area.s" % arch,
        "src/thread/%s/__unmapself.s" % arch,
        "src/signal/%s/restore.s" % arch,
        "src/process/%s/vfork.s" % arch,
        "src/internal/%s/syscall.s" % arch,
        # Replaced by port/ (the generic versions call __syscall or jump
        # onto a shared stack).
        "src/thread/__set_thread_area.c",
        "src/thread/__unmapself.c",
        # The generic __clone returns -ENOSYS: port/common/__clone.c
        # creates threads through posix/process.
        "src/thread/clone.c",
        # aarch64 memset.S stores through q0: the kernel calls memset from
        # trap paths, so it must stay in general registers (generic C).
        "src/string/aarch64/memset.S",
        # posix/user serves the single default user and group (there is no
        # /etc): its posix_names library defines these functions.
        "src/passwd/getpwent.c",
        "src/passwd/getpw_r.c",
        "src/passwd/getgrent.c",
        "src/passwd/getgr_r.c",
        "src/passwd/getgrouplist.c",
        "src/misc/initgroups.c",
        "src/unistd/getlogin.c",
        "src/unistd/getlogin_r.c",
        # port/common/epoll.c: epoll_create() checks its size argument.
        "src/linux/epoll.c",
        # core/alloc/libc provides the malloc family on the kernel's heap.
        "src/malloc/mallocng/**",
        "src/malloc/lite_malloc.c",
        "src/malloc/calloc.c",
        "src/malloc/free.c",
        "src/malloc/libc_calloc.c",
        "src/malloc/realloc.c",
    ]

def _stem(path):
    return path.rpartition(".")[0]

def musl_sources(arch):
    """Returns (string_srcs, other_srcs) for a musl ARCH, as musl's Makefile."""
    excl = _excluded(arch)
    base = native.glob(["src/*/*.c", "src/malloc/mallocng/*.c"], exclude = excl)
    arch_srcs = native.glob([
        "src/*/%s/*.c" % arch,
        "src/*/%s/*.s" % arch,
        "src/*/%s/*.S" % arch,
    ], exclude = excl)
    replaced = {_stem(s.replace("/%s/" % arch, "/")): True for s in arch_srcs}
    srcs = sorted([s for s in base if _stem(s) not in replaced] + arch_srcs)
    string = [s for s in srcs if s.startswith("src/string/")]
    other = [s for s in srcs if not s.startswith("src/string/")]
    return string, other

def musl_arch(arch, cpu):
    """Targets for one musl ARCH ("x86_64", "aarch64") on @platforms//cpu:<cpu>."""
    compat = ["@platforms//cpu:" + cpu, "@platforms//os:none"]
    obj = "obj/%s" % arch

    # The toolchain puts these on every compile for the target
    # (tools/toolchain: compiler_files and -isystem).
    native.filegroup(
        name = "public_headers_" + arch,
        srcs = native.glob([
            "include/**/*.h",
            "arch/%s/bits/*.h" % arch,
            "arch/generic/bits/*.h",
            obj + "/include/bits/*.h",
        ]),
    )

    native.cc_library(
        name = "headers_" + arch,
        hdrs = native.glob([
            "include/**/*.h",
            "arch/%s/bits/*.h" % arch,
            "arch/generic/bits/*.h",
            obj + "/include/bits/*.h",
        ]),
        # Same precedence as musl's installed tree: arch bits over generic.
        includes = [
            obj + "/include",
            "arch/" + arch,
            "arch/generic",
            "include",
        ],
        target_compatible_with = compat,
    )

    # Internal include order of musl's Makefile, with port/include first so
    # that our syscall_arch.h (direct calls) replaces arch/$ARCH's.
    internal_copts = MUSL_COPTS + [
        "-Ithird_party/musl/port/include",
        "-Iexternal/musl/arch/" + arch,
        "-Iexternal/musl/arch/generic",
        "-I$(GENDIR)/external/musl/obj/src/internal",
        "-Iexternal/musl/src/include",
        "-Iexternal/musl/src/internal",
        "-Iexternal/musl/%s/include" % obj,
        "-Iexternal/musl/include",
    ]
    internal_hdrs = native.glob([
        "arch/%s/**/*.h" % arch,
        "arch/generic/**/*.h",
        "src/include/**/*.h",
        "src/internal/**/*.h",
        "src/**/*.h",
    ]) + ["obj/src/internal/version.h"]

    string_srcs, other_srcs = musl_sources(arch)

    # The kernel calls memcpy/memset from trap and IRQ paths, which do not
    # save FP/SIMD state: string functions use general registers only.
    native.cc_library(
        name = "string_" + arch,
        srcs = string_srcs + internal_hdrs,
        copts = internal_copts,
        features = ["uk_kernel"],
        deps = [
            ":headers_" + arch,
            "@//third_party/musl:port_headers",
        ],
        target_compatible_with = compat,
    )

    native.cc_library(
        name = "c_" + arch,
        srcs = other_srcs + internal_hdrs + [
            "@//third_party/musl:port_srcs_" + arch,
        ],
        # Sources that other sources #include (libc_calloc.c, x86_64 fma*.c).
        textual_hdrs = [
            "src/malloc/calloc.c",
            "src/math/fma.c",
            "src/math/fmaf.c",
        ],
        copts = internal_copts,
        deps = [
            ":headers_" + arch,
            ":string_" + arch,
            "@//third_party/musl:port_headers",
        ] + (
            # aarch64 long double is IEEE quad in software (__addtf3, ...).
            ["@compiler_rt_aarch64//:builtins"] if arch == "aarch64" else []
        ),
        target_compatible_with = compat,
    )
