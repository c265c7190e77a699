"""homeslm.mqtt.presence: one daemon per site. The check a starting daemon makes, against the real broker:
nobody there, a live daemon's client (it answers), a retained ``online`` that nobody answers (a crash whose
will the broker has not delivered yet). The two-daemon cases with real processes are in test_daemon.py."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable
import uuid

import pytest

from homeslm.mqtt import MqttClient, SiteInstance, probe_site, site_taken_message, yields_to
from tests.conftest import MosquittoBroker, MqttRecorder


def unique_site() -> str:
    return f"presence-{uuid.uuid4().hex[:10]}"


def test_a_site_nobody_serves_is_free(mosquitto: MosquittoBroker) -> None:
    assert probe_site(mosquitto.mqtt_config(), unique_site(), client_class=MqttClient) is None


def test_a_site_whose_daemon_stopped_cleanly_is_free(mosquitto: MosquittoBroker) -> None:
    site = unique_site()
    daemon = MqttClient(mosquitto.mqtt_config(), site=site)
    daemon.start()
    assert daemon.wait_subscribed(10.0)
    daemon.stop()  # retained offline
    assert probe_site(mosquitto.mqtt_config(), site, client_class=MqttClient, answer_s=30.0) is None, "no wait for an answer: it said offline"


def test_a_live_daemon_answers_and_is_found(mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder) -> None:
    site = unique_site()
    daemon = MqttClient(mosquitto.mqtt_config(), site=site)
    daemon.start()
    try:
        assert daemon.wait_subscribed(10.0)
        found = probe_site(mosquitto.mqtt_config(), site, client_class=MqttClient)
        assert found == daemon.instance
        assert found is not None and found.pid > 0 and found.host == socket.gethostname()
        published = mqtt_recorder.wait_for(f"homeslm/{site}/instance", 5.0)
        assert SiteInstance.from_payload(published.payload) == daemon.instance
        assert daemon.connected, "the check never connects as the daemon's client id"
    finally:
        daemon.stop()
    assert probe_site(mosquitto.mqtt_config(), site, client_class=MqttClient, me=None) is None


def test_a_retained_online_that_nobody_answers_is_taken_over(mosquitto: MosquittoBroker,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """A daemon that lost its power: ``online`` stays retained until the broker notices; it cannot answer."""
    site = unique_site()
    ghost = MqttClient(mosquitto.mqtt_config(), site=f"{site}-writer", availability=False)
    ghost.start()
    try:
        assert ghost.publish(f"homeslm/{site}/status", "online", retain=True).wait(10.0)
        dead = SiteInstance("0" * 32, "pi-kitchen", 812, 1_700_000_000.0)
        assert ghost.publish(f"homeslm/{site}/instance", dead.to_payload(), retain=True).wait(10.0)
        with caplog.at_level(logging.WARNING, logger="homeslm.mqtt"):
            assert probe_site(mosquitto.mqtt_config(), site, client_class=MqttClient, answer_s=0.5) is None
        assert "taking site" in caplog.text and "a crash or a power cut" in caplog.text
    finally:
        ghost.publish(f"homeslm/{site}/status", b"", retain=True).wait(5.0)
        ghost.stop()


def test_a_broker_that_is_away_does_not_block_the_start() -> None:
    from homeslm.config.model import MqttConfig

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    assert probe_site(MqttConfig(host="127.0.0.1", port=port), unique_site(), client_class=MqttClient, connect_s=0.5) is None


def test_the_daemon_started_later_gives_way() -> None:
    first = SiteInstance("b" * 32, "pi-a", 10, 100.0)
    second = SiteInstance("a" * 32, "pi-b", 20, 200.0)
    assert yields_to(second, first) and not yields_to(first, second)
    twin = SiteInstance("c" * 32, "pi-c", 30, 100.0)  # same second: the id decides, the same way on both sides
    assert yields_to(twin, first) != yields_to(first, twin)


@pytest.mark.parametrize("payload", [b"", b"online", b"[1]", b'{"instance": "x"}', b"\xff",
                                     json.dumps({"instance": "", "host": "h", "pid": 1, "started": 1}).encode(),
                                     json.dumps({"instance": "x", "host": "h", "pid": "1", "started": 1}).encode()])
def test_anything_but_an_instance_payload_is_none(payload: bytes) -> None:
    assert SiteInstance.from_payload(payload) is None


def test_the_refusal_names_the_site_the_other_daemon_and_what_to_do() -> None:
    other = SiteInstance("d" * 32, "pi-kitchen", 812, 1_700_000_000.0)
    text = site_taken_message("kitchen", other, "localhost:1883")
    assert "site 'kitchen' is already served by another homeslm daemon" in text
    assert "host pi-kitchen, pid 812" in text and "localhost:1883" in text
    assert "set a different `site:`" in text


def test_of_two_clients_connected_as_one_site_the_later_gives_way(mosquitto: MosquittoBroker) -> None:
    """Both got past the check (started in the same second): the broker drops the older connection whenever the
    other connects. After a lost connection each asks who answers for the site; the later one gives way."""
    site = unique_site()
    older = MqttClient(mosquitto.mqtt_config(), site=site, persistent_session=True,
                       instance=SiteInstance("a" * 32, "pi-a", 10, 1_700_000_000.0))
    newer = MqttClient(mosquitto.mqtt_config(), site=site, persistent_session=True,
                       instance=SiteInstance("b" * 32, "pi-b", 20, 1_700_000_100.0))
    displaced: dict[str, SiteInstance] = {}
    gave_way = threading.Event()

    def listener(name: str) -> Callable[[SiteInstance], None]:
        def on_displaced(other: SiteInstance) -> None:
            displaced[name] = other
            gave_way.set()
        return on_displaced

    older.add_displaced_listener(listener("older"))
    newer.add_displaced_listener(listener("newer"))
    older.start()
    try:
        assert older.wait_subscribed(10.0)
        newer.start()
        assert gave_way.wait(30.0), "one of them gives way"
        assert displaced == {"newer": older.instance}
        assert newer.displaced_by == older.instance and older.displaced_by is None
        assert older.wait_subscribed(10.0), "the older one is connected again"
        newer.stop()
        # newer's last connection may have pushed older off once more just before it gave way (the broker then
        # delivers older's will, 'offline'); older reconnects and says 'online' again: wait for that, bounded
        deadline = time.monotonic() + 30.0
        answered = None
        while answered != older.instance and time.monotonic() < deadline:
            assert older.wait_subscribed(10.0), "the older one is connected again"
            answered = probe_site(mosquitto.mqtt_config(), site, client_class=MqttClient)
        assert answered == older.instance, "the older one serves the site"
        assert older.displaced_by is None
    finally:
        newer.stop()
        older.stop()
