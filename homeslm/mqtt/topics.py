"""homeslm's own MQTT topics (docs/DESIGN.md section 4): ``homeslm/<site>/<kind>``, the ``online`` /
``offline`` status words, and the checks that refuse a topic or filter the broker would not take."""

from __future__ import annotations

ONLINE = "online"
OFFLINE = "offline"
TOPIC_PREFIX = "homeslm"
SITE_TOPIC_KINDS = ("status", "command", "listen", "transcript", "intent", "response", "partial", "microphone",
                    "instance", "ping", "pong", "model", "plugins", "stats")


def site_topic(site: str, kind: str) -> str:
    """``homeslm/<site>/<kind>`` for one of :data:`SITE_TOPIC_KINDS` (docs/DESIGN.md section 4)."""
    if kind not in SITE_TOPIC_KINDS:
        raise ValueError(f"unknown homeslm topic kind {kind!r}; expected one of {', '.join(SITE_TOPIC_KINDS)}")
    check_site(site)
    return f"{TOPIC_PREFIX}/{site}/{kind}"


def check_site(site: str) -> None:
    """Refuse a site id that cannot be one MQTT topic level."""
    if not site or any(ch in site for ch in "/+#\x00"):
        raise ValueError(f"site {site!r}: expected a non-empty name without '/', '+' or '#' (it is one MQTT topic level)")


def status_topic(site: str) -> str:
    return site_topic(site, "status")


def command_topic(site: str) -> str:
    return site_topic(site, "command")


def listen_topic(site: str) -> str:
    return site_topic(site, "listen")


def transcript_topic(site: str) -> str:
    return site_topic(site, "transcript")


def intent_topic(site: str) -> str:
    return site_topic(site, "intent")


def response_topic(site: str) -> str:
    return site_topic(site, "response")


def partial_topic(site: str) -> str:
    """The recogniser's partial results while a command is spoken: ``{"text": ...}``."""
    return site_topic(site, "partial")


def microphone_topic(site: str) -> str:
    """The microphone's state, retained: ``{"state": "ok" | "lost" | "unavailable" | "off", "message": ...}``."""
    return site_topic(site, "microphone")


def instance_topic(site: str) -> str:
    """Which daemon serves the site, retained: ``{"instance", "host", "pid", "started"}`` (:mod:`homeslm.mqtt.presence`)."""
    return site_topic(site, "instance")


def ping_topic(site: str) -> str:
    """``{"nonce": ...}``: the daemon serving the site answers on :func:`pong_topic` (a starting daemon asks)."""
    return site_topic(site, "ping")


def pong_topic(site: str) -> str:
    """The answer to a ping: the instance payload plus the ping's ``nonce``."""
    return site_topic(site, "pong")


def model_topic(site: str) -> str:
    """The intent model against the home, retained: the plugin actions it cannot produce and the background
    retrain's progress (:meth:`homeslm.daemon.model_upkeep.ModelUpkeep.payload`)."""
    return site_topic(site, "model")


def plugins_topic(site: str) -> str:
    """The plugins the daemon runs and those it refused, retained: ``{"loaded": [...], "refused": {name: why}}``
    (:meth:`homeslm.plugins.ActionRegistry.plugin_status`)."""
    return site_topic(site, "plugins")


def stats_topic(site: str) -> str:
    """The daemon's command counts, retained: ``{"received", "handled", "waiting", "dropped": {kind: n},
    "dropped_total"}`` (:class:`homeslm.daemon.ledger.CommandCounts`)."""
    return site_topic(site, "stats")


def check_topic(topic: str) -> None:
    """Refuse a topic that cannot be published to."""
    if not isinstance(topic, str) or not topic:
        raise ValueError(f"MQTT topic {topic!r}: expected a non-empty string")
    if "+" in topic or "#" in topic or "\x00" in topic:
        raise ValueError(f"MQTT topic {topic!r}: wildcards '+' and '#' are only allowed in subscriptions")
    if len(topic.encode("utf-8")) > 65535:
        raise ValueError(f"MQTT topic {topic[:40]!r}...: longer than 65535 bytes")


def check_topic_filter(topic_filter: str) -> None:
    """Refuse an invalid subscription filter (``#`` only as the whole last level, ``+`` a whole level)."""
    if not isinstance(topic_filter, str) or not topic_filter:
        raise ValueError(f"MQTT topic filter {topic_filter!r}: expected a non-empty string")
    levels = topic_filter.split("/")
    for i, level in enumerate(levels):
        if "#" in level and (level != "#" or i != len(levels) - 1):
            raise ValueError(f"MQTT topic filter {topic_filter!r}: '#' must be the whole last level (like 'zigbee2mqtt/#')")
        if "+" in level and level != "+":
            raise ValueError(f"MQTT topic filter {topic_filter!r}: '+' must be a whole level (like 'tele/+/STATE')")
