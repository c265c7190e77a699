"""The home, described once in YAML (docs/DESIGN.md section 2), as frozen dataclasses.

This module holds only the dataclasses (one per section, a docstring per field) and
:func:`normalize_name`. :func:`homeslm.config.loader.load_config` turns the YAML into a :class:`Config`
(every error a :class:`homeslm.errors.ConfigError` that reads ``file:line: key.path: problem``, e.g.
``config/homeslm.yaml:14: devices[3].topic: expected a string, got 3``; list indices count from 0);
the checking itself, section by section, is in :mod:`homeslm.config.parse`. Import the public names
from :mod:`homeslm.config`.

Conventions of the loaded :class:`Config`:

- Names are canonical: device names, aliases, area and floor names are stripped, inner whitespace
  collapsed to one space and lowercased (:func:`normalize_name`), so ``"Kitchen  Light"`` in the YAML
  is ``"kitchen light"`` in the config, in intents and in answers. Types and device classes are
  lowercased with words joined by ``_`` (``Garage Door`` -> ``garage_door``, Home Assistant's spelling).
  Topics, plugin names, plugin settings and device ``options`` are kept as written.
- Relative file paths (``mqtt.password_file``, ``mqtt.tls.*_file``, ``model.path``, ``plugins.paths``)
  are relative to the directory of the config file (``~`` is expanded).
- :meth:`Config.error` gives other modules (voice, plugin settings, device options) errors at the line
  of any key, so their messages read like the loader's.
- Unknown keys are refused with a did-you-mean, so typos never pass silently; plugin-specific device
  keys go under the device's ``options:`` mapping. Top-level keys starting with ``x-`` are ignored: they
  hold YAML anchors (``x-light: &z2m {type: light, plugin: zigbee2mqtt}``) for ``<<: *z2m`` merges.
- Secrets: ``mqtt.password_file`` (first line of the file; as a service, a ``LoadCredential=`` file) or
  ``mqtt.password_env`` (an environment variable name, for runs by hand: never systemd's ``Environment=``)
  fill :attr:`MqttConfig.password`; an inline ``mqtt.password`` is accepted with a warning.
  Secrets are never logged and never appear in error messages.
- Defaults live only in the dataclasses below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from homeslm.config.voice import VoiceSettings
from homeslm.errors import ConfigError

#: Values of ``units.temperature``.
TEMPERATURE_UNITS: tuple[str, ...] = ("celsius", "fahrenheit")


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
    """``None`` connects without authentication."""
    password: str | None = field(default=None, repr=False)
    """Resolved secret: from ``password_file`` or ``password_env`` in the YAML; never logged."""
    tls: TlsConfig | None = None
    """``None`` (or ``tls: false``) for plain TCP."""
    client_id: str | None = None
    """``None`` derives ``homeslm-<site>``."""
    keepalive_s: int = 30
    """MQTT keepalive interval in seconds."""
    reconnect_min_s: float = 1.0
    """First delay before reconnecting to a lost broker, in seconds; it doubles up to ``reconnect_max_s``."""
    reconnect_max_s: float = 2.0
    """Longest delay between reconnection attempts, in seconds. Small, so that the delay does not outlast a
    short broker outage by much (with 30 s, paho's doubling back-off added 4-11 s to a 10-20 s outage:
    issue 18); an attempt every 2 s against a broker that is away costs nothing worth saving."""
    queue_max: int = 1000
    """Commands kept while the broker is away; the oldest are reported failed beyond this."""
    queue_max_age_s: float = 300.0
    """Commands older than this when the broker returns are reported failed, not sent."""


@dataclass(frozen=True)
class Floor:
    """A floor and the areas on it."""

    name: str
    """Canonical floor name (normalised like every name, see :func:`normalize_name`)."""
    areas: tuple[str, ...] = ()
    """Canonical names of the areas on this floor; each is also in :attr:`Config.areas`."""


#: Possessives of common nouns, which keep their article ("the kids' lamp", "the dog's bed", "the son's room"); a
#: person's name's does not ("gemma's phone", "ella's room", "mum and dad's room").
_COMMON_POSSESSORS = frozenset({
    "kids", "kid's", "kids'", "children's", "childrens", "child's", "baby's", "babys", "dog's", "dogs", "dogs'",
    "cat's", "cats", "cats'", "guest's", "guests", "guests'", "boys'", "boy's", "girls'", "girl's", "parents'",
    "parent's", "master's", "owner's", "family's", "nanny's", "lady's", "ladies'", "men's", "women's", "visitor's",
    "visitors'", "son's", "sons'", "daughter's", "daughters'", "twins'", "twin's", "teenager's", "teenagers'",
    "grandparents'", "nurse's", "maid's", "butler's", "cook's", "housekeeper's", "au pair's", "lodger's", "tenant's"})


def with_article(name: str, capital: bool = False) -> str:
    """A device's or an area's name as an answer says it: "the ceiling light", "the kids' lamp"; a name with a
    person's possessive before its last word has no article ("Checking gemma's phone.", "in ella's room", "mum
    and dad's room", "nana's"). ``capital``: at the start of a sentence ("The ceiling light is on.", "Gemma's
    phone is charging.")."""
    words = name.lower().replace("\u2019", "'").split()
    person = any(w.endswith(("'s", "s'")) and w not in _COMMON_POSSESSORS for w in words[:-1] or words)
    if person:
        return name[:1].upper() + name[1:] if capital else name
    return f"{'The' if capital else 'the'} {name}"


@dataclass(frozen=True)
class Device:
    """One household device, addressed through one plugin."""

    name: str
    """What people say; the canonical name in intents (normalised, see :func:`normalize_name`)."""
    type: str
    """Home Assistant domain: light, switch, fan, cover, valve, climate, lock, media_player, sensor,
    binary_sensor, vacuum, scene, script, person."""
    plugin: str
    """Name of the plugin that drives it (``zigbee2mqtt``, ``tasmota``, ``mqtt``, ...)."""
    area: str | None = None
    """Canonical name of a configured area; ``None`` for things that live nowhere (scenes, scripts)."""
    aliases: tuple[str, ...] = ()
    """Other names people use, normalised. A name or alias may repeat only on devices of another area, type
    or device class (a command tells them apart by its room, the microphone's room or the action)."""
    device_class: str | None = None
    """Optional refinement: curtain, garage, blind, door, window, humidity, ..."""
    topic: str | None = None
    """Plugin-specific addressing (zigbee2mqtt friendly name, Tasmota topic, MQTT base topic)."""
    confirm: bool | tuple[str, ...] = False
    """Which actions on this device ask first ("Do you want me to unlock the front door?"): ``True``,
    the risky ones of its kind (unlocking a lock, opening a garage/door/gate cover; every change for
    kinds without a risky direction, such as an alarm panel a plugin disarms), see
    :mod:`homeslm.understanding.confirmation`; ``False`` or ``()``, none; a tuple of action names, exactly those."""
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Plugin-specific extra keys of this device (templates, value keys), as written in the YAML."""
    line: int | None = field(default=None, hash=False, compare=False)
    """Line of the device in the config file, for error messages."""


class Retrain(Enum):
    """Values of ``model.retrain``."""

    OFF = "off"
    AUTO = "auto"


@dataclass(frozen=True)
class ModelConfig:
    """The intent model."""

    path: str | None = None
    """Model directory from ``homeslm train``; ``None`` uses the default model shipped in the package."""
    threshold: float = 0.5
    """Parses with a confidence below this are answered "I did not understand" and do nothing."""
    threads: int = 1
    """CTranslate2 intra-op threads (1 is fastest at batch size 1 on small CPUs)."""
    retrain: Retrain = Retrain.OFF
    """``auto``: the daemon retrains the model for the home in the background (low priority, the old
    model serving meanwhile) when the plugin actions or devices differ from what it was trained on; needs
    the ``train`` extra (torch). ``off``: it only warns (see :mod:`homeslm.daemon.retrain`)."""


@dataclass(frozen=True)
class CommandsConfig:
    """Text commands arriving on ``homeslm/<site>/command`` (the ``commands:`` section)."""

    enabled: bool = True
    """``false``: the daemon does not subscribe to the command topic (voice only); restrict who may
    publish to it with the broker's ACL."""
    rate_per_s: float = 5.0
    """Commands run per second on average; more wait their turn (the broker holds them, unacknowledged),
    so a backlog delivered at once after an outage drains at this rate instead of being refused."""
    burst: int = 10
    """Commands run at once above that rate."""
    max_age_s: float = 60.0
    """Seconds: a command still waiting this long after the daemon received it is not run but answered as
    failed (``"error": "too_old"`` on the ``intent`` topic), and counted on ``homeslm/<site>/stats``."""
    remote_listen: bool = False
    """``true``: a message on ``homeslm/<site>/listen`` opens the microphone without the wake phrase
    (push-to-talk from a dashboard). Off by default: whoever can publish to the broker could otherwise
    listen to the room. When on (and ``enabled``), every remote opening plays the chime whatever
    ``voice.chime`` says, is published on ``homeslm/<site>/microphone`` and is rate-limited by
    ``remote_listen_interval_s``; when off, or with ``enabled: false``, the daemon does not subscribe to
    the listen topic."""
    remote_listen_interval_s: float = 10.0
    """Seconds, at least, between two remote openings of the microphone; those sooner are ignored (logged)."""
    publish_partials: bool = False
    """``true``: the recogniser's partial results while a command is spoken go out on
    ``homeslm/<site>/partial`` (a live display). Off by default: they carry whatever is said after the
    wake phrase, commands or not."""


@dataclass(frozen=True)
class Satellite:
    """A room served by this daemon over Hermes (a Rhasspy 2.5 satellite, or ``homeslm satellite``)."""

    site_id: str
    """Its Hermes ``siteId``: one MQTT topic level (``hermes/audioServer/<siteId>/audioFrame``), also its
    ``homeslm/<siteId>/...`` topics; never this daemon's own ``site``."""
    area: str | None = None
    """The room its microphone is in: "turn on the lights" said there means this area (``None``: no room)."""


@dataclass(frozen=True)
class HermesConfig:
    """Rhasspy 2.5 / Hermes compatibility (the ``hermes:`` section, off by default; docs/hermes.md)."""

    enabled: bool = False
    """``true``: take ``hermes/nlu/query`` and satellites' ``hermes/hotword/<id>/detected``, publish every
    executed intent on ``hermes/intent/<intentName>`` and the session, hotword and ASR messages."""
    satellites: tuple[Satellite, ...] = ()
    """The satellites this daemon serves (their site ids and rooms); messages of other site ids are ignored."""
    audio: bool = True
    """``true``: listen to the satellites' ``hermes/audioServer/<siteId>/audioFrame`` (wake phrase, end of
    speech and recognition per satellite, on this daemon) and answer on ``playBytes``; ``false``: text only."""
    stream_timeout_s: float = 2.0
    """Seconds without an audio frame from a satellite after which the utterance it was speaking is dropped
    (nothing runs) and its ``homeslm/<siteId>/status`` says ``offline`` until frames come again."""


@dataclass(frozen=True)
class HomeAssistantConfig:
    """Home Assistant MQTT discovery of homeslm itself (the ``homeassistant:`` section, off by default)."""

    discovery: bool = False
    """``true``: each site (this daemon's and every satellite's) is announced, retained, as a device with its
    status, last transcript, last response, a microphone mute switch and (with ``commands.remote_listen``)
    a listen button; a site removed from the config has its announcements removed."""
    prefix: str = "homeassistant"
    """Home Assistant's discovery prefix (``discovery_prefix`` of its MQTT integration)."""


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
    """This daemon's site id, used in MQTT topics ``homeslm/<site>/...``: one topic level of at most 64
    characters, without spaces, ``/``, ``+``, ``#`` or control characters."""
    area: str | None = None
    """The room this microphone is in: "turn on the lights" means here."""
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    language: str = "en"
    """Language of the spoken commands (ISO 639-1)."""
    temperature_unit: str = "celsius"
    """From ``units: {temperature: celsius|fahrenheit}``."""
    floors: tuple[Floor, ...] = ()
    areas: tuple[str, ...] = ()
    """Every configured area: the ``areas:`` list in its order, then areas named only under ``floors:``."""
    devices: tuple[Device, ...] = ()
    model: ModelConfig = field(default_factory=ModelConfig)
    plugins: PluginsConfig = field(default_factory=PluginsConfig)
    commands: CommandsConfig = field(default_factory=CommandsConfig)
    hermes: HermesConfig = field(default_factory=HermesConfig)
    homeassistant: HomeAssistantConfig = field(default_factory=HomeAssistantConfig)
    followup_window_s: float = 30.0
    """From ``followup: {window_s: ...}``, in seconds: how long "turn it off" / "and the bedroom too" refer to the previous command."""
    voice: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Voice front end settings (audio device, wake phrase, recogniser) as written; read once into
    :attr:`voice_settings`, which is what the voice front end and the plugins get."""
    source: str | None = None
    """Path of the YAML file this came from."""
    key_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False, repr=False)
    """Line of every key in the file (``"devices[3].topic"`` -> 14); empty when built from a dict."""

    def error(self, key: str, problem: str) -> ConfigError:
        """A :class:`ConfigError` (to raise) at a key path such as ``voice.device`` or
        ``plugins.zigbee2mqtt.base_topic``, with the line it was written on (or its nearest parent's).

        For sections that other modules validate (voice, plugin settings, device options).
        """
        where = key
        while where not in self.key_lines:
            parent = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", where)
            if parent == where:
                break
            where = parent
        return ConfigError(problem, file=self.source, line=self.key_lines.get(where), key=key)

    @cached_property
    def voice_settings(self) -> VoiceSettings:
        """The ``voice:`` section as :class:`homeslm.config.voice.VoiceSettings`, checked on first use and
        kept (a wrong section raises its :class:`ConfigError`, at the file, line and key, each time it is
        asked for: only the voice front end needs it, so a text-only daemon runs with it)."""
        return VoiceSettings.from_config(self)

    def device(self, name: str) -> Device | None:
        """The device with this canonical name (compared after :func:`normalize_name`), or ``None``."""
        key = normalize_name(name)
        for dev in self.devices:
            if dev.name == key:
                return dev
        return None

    def floor_of(self, area: str) -> str | None:
        """The name of the floor this area is on, or ``None``."""
        key = normalize_name(area)
        for fl in self.floors:
            if key in fl.areas:
                return fl.name
        return None


# --------------------------------------------------------------------------------------------------
# Public functions


def normalize_name(text: str) -> str:
    """The canonical form of a spoken name: stripped, inner whitespace collapsed, lowercased."""
    return " ".join(text.split()).lower()

