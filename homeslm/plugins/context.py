"""What a plugin gets of the daemon: :class:`PluginContext` (``daemon_started`` / ``daemon_stopping``),
its :class:`StateCache`, the MQTT client as :class:`MqttLike`, and :func:`default_state_dir`."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from homeslm.config.model import Config

T = TypeVar("T")


class MqttLike(Protocol):
    """What plugins use of :class:`homeslm.mqtt.MqttClient`."""

    def publish(self, topic: str, payload: str | bytes | dict[str, Any], *, qos: int = 1, retain: bool = False) -> Any: ...

    def subscribe(self, topic_filter: str, callback: Callable[[str, bytes], None], qos: int = 1) -> Any: ...


class StateCache:
    """One plugin's thread-safe cache of device state, plus its long-lived helper objects.

    Keys are whatever the plugin addresses devices by (a zigbee2mqtt friendly name, a Tasmota topic).
    Values are dicts, merged on :meth:`update`. Each key has a version that grows on every update,
    so a handler can ask for a refresh and wait for the answer (:meth:`wait_for_update`).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._states: dict[str, dict[str, Any]] = {}
        self._versions: dict[str, int] = {}
        self._resources: dict[str, Any] = {}

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
        """Merge ``values`` into the state of ``key`` (or replace it) and wake waiting handlers."""
        with self._cond:
            if replace or key not in self._states:
                self._states[key] = dict(values)
            else:
                self._states[key].update(values)
            self._versions[key] = self._versions.get(key, 0) + 1
            self._cond.notify_all()

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
