"""The home, described once in YAML (DESIGN.md section 2), as frozen dataclasses.

``load_config(path)`` turns the YAML into a :class:`Config`; every error is a
:class:`homeslm.errors.ConfigError` naming the file, the line and the key.
Defaults live only in the dataclasses below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TlsConfig:
    """TLS towards the broker."""

    ca_file: str | None = None
    """CA bundle that signed the broker's certificate; ``None`` uses the system store."""
    cert_file: str | None = None
    """Client certificate (PEM) for mutual TLS."""
    key_file: str | None = None
    """Client private key (PEM) for mutual TLS."""
    insecure: bool = False
    """Skip hostname verification (self-signed test brokers only)."""


@dataclass(frozen=True)
class MqttConfig:
    """Connection to the MQTT broker."""

    host: str = "localhost"
    port: int = 1883
    username: str | None = None
    password: str | None = None
    """Resolved secret: from ``password_file`` or ``password_env`` in the YAML; never logged."""
    tls: TlsConfig | None = None
    """``None`` (or ``tls: false``) for plain TCP."""
    client_id: str | None = None
    """``None`` derives ``homeslm-<site>``."""
    keepalive_s: int = 30
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 30.0
    queue_max: int = 1000
    """Commands kept while the broker is away; the oldest are reported failed beyond this."""
    queue_max_age_s: float = 300.0
    """Commands older than this when the broker returns are reported failed, not sent."""


@dataclass(frozen=True)
class Floor:
    name: str
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Device:
    """One household device, addressed through one plugin."""

    name: str
    """What people say; the canonical name in intents."""
    type: str
    """Home Assistant domain: light, switch, fan, cover, valve, climate, lock, media_player, sensor,
    binary_sensor, vacuum, scene, script, person."""
    plugin: str
    """Name of the plugin that drives it (``zigbee2mqtt``, ``tasmota``, ``mqtt``, ...)."""
    area: str | None = None
    aliases: tuple[str, ...] = ()
    device_class: str | None = None
    """Optional refinement: curtain, garage, blind, door, window, humidity, ..."""
    topic: str | None = None
    """Plugin-specific addressing (zigbee2mqtt friendly name, Tasmota topic, MQTT base topic)."""
    confirm: bool = False
    """Ask "Are you sure?" before acting (front door lock, garage door)."""
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Plugin-specific extra keys of this device (templates, value keys), as written in the YAML."""
    line: int | None = field(default=None, hash=False, compare=False)
    """Line of the device in the config file, for error messages."""


@dataclass(frozen=True)
class ModelConfig:
    """The intent model."""

    path: str | None = None
    """Model directory from ``homeslm train``; ``None`` uses the default model shipped in the package."""
    threshold: float = 0.5
    """Parses with a confidence below this are answered "I did not understand" and do nothing."""
    threads: int = 1
    """CTranslate2 intra-op threads (1 is fastest at batch size 1 on small CPUs)."""


@dataclass(frozen=True)
class PluginsConfig:
    """Which plugins load and their settings."""

    paths: tuple[str, ...] = ()
    """Extra directories whose ``*.py`` modules are loaded as plugins."""
    disable: tuple[str, ...] = ()
    """Plugin names not to load."""
    settings: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)
    """Per-plugin settings blocks (``zigbee2mqtt: {base_topic: z2m}``), keyed by plugin name."""


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    site: str = "default"
    """This daemon's site id, used in MQTT topics ``homeslm/<site>/...``."""
    area: str | None = None
    """The room this microphone is in: "turn on the lights" means here."""
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    language: str = "en"
    temperature_unit: str = "celsius"
    """From ``units: {temperature: celsius|fahrenheit}``."""
    floors: tuple[Floor, ...] = ()
    areas: tuple[str, ...] = ()
    devices: tuple[Device, ...] = ()
    model: ModelConfig = field(default_factory=ModelConfig)
    plugins: PluginsConfig = field(default_factory=PluginsConfig)
    followup_window_s: float = 30.0
    """How long "turn it off" / "and the bedroom too" refer to the previous command."""
    voice: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Voice front end settings (audio device, wake phrase, recogniser); parsed by the voice modules."""
    source: str | None = None
    """Path of the YAML file this came from."""

    def device(self, name: str) -> Device | None:
        """The device with this canonical name, or ``None``."""
        for dev in self.devices:
            if dev.name == name:
                return dev
        return None

    def floor_of(self, area: str) -> str | None:
        for fl in self.floors:
            if area in fl.areas:
                return fl.name
        return None
