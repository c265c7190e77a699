"""Fixtures for the built-in plugin tests: a home wired to the real ``mosquitto`` broker.

``make_home(modules, devices, settings=None)`` builds a plugin manager with only the given plugin
modules, an :class:`ActionRegistry` on a started :class:`MqttClient` and calls ``daemon_started``;
``home.do(action, device=..., value=..., unit=...)`` runs one intent through the registry.
``device_bus`` publishes what devices would publish (state, retained or not).
Every test uses its own topics (``uid``), so retained messages of other tests never interfere.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from homeslm import ActionResult, Intent
from homeslm.config.model import Config, Device, PluginsConfig
from homeslm.mqtt import MqttClient
from homeslm.plugins import ActionRegistry, build_plugin_manager

TIMEOUT_S = 10.0


@dataclass
class Home:
    registry: ActionRegistry
    config: Config
    mqtt: MqttClient
    announced: list[str] = field(default_factory=list)
    announced_event: threading.Event = field(default_factory=threading.Event)

    def do(self, action: str, device: str | None = None, *, value: Any = None, unit: str | None = None,
           domain: str | None = None, timeout_s: float = TIMEOUT_S) -> ActionResult:
        dev = self.config.device(device) if device is not None else None
        intent = Intent(action=action, device=device, area=dev.area if dev else None,
                        domain=dev.type if dev else domain, value=value, unit=unit)
        return self.registry.execute(intent, dev, timeout_s=timeout_s)

    def announce(self, text: str) -> None:
        self.announced.append(text)
        self.announced_event.set()

    def wait_announced(self, timeout_s: float = 5.0) -> str:
        if not self.announced_event.wait(timeout_s):
            pytest.fail(f"nothing was announced within {timeout_s} s")
        self.announced_event.clear()
        return self.announced[-1]

    def wait_state(self, plugin: str, key: str, since: int, timeout_s: float = 5.0) -> dict[str, Any]:
        """Wait until the plugin's state cache has an update of ``key`` newer than version ``since``."""
        st = self.registry.state_for(plugin).wait_for_update(key, since, timeout_s)
        if st is None:
            pytest.fail(f"plugin {plugin}: no state for {key!r} within {timeout_s} s")
        return st


@pytest.fixture
def uid() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def mqtt_client(mosquitto: Any, uid: str) -> Iterator[MqttClient]:
    if not mosquitto.running:
        mosquitto.start()
    client = MqttClient(mosquitto.mqtt_config(), site=f"plugins-{uid}")
    client.start()
    if not client.wait_connected(TIMEOUT_S):
        pytest.fail(f"MqttClient did not connect to the test broker on port {mosquitto.port}")
    yield client
    client.stop()


class DeviceBus:
    """Publishes as the devices would (a separate client, like a real zigbee2mqtt or Tasmota)."""

    def __init__(self, client: MqttClient) -> None:
        self.client = client

    def publish(self, topic: str, payload: str | dict[str, Any], *, retain: bool = False) -> None:
        ticket = self.client.publish(topic, payload, qos=1, retain=retain)
        if not ticket.wait(TIMEOUT_S):
            pytest.fail(f"the broker did not acknowledge device state on {topic}")

    def respond(self, topic_filter: str, answer: Callable[[str, bytes], tuple[str, str | dict[str, Any]] | None]) -> None:
        """Answer requests on ``topic_filter`` like a device: ``answer(topic, payload) -> (topic, payload)``."""

        def on_request(topic: str, payload: bytes) -> None:
            reply = answer(topic, payload)
            if reply is not None:
                self.client.publish(reply[0], reply[1], qos=1)

        self.client.subscribe(topic_filter, on_request)
        if not self.client.wait_subscribed(TIMEOUT_S):
            pytest.fail(f"device bus did not subscribe to {topic_filter}")


@pytest.fixture
def device_bus(mosquitto: Any, uid: str) -> Iterator[DeviceBus]:
    client = MqttClient(mosquitto.mqtt_config(), site=f"devices-{uid}")
    client.start()
    if not client.wait_connected(TIMEOUT_S):
        pytest.fail("device client did not connect")
    yield DeviceBus(client)
    client.stop()


@pytest.fixture
def make_home(mqtt_client: MqttClient, uid: str) -> Iterator[Callable[..., Home]]:
    homes: list[Home] = []

    def make(modules: Sequence[ModuleType | str], devices: Sequence[Device],
             settings: dict[str, dict[str, Any]] | None = None, *, start: bool = True) -> Home:
        pm = build_plugin_manager(modules, load_entry_points=False)
        config = Config(site=f"plugins-{uid}", devices=tuple(devices), plugins=PluginsConfig(settings=settings or {}))
        home = Home(registry=None, config=config, mqtt=mqtt_client)  # type: ignore[arg-type]
        home.registry = ActionRegistry(pm, config, mqtt=mqtt_client, announce=home.announce)
        if start:
            home.registry.daemon_started()
            if not mqtt_client.wait_subscribed(TIMEOUT_S):
                pytest.fail("the plugins' subscriptions were not acknowledged")
        homes.append(home)
        return home

    yield make
    for home in homes:
        home.registry.daemon_stopping()
