"""Per-image build settings (Tessera's replacement for Kconfig).

Each setting is a Starlark build setting that unikernel_image sets through
its transition from the image's `config` dict; uk_config_header turns the
values into <uk/config.h> for the libraries that read them.
"""

UkSettingInfo = provider(fields = ["value"])

def _setting_impl(ctx):
    return [UkSettingInfo(value = ctx.build_setting_value)]

int_setting = rule(
    implementation = _setting_impl,
    build_setting = config.int(flag = True),
)

bool_setting = rule(
    implementation = _setting_impl,
    build_setting = config.bool(flag = True),
)

string_setting = rule(
    implementation = _setting_impl,
    build_setting = config.string(flag = True),
)

# Setting name -> (label, default, C macro). The single list that both the
# image transition and the generated header read.
UK_SETTINGS = {
    "log_level": ("//tools/config:log_level", 3, "UK_LOG_LEVEL"),
    "lcpu_maxcount": ("//tools/config:lcpu_maxcount", 16, "CONFIG_UKPLAT_LCPU_MAXCOUNT"),
    "w_xor_x": ("//tools/config:w_xor_x", False, "CONFIG_ENFORCE_W_XOR_X"),
    "irq_stack_size": ("//tools/config:irq_stack_size", 16384, "CONFIG_X86_IRQ_STACK_SIZE"),
    "crit_stack_size": ("//tools/config:crit_stack_size", 8192, "CONFIG_X86_CRIT_STACK_SIZE"),
    "main_stack_size": ("//tools/config:main_stack_size", 1048576, "CONFIG_UK_MAIN_STACK_SIZE"),
    "preempt": ("//tools/config:preempt", True, "CONFIG_UK_PREEMPT"),
    "smp_threads": ("//tools/config:smp_threads", True, "CONFIG_UK_SMP_THREADS"),
}

_LOG_LEVELS = {"err": 1, "warn": 2, "info": 3, "debug": 4}

def uk_setting_value(name, value):
    """Converts a config dict value (string or int) into the setting's type."""
    default = UK_SETTINGS[name][1]
    if name == "log_level" and type(value) == "string":
        if value not in _LOG_LEVELS:
            fail("log_level must be one of %s, got %r" % (_LOG_LEVELS.keys(), value))
        return _LOG_LEVELS[value]
    if type(default) == "bool":
        if type(value) == "string":
            if value not in ("0", "1", "true", "false", "True", "False"):
                fail("%s is a boolean, got %r" % (name, value))
            return value in ("1", "true", "True")
        return bool(value)
    if type(default) == "int":
        return int(value)
    return value

def _header_impl(ctx):
    lines = [
        "/* Generated from the image's build settings. Do not edit. */",
        "#ifndef UK_CONFIG_H",
        "#define UK_CONFIG_H",
    ]
    for name, (_, _, macro) in sorted(UK_SETTINGS.items()):
        value = getattr(ctx.attr, "_" + name)[UkSettingInfo].value
        if type(value) == "bool":
            value = 1 if value else 0
        lines.append("#define %s %s" % (macro, value))
    lines.append("#endif")
    out = ctx.actions.declare_file("include/uk/config.h")
    ctx.actions.write(out, "\n".join(lines) + "\n")
    return [DefaultInfo(files = depset([out]))]

uk_config_header = rule(
    implementation = _header_impl,
    attrs = {
        "_" + name: attr.label(default = label)
        for name, (label, _, _) in UK_SETTINGS.items()
    },
)
