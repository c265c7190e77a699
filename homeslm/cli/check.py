"""``homeslm check`` (``check-config``): the config file validated, the plugins loaded against its devices,
and the summary of the home. Its parser, ``_add_check``, is in :mod:`homeslm.cli` (tests replace
``homeslm.cli._cmd_check``)."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from homeslm.cli.common import EXIT_CONFIG, EXIT_OK
from homeslm.config.model import Config, Device, MqttConfig
from homeslm.understanding.confirmation import describe_guard
from homeslm.errors import ConfigError
from homeslm.config.yamlcheck import did_you_mean

# --------------------------------------------------------------------------------------------------
# homeslm check


def _cmd_check(args: argparse.Namespace) -> int:
    config = _checked_config(args)
    if args.no_plugins:
        print(format_summary(config))
        return EXIT_OK
    from homeslm.understanding.policies import ambiguous_name_warnings  # names that stay ambiguous (issue 13)

    warnings: list[str] = []
    loaded, problems = check_plugins(config, model_warnings=warnings)
    warnings += ambiguous_name_warnings(config)
    print(format_summary(config, problems=len(problems)))
    print(f"\nplugins loaded: {', '.join(loaded) or 'none'}")
    for line in [*problems, *warnings]:
        print(line, file=sys.stderr)
    if problems:
        print(f"homeslm: {_count(len(problems), 'problem')} with plugins in {config.source}", file=sys.stderr)
        return EXIT_CONFIG
    print("every device has a plugin that drives it")
    return EXIT_OK


def _checked_config(args: argparse.Namespace) -> Config:
    """The config file, checked whole: with problems, every one of them is raised at once (exit 2), the
    plugin problems of the devices that are right included, unless the ``plugins`` section itself is
    wrong (the plugins would not load as configured)."""
    from homeslm.config.loader import check_config_file, find_config_path
    from homeslm.plugins.home_check import raise_config_errors

    config, problems = check_config_file(find_config_path(args.config))
    if config is None or not problems:
        raise_config_errors(problems)
        assert config is not None
        return config
    if not args.no_plugins and not any((p.key or "").startswith("plugins") for p in problems):
        problems = problems + _at_file_positions(config, check_plugins(config)[1])
    raise_config_errors(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))
    raise AssertionError("unreachable: there were problems")


def _at_file_positions(config: Config, problems: list[ConfigError]) -> list[ConfigError]:
    """``problems`` of a config that left out devices with problems, with ``devices[k]`` (the k-th device
    kept) turned back into the device's place in the file, and its line."""
    index_at_line = {line: int(m.group(1)) for key, line in config.key_lines.items()
                     if (m := re.fullmatch(r"devices\[(\d+)\]", key))}
    out = []
    for problem in problems:
        m = re.fullmatch(r"devices\[(\d+)\](.*)", problem.key or "")
        kept = int(m.group(1)) if m else -1
        line = config.devices[kept].line if m is not None and kept < len(config.devices) else None
        if m is None or line not in index_at_line:
            out.append(problem)
            continue
        out.append(config.error(f"devices[{index_at_line[line]}]{m.group(2)}", problem.problem))
    return out


def check_plugins(config: Config, *, model_warnings: list[str] | None = None) -> tuple[list[str], list[ConfigError]]:
    """Load the plugins the config asks for; return their names and, as errors at the config's lines,
    devices whose plugin is missing, failed or does not drive their type, the configuration problems
    plugins report while loading (``report_problem``: a device's bad options), settings of unknown
    plugins, and a recogniser or wake engine (``voice.recognizer``, ``voice.wake_engine``) that no plugin
    provides.

    ``model_warnings``, when given, gets the warnings about the intent model against these plugins (plugin
    actions it cannot produce, :func:`homeslm.understanding.model_fit.model_warnings`): not errors, the daemon runs.
    """
    from homeslm.plugins import ActionRegistry, plugin_manager_from_config  # loads plugin code: only when asked

    pm = plugin_manager_from_config(config)
    registry = ActionRegistry(pm, config, log_problems=False)  # returned here instead of logged
    loaded = sorted(name for name, _ in pm.list_name_plugin())
    problems: list[ConfigError] = []
    for i, device in enumerate(config.devices):
        plugin = device.plugin
        if plugin not in loaded:
            why = (f"; it failed to load: {pm.failures[plugin]}" if plugin in pm.failures
                   else "; it is disabled in plugins.disable" if plugin in config.plugins.disable else "")
            problems.append(config.error(f"devices[{i}].plugin", f"plugin {plugin!r} is not loaded"
                                         f"{did_you_mean(plugin, loaded)} (loaded: {', '.join(loaded) or 'none'}){why}"))
        elif plugin in registry.errors:
            problems.append(config.error(f"devices[{i}].plugin",
                                         f"plugin {plugin!r} failed to register its actions: {registry.errors[plugin]}"))
        elif not registry.actions_for(device):
            problems.append(config.error(f"devices[{i}].type", f"plugin {plugin!r} drives no device of type "
                                                               f"{device.type!r}"))
    from homeslm.plugins.home_check import confirm_errors

    problems += confirm_errors(config, registry)
    for reported in registry.config_problems.values():
        problems += reported
    for name in config.plugins.settings:
        if name not in loaded and name not in config.plugins.disable:
            problems.append(config.error(f"plugins.{name}", f"settings for plugin {name!r}, which is not loaded"
                                                            f"{did_you_mean(name, loaded)}"))
    from homeslm.voice.engines import SpeechEngines  # voice.recognizer / voice.wake_engine: a plugin must provide them

    engines = SpeechEngines(pm, config)
    try:
        problems += engines.problems()
    except ConfigError as exc:  # the voice section itself is wrong
        problems.append(exc)
    problems += broken_plugins(config, pm.failures, registry.errors, engines.errors)
    if model_warnings is not None:
        from homeslm.understanding.model_fit import model_warnings as warnings_about_the_model

        model_warnings += warnings_about_the_model(config, registry)
    return loaded, problems


def broken_plugins(config: Config, failures: Mapping[str, str], register_errors: Mapping[str, str],
                   engine_errors: Mapping[str, str]) -> list[ConfigError]:
    """Plugins the daemon would refuse or cut short, as errors at the config's ``plugins`` section: each
    that failed to load (``failures``: it does not import, implements a misspelled hook, ...), raised in
    ``register_actions`` (``register_errors``) or in ``register_recognizers``/``register_wake_engines``
    (``engine_errors``). Load and action errors of a plugin a device names are left to its
    ``devices[i].plugin`` error."""
    named = {device.plugin for device in config.devices}
    out = [config.error("plugins", reason) for name, reason in failures.items() if name not in named]
    for errors in (register_errors, engine_errors):
        out += [config.error("plugins", f"plugin {name!r} is left out: {reason}; fix the plugin, or list {name!r} "
                                        f"in plugins.disable")
                for name, reason in errors.items() if errors is engine_errors or name not in named]
    return out


def _describe_broker(mqtt: MqttConfig) -> str:
    auth = f"yes (user {mqtt.username})" if mqtt.username is not None else "no"
    if mqtt.tls is None:
        tls = "no"
    else:
        notes = [note for flag, note in ((mqtt.tls.cert_file is not None, "client certificate"),
                                         (mqtt.tls.ca_file is not None, f"CA {mqtt.tls.ca_file}"),
                                         (mqtt.tls.insecure, "hostname NOT verified")) if flag]
        tls = "yes" + (f" ({', '.join(notes)})" if notes else "")
    return f"{mqtt.host}:{mqtt.port}, auth: {auth}, TLS: {tls}"


def _device_row(device: Device) -> list[str]:
    kind = device.type + (f":{device.device_class}" if device.device_class else "")
    extras = []
    if device.aliases:
        extras.append("aliases: " + ", ".join(device.aliases))
    guard = describe_guard(device)
    if guard:
        extras.append(guard)
    return [device.name, kind, device.plugin, device.topic or "-", "; ".join(extras)]


def format_summary(config: Config, *, problems: int = 0) -> str:
    """A readable summary of a loaded config, as ``homeslm check`` prints it (never any secret); the first
    line says ``OK``, or how many ``problems`` the check found (printed on stderr)."""
    verdict = "OK" if not problems else f"{_count(problems, 'problem')} (on stderr)"
    out: list[str] = [f"{config.source or 'config'}: {verdict}", ""]
    here = f" (microphone in the {config.area})" if config.area else " (no area set: say the room in every command)"
    model = config.model.path or "built-in default model"
    if config.model.path and not Path(config.model.path).is_dir():
        model += " (missing: train it with homeslm train)"
    threads = _count(config.model.threads, "thread")
    plugin_counts = Counter(d.plugin for d in config.devices)
    fields = [
        ("site", config.site + here),
        ("broker", _describe_broker(config.mqtt)),
        ("language", f"{config.language}, temperatures in {config.temperature_unit}"),
        ("model", f"{model}, confidence threshold {config.model.threshold:g}, {threads}"),
        ("plugins", ", ".join(f"{name} ({_count(n, 'device')})" for name, n in sorted(plugin_counts.items())) or "no devices"),
        ("follow-ups", f"within {config.followup_window_s:g} s"),
    ]
    if config.plugins.settings:
        fields.append(("settings", ", ".join(sorted(config.plugins.settings))))
    if config.plugins.disable:
        fields.append(("disabled", ", ".join(config.plugins.disable)))
    if config.plugins.paths:
        fields.append(("plugin dirs", ", ".join(config.plugins.paths)))
    width = max(len(label) for label, _ in fields)
    out += [f"{label.ljust(width)}  {text}" for label, text in fields]

    if config.floors:
        out += ["", "Floors:"]
        out += [f"  {floor.name}: {', '.join(floor.areas) or '(no areas)'}" for floor in config.floors]

    by_area: dict[str | None, list[Device]] = {area: [] for area in config.areas}
    for device in config.devices:
        by_area.setdefault(device.area, []).append(device)
    rows = [_device_row(d) for d in config.devices]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    out += ["", "Areas and devices:"]
    for area, devices in by_area.items():
        if area is None and not devices:
            continue
        label = area if area is not None else "(no area)"
        notes = [_count(len(devices), "device")]
        floor = config.floor_of(area) if area is not None else None
        if floor:
            notes.insert(0, floor)
        if area is not None and area == config.area:
            notes.append("this microphone")
        out.append(f"  {label} ({', '.join(notes)})")
        for device in devices:
            row = _device_row(device)
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])] + [row[4]]
            out.append("    " + "  ".join(cells).rstrip())

    types = Counter(d.type for d in config.devices)
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    out += ["", f"{_count(len(config.devices), 'device')}" + (f" ({kinds})" if kinds else "")
                + f", {_count(len(config.areas), 'area')}, {_count(len(config.floors), 'floor')}"]
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
