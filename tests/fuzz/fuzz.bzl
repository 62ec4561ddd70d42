"""fuzz_test: a libFuzzer target for the host, run as a test.

One macro call emits `<name>_bin`, the target linked with libFuzzer under
--config=fuzz (ASan and UBSan on) and with replay_main.c otherwise, and
`<name>`, an sh_test that runs it on its seed corpus: the seeds and a
short fixed-seed mutation run by default, FUZZ_SECONDS of libFuzzer under
--config=fuzz.
"""

def fuzz_test(name, srcs, deps, corpus, **kwargs):
    """kwargs go to the cc_binary (e.g. linkstatic)."""
    native.cc_binary(
        name = name + "_bin",
        testonly = True,
        srcs = srcs + select({
            "//tests/fuzz:libfuzzer": [],
            "//conditions:default": ["//tests/fuzz:replay_main.c"],
        }),
        deps = deps,
        **kwargs
    )
    native.sh_test(
        name = name,
        size = "medium",
        srcs = ["//tests/fuzz:fuzz_run.sh"],
        args = [
            "$(rootpath :%s_bin)" % name,
            native.package_name() + "/" + corpus,
        ],
        data = [":%s_bin" % name] + native.glob([corpus + "/*"]),
    )
