"""MQTT client of homeslm: connect, reconnect, subscribe, publish, availability, offline queue.

:class:`MqttClient` wraps paho-mqtt 2.x (``CallbackAPIVersion.VERSION2``, MQTT 3.1.1):

* ``start()`` connects in the background (``connect_async`` + ``loop_start``), so a broker that is
  down at boot is retried with the configured back-off. The last will and a retained status
  ``homeslm/<site>/status`` say ``online`` / ``offline``.
* ``publish()`` never blocks and never loses a message silently. Messages go through one ordered
  outbox; while the broker is away they wait there (at most ``queue_max``) and go out after the
  reconnect, in order, once everything handed to paho before the outage has been acknowledged.
  Messages older than ``queue_max_age_s`` by then, or pushed out by overflow, are not sent; they are
  reported through ``on_failed(message, reason)`` and logged. Each publish returns a
  :class:`PublishTicket` whose ``wait()`` tells whether the broker acknowledged it.
* ``subscribe()`` registrations are renewed on every (re)connect. Paho callbacks only enqueue; a
  dispatcher thread calls the subscriber callbacks, each inside its own error boundary.

Threads: paho's network thread, ``homeslm-mqtt-out`` (hands messages to paho, completes tickets,
calls ``on_failed``) and ``homeslm-mqtt-dispatch`` (subscriber callbacks, connection listeners).
Our lock is never held while calling into paho, so paho callbacks may take it.

Where things are: ``topics`` (homeslm's topics of docs/DESIGN.md section 4, topic and filter checks),
``messages`` (payload encoding, :class:`OutgoingMessage`, :class:`PublishTicket`, failure reasons) and
``client`` (:class:`MqttClient`), ``presence`` (one daemon per site: the instance it publishes, the
check a starting daemon makes, :class:`SiteInstance`). Everything public is importable from ``homeslm.mqtt`` itself; the
client logs as ``homeslm.mqtt``, and paho's own log records go there too.
"""

from homeslm.mqtt.client import (
    ConnectionListener,
    MqttClient,
)
from homeslm.mqtt.messages import (
    FAIL_CONNECTION_LOST,
    FAIL_EXPIRED,
    FAIL_OVERFLOW,
    FAIL_REJECTED,
    FAIL_STOPPED,
    FailureCallback,
    MessageCallback,
    OutgoingMessage,
    Payload,
    PublishTicket,
    encode_payload,
)
from homeslm.mqtt.topics import (
    OFFLINE,
    ONLINE,
    SITE_TOPIC_KINDS,
    TOPIC_PREFIX,
    check_site,
    check_topic,
    check_topic_filter,
    command_topic,
    instance_topic,
    intent_topic,
    listen_topic,
    microphone_topic,
    model_topic,
    partial_topic,
    ping_topic,
    plugins_topic,
    pong_topic,
    response_topic,
    site_topic,
    status_topic,
    transcript_topic,
)
from homeslm.mqtt.presence import SiteInstance, probe_site, site_taken_message, yields_to

__all__ = [
    "FAIL_CONNECTION_LOST",
    "FAIL_EXPIRED",
    "FAIL_OVERFLOW",
    "FAIL_REJECTED",
    "FAIL_STOPPED",
    "OFFLINE",
    "ONLINE",
    "SITE_TOPIC_KINDS",
    "TOPIC_PREFIX",
    "ConnectionListener",
    "FailureCallback",
    "MessageCallback",
    "MqttClient",
    "OutgoingMessage",
    "Payload",
    "PublishTicket",
    "SiteInstance",
    "check_site",
    "check_topic",
    "check_topic_filter",
    "command_topic",
    "encode_payload",
    "instance_topic",
    "intent_topic",
    "listen_topic",
    "microphone_topic",
    "model_topic",
    "partial_topic",
    "ping_topic",
    "plugins_topic",
    "pong_topic",
    "probe_site",
    "response_topic",
    "site_taken_message",
    "site_topic",
    "status_topic",
    "transcript_topic",
    "yields_to",
]
