"""The soak's MQTT clients: the simulated zigbee2mqtt devices (which also observe the daemon's answers)
and the sender of the commands, both with persistent sessions."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from homeslm.benchmarks.soak.broker import LOOPBACK
from homeslm.benchmarks.soak.plan import BASE_TOPIC, PlannedCommand


@dataclass
class Received:
    topic: str
    payload: bytes
    at_s: float
    """``time.monotonic()`` on arrival."""


# --------------------------------------------------------------------------------------------------
# MQTT clients of the soak: the devices/observer and the sender


def _persistent_client(name: str) -> Any:
    import paho.mqtt.client as paho
    from paho.mqtt.enums import CallbackAPIVersion

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"homeslm-soak-{name}-{os.getpid()}",
                         protocol=paho.MQTTv5)
    client.reconnect_delay_set(0.1, 1.0)  # type: ignore[arg-type]  # floats work
    client.max_inflight_messages_set(100)
    return client


def _connect(client: Any, port: int) -> None:
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = 3600  # the broker keeps our session (and queues for it) across a restart
    client.connect_async(LOOPBACK, port, keepalive=30, clean_start=False, properties=props)
    client.loop_start()


class Devices:
    """Simulated zigbee2mqtt devices plus an observer of the daemon's answers."""

    def __init__(self, port: int, site: str) -> None:
        self.port = port
        self.site = site
        self.device_messages: list[Received] = []
        self.responses: list[Received] = []
        self.intents: list[Received] = []
        self.statuses: list[Received] = []
        self._cond = threading.Condition()
        self._subscribed = threading.Event()
        self.client = _persistent_client("devices")
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    def start(self, timeout_s: float = 10.0) -> None:
        _connect(self.client, self.port)
        if not self._subscribed.wait(timeout_s):
            raise SystemExit(f"the simulated devices could not subscribe on port {self.port} within {timeout_s} s")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if reason.is_failure:
            return
        if flags.session_present:
            self._subscribed.set()
            return
        client.subscribe([(f"{BASE_TOPIC}/+/set", 1), (f"homeslm/{self.site}/response", 1),
                          (f"homeslm/{self.site}/intent", 1), (f"homeslm/{self.site}/status", 1)])

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, reasons: Any, properties: Any) -> None:
        self._subscribed.set()

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        received = Received(message.topic, bytes(message.payload), time.monotonic())
        topic: str = message.topic
        with self._cond:
            if topic.startswith(BASE_TOPIC + "/"):
                self.device_messages.append(received)
            elif topic.endswith("/response"):
                self.responses.append(received)
            elif topic.endswith("/intent"):
                self.intents.append(received)
            elif topic.endswith("/status"):
                self.statuses.append(received)
            self._cond.notify_all()
        if topic.startswith(BASE_TOPIC + "/") and topic.endswith("/set"):
            # zigbee2mqtt answers a command with the device's new state on <base>/<name>
            try:
                state = json.loads(received.payload)
            except ValueError:
                return
            if isinstance(state, dict):
                client.publish(topic[: -len("/set")], json.dumps(state), qos=0)

    def answered_ids(self) -> set[int]:
        with self._cond:
            responses = list(self.responses)
        ids = set()
        for message in responses:
            try:
                data = json.loads(message.payload)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), int):
                ids.add(data["id"])
        return ids

    def wait_answers(self, ids: set[int], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if ids <= self.answered_ids():
                return
            with self._cond:
                self._cond.wait(0.2)


class Sender:
    """Publishes the commands (QoS 1, persistent session: paho keeps what the broker has not acknowledged
    and sends it again after a reconnect)."""

    def __init__(self, port: int, site: str) -> None:
        self.port = port
        self.topic = f"homeslm/{site}/command"
        self.client = _persistent_client("sender")
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._mid_to_index: dict[int, int] = {}
        self._early_acks: set[int] = set()
        self.acked: set[int] = set()
        self.client.on_connect = lambda c, u, f, reason, p: self._connected.set() if not reason.is_failure else None
        self.client.on_publish = self._on_publish

    def start(self, timeout_s: float = 10.0) -> None:
        _connect(self.client, self.port)
        if not self._connected.wait(timeout_s):
            raise SystemExit(f"the soak sender could not connect on port {self.port} within {timeout_s} s")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, command: PlannedCommand) -> None:
        # Never hold our lock while calling into paho: paho calls on_publish holding its own lock.
        info = self.client.publish(self.topic, json.dumps({"text": command.text, "id": command.index}), qos=1)
        with self._lock:
            if info.mid in self._early_acks:  # acknowledged before publish() returned
                self._early_acks.discard(info.mid)
                self.acked.add(command.index)
            else:
                self._mid_to_index[info.mid] = command.index

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        with self._lock:
            index = self._mid_to_index.pop(mid, None)
            if index is None:
                self._early_acks.add(mid)
            else:
                self.acked.add(index)
