"""uk_config_independent: builds deps with every image setting at its default.

Bazel 4 does not trim configurations: each distinct image `config` gives a
new output directory, and everything below the image would be compiled
again for it, musl's 1,300 files included. Libraries that read no setting
go through this rule, so they are built once per target platform whatever
the images' settings.
"""

load("//tools/config:settings.bzl", "UK_SETTINGS")

def _reset_impl(settings, attr):
    return {label: default for (label, default, _) in UK_SETTINGS.values()}

_reset = transition(
    implementation = _reset_impl,
    inputs = [],
    outputs = [label for (label, _, _) in UK_SETTINGS.values()],
)

def _impl(ctx):
    return [cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.deps])]

uk_config_independent = rule(
    implementation = _impl,
    attrs = {
        "deps": attr.label_list(cfg = _reset, providers = [CcInfo]),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    provides = [CcInfo],
)
