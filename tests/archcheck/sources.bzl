"""uk_sources: the source files that images are built from, for checks.

An aspect follows `deps` (an image's `_kernel` and `rootfs`, a uk_hidden_library's
`srcs` and `exports`) from the given targets through every cc_library and
collects the files of `srcs` and `hdrs` that are in the source tree (not
generated, not in an external repository).
The checks then read exactly what the images are compiled from, on every
platform they are built for, with no list of packages to keep in step.
"""

_UkSourcesInfo = provider(fields = {"files": "depset of source Files"})

_DEP_ATTRS = ["deps", "_kernel", "rootfs", "srcs", "exports"]

def _targets(value):
    # Attributes behind an outgoing transition hold one list per label.
    out = []
    for v in value:
        out.extend(v if type(v) == "list" else [v])
    return out

def _sources_aspect_impl(target, ctx):
    direct = []
    for name in ["srcs", "hdrs", "textual_hdrs"]:
        for dep in _targets(getattr(ctx.rule.attr, name, [])):
            direct.extend([
                f
                for f in dep.files.to_list()
                if f.is_source and f.owner.workspace_name == ""
            ])
    transitive = []
    for name in _DEP_ATTRS:
        for dep in _targets(getattr(ctx.rule.attr, name, [])):
            if _UkSourcesInfo in dep:
                transitive.append(dep[_UkSourcesInfo].files)
    return [_UkSourcesInfo(files = depset(direct, transitive = transitive))]

_sources_aspect = aspect(
    implementation = _sources_aspect_impl,
    attr_aspects = _DEP_ATTRS,
)

def _uk_sources_impl(ctx):
    files = depset(transitive = [
        t[_UkSourcesInfo].files
        for t in ctx.attr.targets
    ])
    return [DefaultInfo(
        files = files,
        runfiles = ctx.runfiles(transitive_files = files),
    )]

uk_sources = rule(
    implementation = _uk_sources_impl,
    attrs = {
        "targets": attr.label_list(aspects = [_sources_aspect]),
    },
    doc = "The in-tree sources and headers that targets are built from.",
)
