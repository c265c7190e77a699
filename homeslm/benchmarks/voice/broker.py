"""The broker side of ``homeslm bench voice``: one MQTT client that records every message and plays the
configured devices (zigbee2mqtt, Tasmota, generic MQTT)."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from homeslm.config.model import Config

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


# --------------------------------------------------------------------------------------------------
# The broker side: a recorder of everything published, and simulated devices


@dataclass(frozen=True)
class Message:
    topic: str
    payload: bytes
    at: float
    """``time.monotonic()`` on arrival."""

    def json(self) -> Any:
        try:
            return json.loads(self.payload)
        except ValueError:
            return None


def _device_state(device_type: str) -> dict[str, Any]:
    states: dict[str, dict[str, Any]] = {
        "light": {"state": "OFF", "brightness": 128, "color_temp": 300},
        "cover": {"state": "CLOSE", "position": 0},
        "lock": {"state": "LOCK", "lock_state": "locked"},
        "climate": {"local_temperature": 20.5, "occupied_heating_setpoint": 20, "system_mode": "heat"},
        "sensor": {"temperature": 12.5, "humidity": 70, "battery": 90},
        "binary_sensor": {"contact": True, "battery": 90},
    }
    return dict(states.get(device_type, {"state": "OFF"}))


class BrokerSide:
    """One MQTT client that records every message (``#``) and plays the configured devices.

    Device commands are the messages the daemon's plugins publish to devices: anything outside
    ``homeslm/`` that is neither a state query (``.../get``, Tasmota ``STATE``/``STATUS``) nor a state
    this simulator published.
    """

    def __init__(self, port: int, config: Config) -> None:
        import paho.mqtt.client as paho
        from paho.mqtt.enums import CallbackAPIVersion

        self.port = port
        self._lock = threading.Condition()
        self.messages: list[Message] = []
        self._own_topics: set[str] = set()
        settings = config.plugins.settings.get("zigbee2mqtt", {})
        self._z2m_base = str(settings.get("base_topic", "zigbee2mqtt"))
        self._z2m: dict[str, dict[str, Any]] = {}
        self._tasmota: set[str] = set()
        self._generic: dict[str, dict[str, Any]] = {}
        for dev in config.devices:
            topic = dev.topic or dev.name
            if dev.plugin == "zigbee2mqtt":
                self._z2m[topic] = _device_state(dev.type)
            elif dev.plugin == "tasmota":
                self._tasmota.add(topic)
            elif dev.plugin == "mqtt":
                state_topic = str(dev.options.get("state_topic", topic))
                self._generic[state_topic] = ({"state": "playing"} if dev.type == "media_player"
                                              else {"temperature": 20.5} if dev.type == "climate" else {"state": "off"})
        self._subscribed = threading.Event()
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"homeslm-bench-voice-{os.getpid()}")
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_message = self._on_message

    def start(self, timeout_s: float = 10.0) -> None:
        self.client.connect_async(LOOPBACK, self.port, keepalive=30)
        self.client.loop_start()
        if not self._subscribed.wait(timeout_s):
            raise SystemExit(f"could not subscribe to the benchmark's broker on port {self.port} within {timeout_s} s")
        for name, state in self._z2m.items():
            self._publish(f"{self._z2m_base}/{name}", state)
        for state_topic, state in self._generic.items():
            self._publish(state_topic, state)

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        client.subscribe("#", qos=1)

    def _publish(self, topic: str, payload: dict[str, Any]) -> None:
        self._own_topics.add(topic)
        self.client.publish(topic, json.dumps(payload), qos=1, retain=True)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        received = Message(message.topic, bytes(message.payload), time.monotonic())
        with self._lock:
            self.messages.append(received)
            self._lock.notify_all()
        try:
            self._simulate(received)
        except Exception:  # boundary: one simulated device answer; the recording goes on
            logger.exception("simulated device failed on %s", received.topic)

    def _simulate(self, msg: Message) -> None:
        parts = msg.topic.split("/")
        if msg.topic.startswith(self._z2m_base + "/") and parts[-1] in ("set", "get"):
            name = msg.topic[len(self._z2m_base) + 1 : -len(parts[-1]) - 1]
            if name in self._z2m:
                data = msg.json()
                if parts[-1] == "set" and isinstance(data, dict):
                    self._z2m[name].update(data)
                self._publish(f"{self._z2m_base}/{name}", self._z2m[name])
        elif len(parts) == 3 and parts[0] == "cmnd" and parts[1] in self._tasmota:
            command = parts[2].upper()
            if command == "STATUS":
                self._publish(f"stat/{parts[1]}/STATUS10", {"StatusSNS": {"Temperature": 21.0}})
            elif command == "STATE":
                self._publish(f"stat/{parts[1]}/RESULT", {"POWER": "OFF", "Dimmer": 50})
            else:
                self._publish(f"stat/{parts[1]}/RESULT", {command: msg.payload.decode("utf-8", "replace")})

    def is_device_command(self, msg: Message) -> bool:
        parts = msg.topic.split("/")
        if parts[0] in ("homeslm", "stat", "tele") or msg.topic in self._own_topics or parts[-1] == "get":
            return False
        return not (parts[0] == "cmnd" and parts[-1].upper() in ("STATE", "STATUS"))

    def mark(self) -> int:
        with self._lock:
            return len(self.messages)

    def since(self, mark: int) -> list[Message]:
        with self._lock:
            return self.messages[mark:]

    def wait(self, predicate: Callable[[list[Message]], bool], mark: int, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while not predicate(self.messages[mark:]):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
            return True
