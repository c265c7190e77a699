"""MqttClient against real mosquitto brokers on loopback (see conftest.py)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from homeslm.config.loader import config_from_dict
from homeslm.config.model import MqttConfig, TlsConfig
from homeslm.config.parse import SITE_MAX_CHARS
from homeslm.mqtt import (
    OFFLINE,
    ONLINE,
    MqttClient,
    OutgoingMessage,
    command_topic,
    encode_payload,
    intent_topic,
    listen_topic,
    response_topic,
    status_topic,
    transcript_topic,
)

WAIT_S = 10.0


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.01)


class Inbox:
    """Collects what a subscriber callback gets; ``wait_count`` waits with a timeout."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []
        self._cv = threading.Condition()

    def __call__(self, topic: str, payload: bytes) -> None:
        with self._cv:
            self.items.append((topic, payload))
            self._cv.notify_all()

    def wait_count(self, n: int, timeout_s: float = WAIT_S) -> list[tuple[str, bytes]]:
        with self._cv:
            if not self._cv.wait_for(lambda: len(self.items) >= n, timeout=timeout_s):
                pytest.fail(f"expected {n} messages within {timeout_s} s, got {self.items}")
            return list(self.items)


class Failures:
    """An ``on_failed`` callback that records (message, reason)."""

    def __init__(self) -> None:
        self.items: list[tuple[OutgoingMessage, str]] = []
        self._cv = threading.Condition()

    def __call__(self, message: OutgoingMessage, reason: str) -> None:
        with self._cv:
            self.items.append((message, reason))
            self._cv.notify_all()

    def wait_count(self, n: int, timeout_s: float = WAIT_S) -> list[tuple[OutgoingMessage, str]]:
        with self._cv:
            if not self._cv.wait_for(lambda: len(self.items) >= n, timeout=timeout_s):
                pytest.fail(f"expected {n} failures within {timeout_s} s, got {self.items}")
            return list(self.items)


class ConnectionLog:
    """A connection listener recording every change."""

    def __init__(self) -> None:
        self.events: list[bool] = []
        self._cv = threading.Condition()

    def __call__(self, connected: bool) -> None:
        with self._cv:
            self.events.append(connected)
            self._cv.notify_all()

    def wait_for(self, sequence: list[bool], timeout_s: float = WAIT_S) -> None:
        """Wait for ``sequence`` of events; a leading ``True`` may be missing, since the client can
        connect before the test adds this listener."""

        def seen() -> bool:
            n = len(sequence)
            if self.events[:n] == sequence:
                return True
            return bool(sequence) and sequence[0] and n > 1 and self.events[: n - 1] == sequence[1:]

        with self._cv:
            if not self._cv.wait_for(seen, timeout=timeout_s):
                pytest.fail(f"expected connection events {sequence} within {timeout_s} s, got {self.events}")


class FakeClock:
    """A monotonic clock the test moves forward (ages queued messages without sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def make_client() -> Iterator[Callable[..., MqttClient]]:
    """Build MqttClients and stop them after the test."""
    clients: list[MqttClient] = []

    def make(config: MqttConfig, *, site: str | None = None, start: bool = True, **kwargs: Any) -> MqttClient:
        client = MqttClient(config, site=site or unique("site"), **kwargs)
        clients.append(client)
        if start:
            client.start()
        return client

    yield make
    for client in clients:
        client.stop(timeout_s=2.0)


def retained_payload(broker: Any, topic: str, timeout_s: float = WAIT_S) -> bytes:
    """The retained message on ``topic`` as a fresh subscriber sees it."""
    got: list[bytes] = []
    done = threading.Event()

    def on_message(client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        if message.retain:
            got.append(bytes(message.payload))
            done.set()

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=unique("probe"))
    broker.configure_paho(client)
    client.on_message = on_message
    client.on_connect = lambda c, u, f, r, p: c.subscribe(topic, qos=1)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        if not done.wait(timeout_s):
            pytest.fail(f"no retained message on {topic} within {timeout_s} s")
    finally:
        client.disconnect()
        client.loop_stop()
    return got[0]


def publish_from_other_client(broker: Any, topic: str, payload: bytes) -> None:
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=unique("other"))
    broker.configure_paho(client)
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        client.publish(topic, payload, qos=1).wait_for_publish(WAIT_S)
    finally:
        client.disconnect()
        client.loop_stop()


# ------------------------------------------------------------------------------------------------
# Pure helpers
# ------------------------------------------------------------------------------------------------


def test_site_topics_follow_the_design() -> None:
    assert status_topic("kitchen") == "homeslm/kitchen/status"
    assert command_topic("kitchen") == "homeslm/kitchen/command"
    assert listen_topic("kitchen") == "homeslm/kitchen/listen"
    assert transcript_topic("kitchen") == "homeslm/kitchen/transcript"
    assert intent_topic("kitchen") == "homeslm/kitchen/intent"
    assert response_topic("kitchen") == "homeslm/kitchen/response"


@pytest.mark.parametrize("site", ["", "a/b", "+", "room#1"])
def test_site_that_is_not_one_topic_level_is_refused(site: str) -> None:
    with pytest.raises(ValueError, match="site"):
        status_topic(site)


def test_the_longest_site_id_the_config_takes_connects_and_publishes(
    mosquitto: Any, mqtt_recorder: Any, make_client: Callable[..., MqttClient]
) -> None:
    """What passes ``homeslm check`` must work in ``homeslm run`` (a 70,000-character site crashed it)."""
    site = config_from_dict({"site": ("küche-" + uuid.uuid4().hex + "ß" * SITE_MAX_CHARS)[:SITE_MAX_CHARS]}).site
    assert len(site) == SITE_MAX_CHARS
    client = make_client(mosquitto.mqtt_config(), site=site)
    assert client.wait_connected(WAIT_S)
    inbox = Inbox()
    client.subscribe(command_topic(site), inbox)
    assert client.wait_subscribed(WAIT_S)
    assert client.publish(response_topic(site), {"text": "ok"}, qos=1).wait(WAIT_S)
    assert mqtt_recorder.wait_for(response_topic(site)).json() == {"text": "ok"}
    publish_from_other_client(mosquitto, command_topic(site), b"turn on the light")
    assert inbox.wait_count(1) == [(command_topic(site), b"turn on the light")]


def test_payloads_are_encoded_and_bad_input_is_refused(mosquitto: Any) -> None:
    assert encode_payload({"state": "ON", "name": "café"}) == json.dumps({"state": "ON", "name": "café"}, ensure_ascii=False).encode()
    assert encode_payload([1, 2]) == b"[1, 2]"
    assert encode_payload("héllo") == "héllo".encode()
    assert encode_payload(b"\x00\x01") == b"\x00\x01"
    with pytest.raises(TypeError, match="payload"):
        encode_payload(3.5)  # type: ignore[arg-type]
    client = MqttClient(mosquitto.mqtt_config(), site=unique("site"))
    with pytest.raises(ValueError, match="wildcards"):
        client.publish("a/+/b", "x")
    with pytest.raises(ValueError, match="QoS"):
        client.publish("a/b", "x", qos=3)
    with pytest.raises(ValueError, match="'#' must be the whole last level"):
        client.subscribe("a/#/b", lambda t, p: None)
    client.stop()


# ------------------------------------------------------------------------------------------------
# Normal operation
# ------------------------------------------------------------------------------------------------


def test_publish_subscribe_round_trip(mosquitto: Any, mqtt_recorder: Any, make_client: Callable[..., MqttClient]) -> None:
    base = unique("roundtrip")
    client = make_client(mosquitto.mqtt_config())
    inbox = Inbox()
    client.subscribe(f"{base}/in/+", inbox)
    assert client.wait_subscribed(WAIT_S)

    publish_from_other_client(mosquitto, f"{base}/in/lamp", b"ON")
    assert inbox.wait_count(1) == [(f"{base}/in/lamp", b"ON")]

    ticket = client.publish(f"{base}/out", {"state": "ON", "brightness": 30})
    assert ticket.wait(WAIT_S)
    got = mqtt_recorder.wait_for(f"{base}/out")
    assert got.json() == {"state": "ON", "brightness": 30}
    assert got.qos == 1

    ticket0 = client.publish(f"{base}/q0", "plain", qos=0)
    assert ticket0.wait(WAIT_S)
    assert mqtt_recorder.wait_for(f"{base}/q0").payload == b"plain"


def test_qos1_publish_is_acknowledged_by_the_broker(mosquitto: Any, make_client: Callable[..., MqttClient]) -> None:
    client = make_client(mosquitto.mqtt_config())
    assert client.wait_connected(WAIT_S)
    ticket = client.publish(unique("ack") + "/x", b"1", qos=1)
    assert ticket.wait(WAIT_S)
    assert ticket.acknowledged and ticket.failure is None


def test_online_is_retained_and_stop_publishes_offline(mosquitto: Any, mqtt_recorder: Any, make_client: Callable[..., MqttClient]) -> None:
    site = unique("site")
    client = make_client(mosquitto.mqtt_config(), site=site)
    assert client.wait_connected(WAIT_S)
    assert mqtt_recorder.wait_for(status_topic(site)).payload == ONLINE.encode()
    assert retained_payload(mosquitto, status_topic(site)) == ONLINE.encode()

    client.stop()
    client.stop()  # idempotent
    assert not client.connected
    mqtt_recorder.wait_for(lambda m: m.topic == status_topic(site) and m.payload == OFFLINE.encode())
    assert retained_payload(mosquitto, status_topic(site)) == OFFLINE.encode()


CRASHING_CLIENT = """
import sys, threading
from homeslm.config.model import MqttConfig
from homeslm.mqtt import MqttClient
client = MqttClient(MqttConfig(host=sys.argv[1], port=int(sys.argv[2]), keepalive_s=60), site=sys.argv[3])
client.start()
if not client.wait_connected(10):
    sys.exit("not connected")
print("connected", flush=True)
threading.Event().wait(60)
"""


def test_last_will_reports_offline_when_the_process_dies(mosquitto: Any, mqtt_recorder: Any) -> None:
    site = unique("site")
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHING_CLIENT, mosquitto.host, str(mosquitto.port), site],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "connected"
        mqtt_recorder.wait_for(lambda m: m.topic == status_topic(site) and m.payload == ONLINE.encode())
        proc.kill()  # no DISCONNECT packet: the broker publishes the will
        proc.wait(timeout=WAIT_S)
        mqtt_recorder.wait_for(lambda m: m.topic == status_topic(site) and m.payload == OFFLINE.encode())
        assert retained_payload(mosquitto, status_topic(site)) == OFFLINE.encode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=WAIT_S)


def test_raising_subscriber_is_logged_and_the_next_message_still_arrives(
    mosquitto: Any, make_client: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="homeslm.mqtt")
    base = unique("raising")
    client = make_client(mosquitto.mqtt_config())
    calls: list[bytes] = []

    def explode_on_first(topic: str, payload: bytes) -> None:
        calls.append(payload)
        if len(calls) == 1:
            raise RuntimeError("subscriber bug")

    healthy = Inbox()
    client.subscribe(f"{base}/#", explode_on_first)
    client.subscribe(f"{base}/#", healthy)
    assert client.wait_subscribed(WAIT_S)

    publish_from_other_client(mosquitto, f"{base}/a", b"first")
    publish_from_other_client(mosquitto, f"{base}/b", b"second")
    assert [p for _, p in healthy.wait_count(2)] == [b"first", b"second"]
    assert calls == [b"first", b"second"]
    errors = [r for r in caplog.records if r.exc_info and "subscriber bug" in str(r.exc_info[1])]
    assert len(errors) == 1
    assert f"{base}/a" in errors[0].getMessage()
    assert client.connected


def test_per_message_failures_and_skipped_retained_messages_are_logged_once_not_per_message(
    mosquitto: Any, make_client: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="homeslm.mqtt")
    base = unique("flood")
    publisher = make_client(mosquitto.mqtt_config())
    assert publisher.wait_connected(WAIT_S)
    for i in range(10):  # retained, before anyone subscribes
        assert publisher.publish(f"{base}/kept/{i}", b"old", qos=1, retain=True).wait(WAIT_S)
    client = make_client(mosquitto.mqtt_config())

    def always_explode(topic: str, payload: bytes) -> None:
        raise RuntimeError("subscriber bug on every message")

    skipped, kept, healthy = Inbox(), Inbox(), Inbox()
    client.subscribe(f"{base}/kept/#", skipped, retained=False)
    client.subscribe(f"{base}/kept/#", kept)  # after the one that skips: when it has all, the other saw all
    client.subscribe(f"{base}/live/#", always_explode)
    client.subscribe(f"{base}/live/#", healthy)
    assert client.wait_subscribed(WAIT_S)
    kept.wait_count(10)
    for i in range(30):
        assert publisher.publish(f"{base}/live/{i}", b"x", qos=1).wait(WAIT_S)
    healthy.wait_count(30)
    try:
        assert skipped.items == []
        retained_lines = [r for r in caplog.records if "ignoring a retained message" in r.getMessage()]
        failure_lines = [r for r in caplog.records if r.exc_info and "subscriber bug" in str(r.exc_info[1])]
        assert len(retained_lines) == 1, [r.getMessage() for r in retained_lines]
        assert len(failure_lines) == 1, [r.getMessage() for r in failure_lines]
    finally:
        for i in range(10):
            publisher.publish(f"{base}/kept/{i}", b"", qos=1, retain=True).wait(WAIT_S)


# ------------------------------------------------------------------------------------------------
# Broker away
# ------------------------------------------------------------------------------------------------


def test_broker_down_at_start_then_connects_and_subscriptions_work(
    mosquitto_factory: Callable[..., Any], make_client: Callable[..., MqttClient]
) -> None:
    broker = mosquitto_factory(start=False)
    client = make_client(broker.mqtt_config())
    inbox = Inbox()
    client.subscribe("boot/+", inbox)
    assert not client.connected
    broker.start()
    assert client.wait_subscribed(WAIT_S)
    publish_from_other_client(broker, "boot/x", b"hello")
    assert inbox.wait_count(1) == [("boot/x", b"hello")]


def test_messages_published_while_broker_is_down_arrive_in_order_after_restart(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
) -> None:
    broker = mosquitto_factory()  # persistent: the recorder's session survives the restart
    recorder = mqtt_recorder_factory(broker)
    client = make_client(broker.mqtt_config())
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)
    assert client.publish("cmd/order", "0").wait(WAIT_S)

    broker.stop()
    connections.wait_for([True, False])
    tickets = [client.publish("cmd/order", str(i)) for i in range(1, 31)]
    assert client.pending_count() == 30
    assert not any(t.done for t in tickets)

    broker.start()
    assert all(t.wait(WAIT_S) for t in tickets)
    received = [m.text for m in recorder.wait_count("cmd/order", 31)]
    # "0" may reach the recorder twice: its PUBACK to the broker can be cut off by the shutdown,
    # so the broker redelivers it (QoS 1 is at least once). The queued ones come exactly once, in order.
    assert [t for t in received if t != "0"] == [str(i) for i in range(1, 31)]
    assert received[0] == "0" and set(received[: received.index("1")]) == {"0"}


def test_subscriptions_are_renewed_after_a_broker_restart(
    mosquitto_factory: Callable[..., Any], make_client: Callable[..., MqttClient]
) -> None:
    broker = mosquitto_factory(persistence=False)  # the broker forgets every subscription
    client = make_client(broker.mqtt_config())
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    inbox = Inbox()
    client.subscribe("renew/+", inbox)
    assert client.wait_subscribed(WAIT_S)  # connected: the listener may have come too late to hear it

    broker.restart()
    connections.wait_for([True, False, True])
    assert client.wait_subscribed(WAIT_S)
    publish_from_other_client(broker, "renew/after", b"still here")
    assert inbox.wait_count(1) == [("renew/after", b"still here")]


def test_commands_published_during_a_restart_storm_are_all_delivered_in_order(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
) -> None:
    """Messages in flight when the broker dies are resent before newer ones (QoS 1 may duplicate)."""
    broker = mosquitto_factory()
    recorder = mqtt_recorder_factory(broker)
    client = make_client(broker.mqtt_config())
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)

    tickets = [client.publish("storm/seq", str(i)) for i in range(150)]
    broker.restart()
    tickets += [client.publish("storm/seq", str(i)) for i in range(150, 300)]
    assert all(t.wait(WAIT_S) for t in tickets), [t for t in tickets if not t.acknowledged][:3]

    wait_until(lambda: len({m.text for m in recorder.messages("storm/seq")}) == 300, "all 300 messages at the recorder")
    first_seen: list[int] = []
    for m in recorder.messages("storm/seq"):
        if int(m.text) not in first_seen:
            first_seen.append(int(m.text))
    assert first_seen == list(range(300))


def test_too_old_queued_messages_are_reported_failed_not_sent(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
) -> None:
    broker = mosquitto_factory()
    recorder = mqtt_recorder_factory(broker)
    clock = FakeClock()
    failures = Failures()
    client = make_client(broker.mqtt_config(queue_max_age_s=60.0), on_failed=failures, clock=clock)
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)

    broker.stop()
    connections.wait_for([True, False])
    stale = [client.publish("age/cmd", f"stale {i}") for i in range(2)]
    clock.now += 61.0
    fresh = client.publish("age/cmd", "fresh")
    broker.start()

    assert fresh.wait(WAIT_S)
    assert recorder.wait_for("age/cmd").text == "fresh"
    reported = failures.wait_count(2)
    assert [m.text for m, _ in reported] == ["stale 0", "stale 1"]
    assert all(reason.startswith("expired") for _, reason in reported)
    assert all(not t.wait(0) and t.failure is not None and t.failure.startswith("expired") for t in stale)
    # Order is kept, so had a stale one been sent it would have arrived before "fresh".
    assert [m.text for m in recorder.messages("age/cmd")] == ["fresh"]


def test_queue_overflow_reports_the_oldest_and_sends_the_rest_in_order(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="homeslm.mqtt")
    broker = mosquitto_factory()
    recorder = mqtt_recorder_factory(broker)
    failures = Failures()
    client = make_client(broker.mqtt_config(queue_max=3), on_failed=failures)
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)

    broker.stop()
    connections.wait_for([True, False])
    tickets = [client.publish("overflow/cmd", str(i)) for i in range(5)]
    reported = failures.wait_count(2)
    assert [m.text for m, _ in reported] == ["0", "1"]
    assert all(reason.startswith("overflow") for _, reason in reported)
    assert any("overflow" in r.getMessage() and "overflow/cmd" in r.getMessage() for r in caplog.records)

    broker.start()
    assert all(t.wait(WAIT_S) for t in tickets[2:])
    assert [m.text for m in recorder.wait_count("overflow/cmd", 3)] == ["2", "3", "4"]


def test_a_flood_of_undelivered_messages_is_logged_once_and_reported_each(
    mosquitto_factory: Callable[..., Any], make_client: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="homeslm.mqtt")
    broker = mosquitto_factory()
    failures = Failures()
    client = make_client(broker.mqtt_config(queue_max=3), on_failed=failures)
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)
    broker.stop()
    connections.wait_for([True, False])
    for i in range(50):
        client.publish("flood/cmd", str(i))
    assert len(failures.wait_count(47)) == 47  # on_failed hears of every one
    lines = [r.getMessage() for r in caplog.records if "not delivered" in r.getMessage()]
    assert len(lines) == 1 and "overflow" in lines[0], lines


def test_stop_while_broker_is_away_reports_queued_messages_failed(
    mosquitto_factory: Callable[..., Any], make_client: Callable[..., MqttClient]
) -> None:
    broker = mosquitto_factory(start=False)
    failures = Failures()
    client = make_client(broker.mqtt_config(), on_failed=failures)
    ticket = client.publish("gone/cmd", "x")
    client.stop(timeout_s=1.0)
    assert not ticket.wait(0)
    assert ticket.failure is not None and ticket.failure.startswith("stopped")
    assert [m.text for m, _ in failures.items] == ["x"]
    late = client.publish("gone/cmd", "late")
    assert late.failure is not None and late.failure.startswith("stopped")


# ------------------------------------------------------------------------------------------------
# Authentication and TLS
# ------------------------------------------------------------------------------------------------


def test_username_and_password_are_accepted(
    mosquitto_factory: Callable[..., Any], mqtt_recorder_factory: Callable[..., Any], make_client: Callable[..., MqttClient]
) -> None:
    broker = mosquitto_factory(users={"homeslm": "correct horse", "recorder": "battery staple"})
    recorder = mqtt_recorder_factory(broker, username="recorder")
    client = make_client(broker.mqtt_config(username="homeslm"))
    assert client.wait_connected(WAIT_S)
    assert client.publish("auth/ok", "yes").wait(WAIT_S)
    assert recorder.wait_for("auth/ok").text == "yes"


def test_wrong_password_is_logged_clearly_without_leaking_it(
    mosquitto_factory: Callable[..., Any], make_client: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="homeslm.mqtt")
    broker = mosquitto_factory(users={"homeslm": "correct horse"})
    secret = "wrong-secret-xyzzy"
    client = make_client(broker.mqtt_config(username="homeslm", password=secret))
    wait_until(
        lambda: any(r.levelno == logging.ERROR and "refused the connection" in r.getMessage() for r in caplog.records),
        "a logged refusal",
    )
    refusal = next(r for r in caplog.records if "refused the connection" in r.getMessage())
    assert "Not authorized" in refusal.getMessage() or "Bad user name or password" in refusal.getMessage()
    assert "mqtt.username" in refusal.getMessage()
    assert not client.connected
    assert secret not in caplog.text
    client.stop(timeout_s=1.0)
    assert secret not in caplog.text


def test_tls_with_a_test_ca(
    mosquitto_factory: Callable[..., Any], mqtt_recorder_factory: Callable[..., Any], make_client: Callable[..., MqttClient]
) -> None:
    broker = mosquitto_factory(tls=True)
    recorder = mqtt_recorder_factory(broker)
    client = make_client(broker.mqtt_config())
    assert client.config.tls is not None and client.config.tls.cert_file is None
    assert client.wait_connected(WAIT_S)
    assert client.publish("tls/hello", "secure").wait(WAIT_S)
    assert recorder.wait_for("tls/hello").text == "secure"


def test_tls_with_an_unknown_ca_is_refused_and_logged(
    mosquitto_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
    tls_material_factory: Callable[[], Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="homeslm.mqtt")
    broker = mosquitto_factory(tls=True)
    other_ca = tls_material_factory().ca_file
    client = make_client(broker.mqtt_config(tls=TlsConfig(ca_file=other_ca)))
    wait_until(lambda: any("certificate verify failed" in r.getMessage() for r in caplog.records), "a logged TLS failure")
    message = next(r.getMessage() for r in caplog.records if "certificate verify failed" in r.getMessage())
    assert "mqtt.tls" in message
    assert not client.connected


def test_mutual_tls_with_a_client_certificate(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="homeslm.mqtt")
    broker = mosquitto_factory(tls=True, require_certificate=True)
    recorder = mqtt_recorder_factory(broker)
    client = make_client(broker.mqtt_config(client_cert=True))
    assert client.wait_connected(WAIT_S)
    assert client.publish("mtls/hello", "mutual").wait(WAIT_S)
    assert recorder.wait_for("mtls/hello").text == "mutual"

    without_cert = make_client(broker.mqtt_config(client_cert=False))
    wait_until(
        lambda: any(r.levelno >= logging.WARNING and str(broker.port) in r.getMessage() for r in caplog.records),
        "a logged refusal of the client without certificate",
    )
    assert not without_cert.connected


def test_missing_tls_files_give_a_clear_error(mosquitto: Any, tmp_path: Any) -> None:
    from homeslm.errors import HomeslmError

    config = mosquitto.mqtt_config(tls=TlsConfig(ca_file=str(tmp_path / "nope.pem")))
    with pytest.raises(HomeslmError, match="mqtt.tls.*nope.pem"):
        MqttClient(config, site="tls-missing")


def test_when_sent_waits_for_the_broker_to_acknowledge_what_was_published_before(
    mosquitto_factory: Callable[..., Any],
    mqtt_recorder_factory: Callable[..., Any],
    make_client: Callable[..., MqttClient],
) -> None:
    """What the daemon acknowledges a command by (issue 18): a callback once every message published before it
    is with the broker, ``False`` when the client stops first (those messages never left)."""
    broker = mosquitto_factory()
    recorder = mqtt_recorder_factory(broker)
    client = make_client(broker.mqtt_config())
    connections = ConnectionLog()
    client.add_connection_listener(connections)
    assert client.wait_connected(WAIT_S)
    early: list[bool] = []
    client.publish("sent/x", "0")
    client.when_sent(early.append)
    wait_until(lambda: early == [True], "when_sent while connected")

    broker.stop()
    connections.wait_for([True, False])
    ticket = client.publish("sent/x", "1")
    later = client.publish("sent/x", "2")
    outcomes: list[tuple[str, bool]] = []
    client.when_sent(lambda sent: outcomes.append(("through 1", sent)), through_seq=ticket.message.seq)
    client.when_sent(lambda sent: outcomes.append(("all", sent)))
    assert not ticket.wait(0.3) and outcomes == []  # the broker is away: nothing has left
    broker.start()
    assert later.wait(WAIT_S)
    wait_until(lambda: len(outcomes) == 2, "both callbacks once the broker acknowledged")
    assert outcomes == [("through 1", True), ("all", True)]
    wait_until(lambda: "2" in [m.text for m in recorder.messages("sent/x")], "the queued messages at the recorder")
    assert [m.text for m in recorder.messages("sent/x") if m.text != "0"] == ["1", "2"]  # "0" may come twice (QoS 1)

    broker.stop()
    connections.wait_for([True, False, True, False])
    client.publish("sent/x", "3")
    stopped: list[bool] = []
    client.when_sent(stopped.append)
    client.stop(timeout_s=0.5)
    assert stopped == [False]  # the message never left: whatever caused it must be done again
    after_stop: list[bool] = []
    client.when_sent(after_stop.append)
    assert after_stop == [False]
