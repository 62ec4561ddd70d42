"""cc_toolchain configuration for Tessera kernel targets (clang + ld.lld).

Each group of flags is a named feature with the reason it exists, in the
manner of lowRISC's crt. Kernel libraries enable `uk_kernel` (set by the
uk_library macro); applications and musl keep the full floating-point ABI.
"""

load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
)
load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("@llvm//:paths.bzl", "CLANG_RESOURCE_DIR", "LLVM_BIN")

_COMPILE = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
]

_C = [ACTION_NAMES.c_compile, ACTION_NAMES.cpp_compile]

# The optimisation of every image, development and release alike (README
# "Releases" says why): -O2 for speed; -g for the .dbg ELF only, since the
# boot image is stripped.
OPTIMIZE_FLAGS = ["-O2", "-g"]

def _flags(name, flags, actions = _COMPILE, enabled = True):
    if not flags:
        return feature(name = name, enabled = enabled)
    return feature(
        name = name,
        enabled = enabled,
        flag_sets = [flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])],
    )

# Per-architecture code generation for kernel-mode code.
_ARCH = {
    "x86_64": struct(
        triple = "x86_64-unknown-none-elf",
        musl = "x86_64",
        # The kernel runs with interrupts on the current stack: no red zone.
        # -mcmodel=kernel: symbols below 2 GiB, addressed by sign-extended
        # 32-bit immediates, which holds for our image linked at 1 MiB.
        codegen = ["-mno-red-zone", "-mcmodel=kernel"],
        # SSE for applications and musl (printf("%f")), scalar FP only.
        user_fp = ["-msse2"],
    ),
    "arm64": struct(
        triple = "aarch64-unknown-none-elf",
        musl = "aarch64",
        codegen = [],
        user_fp = [],
    ),
}

def _impl(ctx):
    arch = _ARCH[ctx.attr.arch]
    tools = {
        "gcc": LLVM_BIN + "/clang",
        "ld": LLVM_BIN + "/ld.lld",
        "ar": LLVM_BIN + "/llvm-ar",
        "cpp": LLVM_BIN + "/clang-cpp",
        "nm": LLVM_BIN + "/llvm-nm",
        "objcopy": LLVM_BIN + "/llvm-objcopy",
        "objdump": LLVM_BIN + "/llvm-objdump",
        "strip": LLVM_BIN + "/llvm-strip",
        "gcov": "/bin/false",
        "dwp": LLVM_BIN + "/llvm-dwp",
    }
    features = [
        _flags("target", ["--target=" + arch.triple]),
        # No host libc headers or libraries leak in: musl is a dependency
        # like any other; clang's own freestanding headers stay visible.
        _flags("freestanding", ["-ffreestanding", "-nostdlibinc"]),
        # musl is the C library of every image: its public headers are on
        # every compile (the files come in through compiler_files).
        _flags("libc_headers", [
            "-isystem",
            "external/musl/obj/%s/include" % arch.musl,
            "-isystem",
            "external/musl/arch/%s" % arch.musl,
            "-isystem",
            "external/musl/arch/generic",
            "-isystem",
            "external/musl/include",
        ], _C + [ACTION_NAMES.preprocess_assemble]),
        # Absolute addresses: the image is linked at a fixed address.
        _flags("no_pic", ["-fno-pic", "-fno-pie"]),
        # No canary runtime exists in the kernel.
        _flags("no_stack_protector", ["-fno-stack-protector"]),
        # Frame pointers feed the crash report's backtrace.
        _flags("frame_pointers", ["-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer"], _C),
        # Unwind tables are dead weight in an image without exceptions.
        _flags("no_unwind_tables", ["-fno-asynchronous-unwind-tables", "-fno-unwind-tables"], _C),
        # Separate sections so ld.lld --gc-sections drops unused code.
        _flags("sections", ["-ffunction-sections", "-fdata-sections"], _C),
        _flags("codegen", arch.codegen),
        _flags("user_fp", arch.user_fp, _C),
        # One optimisation level for every build: images are release builds,
        # and the same flags give the same bytes.
        _flags("optimize", OPTIMIZE_FLAGS, _C),
        # Reproducibility: no absolute paths in debug info, no build dates.
        _flags("reproducible", [
            "-fdebug-compilation-dir=.",
            "-no-canonical-prefixes",
            "-Wno-builtin-macro-redefined",
            "-D__DATE__=\"redacted\"",
            "-D__TIME__=\"redacted\"",
            "-D__TIMESTAMP__=\"redacted\"",
        ]),
        # Kernel libraries never touch FP/SIMD registers, so trap and IRQ
        # paths need not save them. Enabled per library by uk_library.
        _flags("uk_kernel", ["-mgeneral-regs-only"], _C, enabled = False),
        feature(name = "supports_pic", enabled = False),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = [
            CLANG_RESOURCE_DIR + "/include",
            "external/musl/include",
            "external/musl/arch",
            "external/musl/obj",
        ],
        toolchain_identifier = "tessera_" + ctx.attr.arch,
        host_system_name = "local",
        target_system_name = arch.triple,
        target_cpu = ctx.attr.arch,
        target_libc = "none",
        compiler = "clang",
        abi_version = "none",
        abi_libc_version = "none",
        tool_paths = [tool_path(name = k, path = v) for k, v in tools.items()],
    )

cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {"arch": attr.string(mandatory = True, values = ["x86_64", "arm64"])},
    provides = [CcToolchainConfigInfo],
)
