"""The sections that make a daemon a hub for other rooms and tools: ``hermes:`` (Rhasspy 2.5 satellites and
the Hermes protocol) and ``homeassistant:`` (MQTT discovery of homeslm itself), checked into
:class:`homeslm.config.model.HermesConfig` and :class:`homeslm.config.model.HomeAssistantConfig` with
``file:line: key: problem`` errors. Called by :func:`homeslm.config.parse.collect_config`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable

from homeslm.config.model import HermesConfig, HomeAssistantConfig, Satellite
from homeslm.config.yamlcheck import Checker, KeyPath, given

_HERMES_KEYS = ("enabled", "satellites", "audio", "stream_timeout_s")
_SATELLITE_KEYS = ("site_id", "area")
_HOMEASSISTANT_KEYS = ("discovery", "prefix")
#: One MQTT topic level, as a ``site`` is (docs/DESIGN.md section 2).
_LEVEL_RE = re.compile(r"[^\s/+#]+")
SITE_ID_MAX_CHARS = 64

AreaRef = Callable[[Checker, Any, KeyPath], str]
"""Checks a reference to a configured area (``homeslm.config.parse``'s, which knows the areas)."""


def _topic_level(ctx: Checker, value: Any, path: KeyPath, what: str) -> str:
    text = ctx.as_string(value, path, what)
    if len(text) > SITE_ID_MAX_CHARS:
        raise ctx.error(path, f"expected {what} of at most {SITE_ID_MAX_CHARS} characters, got {len(text)}")
    if not _LEVEL_RE.fullmatch(text) or any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise ctx.error(path, f"expected {what} without spaces, '/', '+', '#' or control characters, got {text!r}")
    return text


def hermes_from_dict(ctx: Checker, value: Any, path: KeyPath, *, site: str, area_ref: AreaRef) -> HermesConfig:
    """The ``hermes:`` section: ``{enabled: true, satellites: [{site_id: kitchen-pi, area: kitchen}], audio: true,
    stream_timeout_s: 2}``. A satellite's site id is unique and never the daemon's own ``site``."""
    data = ctx.as_mapping(value, path, "a mapping such as {enabled: true, satellites: [{site_id: kitchen-pi, area: kitchen}]}")
    with ctx.collecting():
        ctx.check_keys(data, path, _HERMES_KEYS)
    kw: dict[str, Any] = {}
    for key in ("enabled", "audio"):
        with ctx.collecting():
            if given(data, key):
                kw[key] = ctx.as_bool(data[key], path + (key,))
    with ctx.collecting():
        if given(data, "stream_timeout_s"):
            kw["stream_timeout_s"] = ctx.as_number(data["stream_timeout_s"], path + ("stream_timeout_s",), positive=True)
    with ctx.collecting():
        if given(data, "satellites"):
            kw["satellites"] = _satellites(ctx, data["satellites"], path + ("satellites",), site, area_ref)
    return HermesConfig(**kw)


def _satellites(ctx: Checker, value: Any, path: KeyPath, site: str, area_ref: AreaRef) -> tuple[Satellite, ...]:
    items = ctx.as_list(value, path, "a list of satellites such as [{site_id: kitchen-pi, area: kitchen}]")
    out: list[Satellite] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        item_path = path + (index,)
        with ctx.collecting():
            entry = ctx.as_mapping(item, item_path, "a mapping such as {site_id: kitchen-pi, area: kitchen}")
            ctx.check_keys(entry, item_path, _SATELLITE_KEYS)
            if not given(entry, "site_id"):
                raise ctx.error(item_path, "site_id: required (the satellite's Hermes siteId, e.g. kitchen-pi)")
            site_id = _topic_level(ctx, entry["site_id"], item_path + ("site_id",), "a site id")
            if site_id == site:
                raise ctx.error(item_path + ("site_id",), f"{site_id!r} is this daemon's own site; a satellite needs "
                                                          "a site id of its own")
            if site_id in seen:
                raise ctx.error(item_path + ("site_id",), f"{site_id!r} is already satellites[{seen[site_id]}]; "
                                                          "each satellite needs a site id of its own")
            area = area_ref(ctx, entry["area"], item_path + ("area",)) if given(entry, "area") else None
            seen[site_id] = index
            out.append(Satellite(site_id, area))
    return tuple(out)


def homeassistant_from_dict(ctx: Checker, value: Any, path: KeyPath) -> HomeAssistantConfig:
    """The ``homeassistant:`` section: ``{discovery: true, prefix: homeassistant}``."""
    data = ctx.as_mapping(value, path, "a mapping such as {discovery: true, prefix: homeassistant}")
    with ctx.collecting():
        ctx.check_keys(data, path, _HOMEASSISTANT_KEYS)
    kw: dict[str, Any] = {}
    with ctx.collecting():
        if given(data, "discovery"):
            kw["discovery"] = ctx.as_bool(data["discovery"], path + ("discovery",))
    with ctx.collecting():
        if given(data, "prefix"):
            kw["prefix"] = _topic_level(ctx, data["prefix"], path + ("prefix",), "a discovery prefix (one topic level)")
    return HomeAssistantConfig(**kw)
