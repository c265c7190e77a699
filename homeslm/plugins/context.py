"""What a plugin gets of the daemon: :class:`PluginContext` (``daemon_started`` / ``daemon_stopping``),
its :class:`StateCache`, the MQTT client as :class:`MqttLike`, and :func:`default_state_dir`."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from homeslm.config.model import Config

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The most keys kept per device by a :class:`StateCache`; keys beyond are dropped (a device state topic
#: that merged a million keys grew the daemon by 170 MB).
MAX_STATE_KEYS = 256
#: The longest key kept, in characters.
MAX_STATE_KEY_CHARS = 128
#: The largest value kept, in characters of its text (nested lists and dicts counted through); a larger
#: value is dropped and the key forgotten, so no stale value stays behind.
MAX_STATE_VALUE_CHARS = 4096
#: The most devices (keys of the cache) kept; state of further devices is dropped.
MAX_STATE_DEVICES = 4096
#: At most one warning about dropped state per cache in this many seconds.
STATE_WARNING_INTERVAL_S = 60.0


def _too_large(value: Any, limit: int) -> bool:
    """Whether ``value``'s text (strings, numbers, nested lists and dicts) is over ``limit`` characters;
    stops counting as soon as it is."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, Mapping):
            total += 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            total += len(item) + 2
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1  # about its decimal digits, without converting it
        else:
            total += 8
        if total > limit:
            return True
    return False


class MqttLike(Protocol):
    """What plugins use of :class:`homeslm.mqtt.MqttClient`."""

    def publish(self, topic: str, payload: str | bytes | dict[str, Any], *, qos: int = 1, retain: bool = False) -> Any: ...

    def subscribe(self, topic_filter: str, callback: Callable[[str, bytes], None], qos: int = 1) -> Any: ...


class StateCache:
    """One plugin's thread-safe cache of device state, plus its long-lived helper objects.

    Keys are whatever the plugin addresses devices by (a zigbee2mqtt friendly name, a Tasmota topic).
    Values are dicts, merged on :meth:`update`. Each key has a version that grows on every update,
    so a handler can ask for a refresh and wait for the answer (:meth:`wait_for_update`).

    What is kept is bounded, whatever devices publish: at most :data:`MAX_STATE_DEVICES` devices, each
    with at most :data:`MAX_STATE_KEYS` keys of at most :data:`MAX_STATE_KEY_CHARS` characters and values
    of at most :data:`MAX_STATE_VALUE_CHARS`; the rest is dropped, with a warning at most once every
    :data:`STATE_WARNING_INTERVAL_S` seconds that counts what was dropped.
    """

    def __init__(self, plugin: str = "") -> None:
        self.plugin = plugin
        """The plugin this cache belongs to (named in warnings)."""
        self._cond = threading.Condition()
        self._states: dict[str, dict[str, Any]] = {}
        self._versions: dict[str, int] = {}
        self._resources: dict[str, Any] = {}
        self.dropped = 0
        """How many keys (or whole device updates) were dropped for being over the limits."""
        self._last_warning_s = -1e9
        self._dropped_since_warning = 0

    def get(self, key: str) -> dict[str, Any] | None:
        """A copy of the cached state of ``key``, or ``None`` when nothing was seen yet."""
        with self._cond:
            st = self._states.get(key)
            return dict(st) if st is not None else None

    def version(self, key: str) -> int:
        """How many updates ``key`` has had (0: none)."""
        with self._cond:
            return self._versions.get(key, 0)

    def update(self, key: str, values: Mapping[str, Any], *, replace: bool = False) -> None:
        """Merge ``values`` into the state of ``key`` (or replace it) and wake waiting handlers; what is over
        the limits (see the class) is dropped."""
        with self._cond:
            if key not in self._states and len(self._states) >= MAX_STATE_DEVICES:
                self._drop(key, 1, f"more than {MAX_STATE_DEVICES} devices")
                return
            if replace or key not in self._states:
                self._states[key] = {}
            state = self._states[key]
            dropped = 0
            for name, value in values.items():
                if (not isinstance(name, str) or len(name) > MAX_STATE_KEY_CHARS
                        or (name not in state and len(state) >= MAX_STATE_KEYS)):
                    dropped += 1
                elif _too_large(value, MAX_STATE_VALUE_CHARS):
                    state.pop(name, None)
                    dropped += 1
                else:
                    state[name] = value
            if dropped:
                self._drop(key, dropped, f"over {MAX_STATE_KEYS} keys, keys over {MAX_STATE_KEY_CHARS} characters "
                                         f"or values over {MAX_STATE_VALUE_CHARS} characters")
            self._versions[key] = self._versions.get(key, 0) + 1
            self._cond.notify_all()

    def _drop(self, key: str, count: int, why: str) -> None:
        """Count dropped state and warn at most once every :data:`STATE_WARNING_INTERVAL_S` (lock held)."""
        self.dropped += count
        self._dropped_since_warning += count
        now = time.monotonic()
        if now - self._last_warning_s >= STATE_WARNING_INTERVAL_S:
            logger.warning("plugin %s: dropped %d keys of device state (%s; latest from %r; %d dropped so far): "
                           "a device publishes more state than is kept", self.plugin or "?",
                           self._dropped_since_warning, why, key[:MAX_STATE_KEY_CHARS], self.dropped)
            self._last_warning_s = now
            self._dropped_since_warning = 0

    def wait_for_update(self, key: str, since: int, timeout_s: float) -> dict[str, Any] | None:
        """Wait until ``key`` has a version above ``since``; its state, or ``None`` on timeout."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._versions.get(key, 0) > since, timeout=timeout_s):
                return None
            return dict(self._states[key])

    def keys(self) -> list[str]:
        with self._cond:
            return list(self._states)

    def resource(self, name: str, factory: Callable[[], T]) -> T:
        """The plugin's long-lived object ``name`` (a scheduler, a flag), made by ``factory`` on first use."""
        with self._cond:
            if name not in self._resources:
                self._resources[name] = factory()
            return self._resources[name]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PluginContext:
    """What ``daemon_started`` / ``daemon_stopping`` receive: one plugin's view of the daemon."""

    plugin: str
    """This plugin's name."""
    config: Config
    settings: dict[str, Any]
    """This plugin's settings block (``plugins: {<name>: {...}}`` in the config; ``{}`` when absent)."""
    mqtt: MqttLike | None
    """The MQTT client, or ``None`` when running without a broker."""
    state: StateCache
    """This plugin's state cache, the one its handlers receive as ``state``."""
    announce: Callable[[str], None]
    """Speak and publish a message now (timer ends, alarms); never raises."""
    state_dir: Path | None = None
    """Where this plugin may keep files across restarts and reloads: the daemon's state directory
    (:func:`default_state_dir`), shared by all plugins, so name files after the plugin; it may not
    exist yet. ``None`` when not running as the daemon (one-shot commands, tests): keep nothing then."""


def default_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The daemon's state directory: systemd's ``$STATE_DIRECTORY`` (the unit's ``StateDirectory=homeslm``,
    ``/var/lib/homeslm``; the first when it lists several), else ``$XDG_STATE_HOME/homeslm``, else
    ``~/.local/state/homeslm``. Nothing is created here."""
    env = os.environ if environ is None else environ
    systemd = env.get("STATE_DIRECTORY", "")
    if systemd:
        return Path(systemd.split(":")[0])
    xdg = env.get("XDG_STATE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is invalid and ignored
        return Path(xdg) / "homeslm"
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".local" / "state" / "homeslm"
