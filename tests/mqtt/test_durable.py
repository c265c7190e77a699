"""homeslm.mqtt.durable: a persistent session with manual acknowledgement, against a real mosquitto."""

from __future__ import annotations

import queue
import uuid
from typing import Any

from homeslm.mqtt.durable import Delivery, DurableSubscription
from tests.mqtt.test_client import publish_from_other_client

WAIT_S = 30.0  # generous: a loaded 2-core machine


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Receiver:
    def __init__(self, ack: bool) -> None:
        self.ack = ack
        self.got: queue.Queue[Delivery] = queue.Queue()

    def __call__(self, delivery: Delivery) -> None:
        if self.ack:
            delivery.ack()
        self.got.put(delivery)

    def next(self) -> Delivery:
        return self.got.get(timeout=WAIT_S)


def _subscription(mosquitto: Any, client_id: str, topic: str, receiver: Receiver) -> DurableSubscription:
    sub = DurableSubscription(mosquitto.mqtt_config(), client_id, topic, receiver)
    sub.start()
    assert sub.wait_subscribed(WAIT_S), "the durable subscription was not acknowledged"
    return sub


def test_a_message_published_while_the_subscriber_was_away_is_delivered_at_its_next_start(mosquitto: Any) -> None:
    topic, client_id = _unique("durable") + "/command", _unique("homeslm-test-durable")
    first = Receiver(ack=True)
    sub = _subscription(mosquitto, client_id, topic, first)
    sub.stop()
    publish_from_other_client(mosquitto, topic, b"while away")
    second = Receiver(ack=True)
    sub = _subscription(mosquitto, client_id, topic, second)
    try:
        delivery = second.next()
        assert (delivery.topic, delivery.payload) == (topic, b"while away")
    finally:
        sub.stop()
    assert first.got.empty()


def test_an_unacknowledged_message_comes_again_marked_duplicate_and_an_acknowledged_one_does_not(mosquitto: Any) -> None:
    topic, client_id = _unique("durable") + "/command", _unique("homeslm-test-durable")
    holder = Receiver(ack=False)  # takes messages but never acknowledges them: as if killed before executing
    sub = _subscription(mosquitto, client_id, topic, holder)
    publish_from_other_client(mosquitto, topic, b"one")
    assert holder.next().payload == b"one"
    sub.stop()

    acker = Receiver(ack=True)
    sub = _subscription(mosquitto, client_id, topic, acker)
    again = acker.next()
    assert again.payload == b"one" and again.duplicate
    publish_from_other_client(mosquitto, topic, b"two")
    assert acker.next().payload == b"two"
    sub.stop()

    last = Receiver(ack=True)
    sub = _subscription(mosquitto, client_id, topic, last)
    try:
        publish_from_other_client(mosquitto, topic, b"three")  # the marker: everything before it was acknowledged
        assert last.next().payload == b"three"
    finally:
        sub.stop()


def test_retained_messages_are_acknowledged_and_never_handed_over(mosquitto: Any) -> None:
    import paho.mqtt.client as paho
    from paho.mqtt.enums import CallbackAPIVersion

    topic, client_id = _unique("durable") + "/command", _unique("homeslm-test-durable")
    publisher = paho.Client(CallbackAPIVersion.VERSION2, client_id=_unique("retainer"))
    mosquitto.configure_paho(publisher)
    publisher.connect(mosquitto.host, mosquitto.port)
    publisher.loop_start()
    try:
        publisher.publish(topic, b"retained", qos=1, retain=True).wait_for_publish(WAIT_S)
        receiver = Receiver(ack=True)
        sub = _subscription(mosquitto, client_id, topic, receiver)
        try:
            publisher.publish(topic, b"live", qos=1).wait_for_publish(WAIT_S)
            assert receiver.next().payload == b"live"
        finally:
            sub.stop()
        publisher.publish(topic, b"", qos=1, retain=True).wait_for_publish(WAIT_S)
    finally:
        publisher.disconnect()
        publisher.loop_stop()



def test_with_a_session_expiry_mqtt5_keeps_the_session_and_redelivers_what_was_not_acknowledged(mosquitto: Any) -> None:
    topic, client_id = _unique("durable") + "/command", _unique("homeslm-test-durable5")
    holder = Receiver(ack=False)
    sub = DurableSubscription(mosquitto.mqtt_config(), client_id, topic, holder, session_expiry_s=3600)
    sub.start()
    assert sub.wait_subscribed(WAIT_S)
    publish_from_other_client(mosquitto, topic, b"taken, never acknowledged")
    assert holder.next().payload == b"taken, never acknowledged"
    sub.stop()
    publish_from_other_client(mosquitto, topic, b"while away")
    acker = Receiver(ack=True)
    sub = DurableSubscription(mosquitto.mqtt_config(), client_id, topic, acker, session_expiry_s=3600)
    sub.start()
    try:
        first, second = acker.next(), acker.next()
        assert (first.payload, first.duplicate) == (b"taken, never acknowledged", True)
        assert second.payload == b"while away"
    finally:
        sub.stop()
