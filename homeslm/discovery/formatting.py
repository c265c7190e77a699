"""The YAML ``devices:`` block printed by ``homeslm import``, with comments for what to check and what
was not imported. Nothing here edits the user's config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from homeslm.config.model import Config
from homeslm.discovery.announcements import DEFAULT_Z2M_BASE
from homeslm.discovery.candidates import Z2M_PLUGIN, speakable
from homeslm.discovery.plan import ImportPlan


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1 << 20)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _block(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping) and any(isinstance(v, Mapping) for v in value.values()):
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += _block(str(k), v, indent + 2)
        return lines
    return [f"{pad}{key}: {_flow(value)}"]


def _comment(text: str, indent: int) -> str:
    return " " * indent + "# " + text


def format_import(plan: ImportPlan, config: Config, *, broker: str | None = None) -> str:
    """The ``devices:`` block to paste into the config, with comments for what to check."""
    out: list[str] = []
    where = f" from {broker}" if broker else ""
    out.append(f"# homeslm import{where}: {plan.summary()} (listed at the end).")
    out.append("# Check each name (it is what people say) and set the missing areas, then copy the entries under")
    out.append(f"# devices: in {config.source or 'your config'}. Entries commented out need a name first.")
    if config.areas:
        out.append(f"# Configured areas: {', '.join(config.areas)}.")
    configured_base = str(config.plugins.settings.get(Z2M_PLUGIN, {}).get("base_topic", DEFAULT_Z2M_BASE)).strip("/")
    if any(c.entry["plugin"] == Z2M_PLUGIN for c in plan.devices) and plan.announcements.z2m_base != configured_base:
        out.append(f"# zigbee2mqtt uses the base topic {plan.announcements.z2m_base!r}: add to the config "
                   f"plugins: {{zigbee2mqtt: {{base_topic: {plan.announcements.z2m_base}}}}}")
    out.append("devices:" if plan.devices else "devices: []")
    for candidate in plan.devices:
        out.append("")
        out.append(_comment(candidate.source, 2))
        out += [_comment(f"  {note}", 2) for note in candidate.notes]
        entry = candidate.entry
        area_after = "device_class" if "device_class" in entry else "type"
        lines: list[str] = []
        for i, (key, value) in enumerate(entry.items()):
            block = _block(key, value, 0)
            lines.append(f"  {'- ' if i == 0 else '  '}{block[0]}")
            lines += [f"    {line}" for line in block[1:]]
            if key == area_after and "area" not in entry:
                if candidate.area_hint:
                    lines.append(f"    # area: {speakable(candidate.area_hint)}   # announced, but not a configured "
                                 "area: add it to areas: first")
                else:
                    lines.append("    # area:   # which room? (none announced)")
        if candidate.needs_name:
            lines = ["  # " + line[2:] for line in lines]
        out += lines
    if plan.skipped:
        out += ["", "# Not imported:"]
        out += [f"#   {s.source}: {s.reason}" for s in plan.skipped]
    return "\n".join(out) + "\n"
