"""The outgoing side of :class:`homeslm.mqtt.MqttClient`: one ordered outbox of publish tickets.

``publish()`` never blocks: a message waits in the outbox (at most ``mqtt.queue_max``, the oldest pushed
out) until the client is connected and everything handed to paho before an outage is acknowledged; the
``homeslm-mqtt-out`` thread hands it to paho in order, settles tickets from the acks and reports every
message that will not be delivered (expired, overflowed, rejected, lost, stopped) through ``on_failed``.
The client's connection state and lock are shared with it (:class:`Outbox` is a part of the client).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as paho
from paho.mqtt.enums import MQTTErrorCode
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig
from homeslm.log_throttle import LogThrottle
from homeslm.mqtt.messages import (
    FAIL_EXPIRED,
    FAIL_OVERFLOW,
    FAIL_REJECTED,
    FAIL_STOPPED,
    FailureCallback,
    OutgoingMessage,
    Payload,
    PublishTicket,
    encode_payload,
)
from homeslm.mqtt.topics import check_topic

# The package's name, as before the split: log lines say homeslm.mqtt.
logger = logging.getLogger("homeslm.mqtt")

#: A message not delivered is logged at most once in this many seconds per kind of failure (expired,
#: overflow, ...); the next line counts those not logged. ``on_failed`` still hears of every one.
FAILURE_LOG_INTERVAL_S = 60.0


@dataclass
class Inflight:
    """A message handed to paho, waiting for the broker's acknowledgement."""

    ticket: PublishTicket
    handed_s: float = field(default=0.0)


class Outbox:
    """The outbox part of :class:`homeslm.mqtt.MqttClient` (see the module docstring)."""

    # The client's, set by its __init__:
    config: MqttConfig
    _lock: threading.Lock
    _cv: threading.Condition
    _client: paho.Client
    _clock: Callable[[], float]
    _on_failed: FailureCallback | None
    _connected: bool
    _stopping: bool
    _closed: bool

    def _init_outbox(self) -> None:
        # Guarded by _lock:
        self._pending: deque[PublishTicket] = deque()
        self._inflight: dict[int, Inflight] = {}
        self._resync: set[int] = set()
        self._acks: deque[tuple[int, ReasonCode | None]] = deque()
        self._failures: deque[tuple[PublishTicket, str]] = deque()
        self._seq = itertools.count(1)
        self._failure_log = LogThrottle(FAILURE_LOG_INTERVAL_S)
        """Per kind of failure: when it was last logged, and how many were not logged since."""

    def publish(self, topic: str, payload: Payload, *, qos: int = 1, retain: bool = False) -> PublishTicket:
        """Queue a message for the broker; returns at once.

        ``dict``/``list`` payloads are sent as JSON, ``str`` as UTF-8. Raises ``ValueError`` for an
        invalid topic or QoS and ``TypeError`` for an unsupported payload.
        """
        check_topic(topic)
        if qos not in (0, 1, 2):
            raise ValueError(f"MQTT QoS {qos!r}: expected 0, 1 or 2")
        data = encode_payload(payload)
        with self._cv:
            message = OutgoingMessage(topic, data, qos, bool(retain), self._clock(), next(self._seq))
            ticket = PublishTicket(message)
            if self._closed or self._stopping:
                closed = True
            else:
                closed = False
                self._pending.append(ticket)
                while len(self._pending) > self.config.queue_max:
                    dropped = self._pending.popleft()
                    self._failures.append((
                        dropped,
                        f"{FAIL_OVERFLOW}: more than {self.config.queue_max} messages waiting for the broker (mqtt.queue_max)",
                    ))
                self._cv.notify_all()
        if closed:
            self._fail(ticket, f"{FAIL_STOPPED}: published after the client was stopped")
        return ticket

    def pending_count(self) -> int:
        """Messages waiting for the broker (not yet handed to the network layer)."""
        with self._lock:
            return len(self._pending)

    def _fail(self, ticket: PublishTicket, reason: str) -> None:
        """Complete a ticket as failed, log it and tell ``on_failed``. Never call with the lock held."""
        ticket._complete(reason)
        msg = ticket.message
        kind = reason.split(":", 1)[0]
        not_logged = self._failure_log.allow(kind)
        if not_logged is not None:
            logger.warning("MQTT message #%d to %s not delivered: %s (%d more %s not logged)", msg.seq, msg.topic,
                           reason, not_logged, kind)
        if self._on_failed is not None:
            try:
                self._on_failed(msg, reason)
            except Exception:
                logger.exception("MQTT on_failed callback raised for message #%d to %s", msg.seq, msg.topic)

    def _drain_failures(self) -> None:
        while True:
            with self._lock:
                if not self._failures:
                    return
                ticket, reason = self._failures.popleft()
            self._fail(ticket, reason)

    def _process_acks_locked(self) -> None:
        while self._acks:
            mid, reason = self._acks.popleft()
            entry = self._inflight.pop(mid, None)
            self._resync.discard(mid)
            if entry is None:
                continue  # our own status messages, or a mid already settled
            if reason is not None and reason.is_failure:
                self._failures.append((entry.ticket, f"{FAIL_REJECTED}: the broker answered {reason}"))
            else:
                entry.ticket._complete(None)
        self._cv.notify_all()

    def _out_loop(self) -> None:
        """Hand queued messages to paho in order while connected; settle tickets from acks."""
        while True:
            with self._cv:
                ticket: PublishTicket | None = None
                while True:
                    self._process_acks_locked()
                    if self._failures:
                        break
                    if self._closed:
                        return
                    if self._connected and not self._resync and self._pending:
                        ticket = self._pending.popleft()
                        break
                    self._cv.wait()
            self._drain_failures()
            if ticket is None:
                continue
            try:
                self._send(ticket)
            except Exception:
                # Boundary: one message must not end the sender thread.
                logger.exception("MQTT could not hand message #%d to %s to paho", ticket.message.seq, ticket.message.topic)
                self._fail(ticket, f"{FAIL_REJECTED}: paho refused it (see the log)")

    def _send(self, ticket: PublishTicket) -> None:
        msg = ticket.message
        age_s = self._clock() - msg.created_s
        if age_s > self.config.queue_max_age_s:
            self._fail(
                ticket,
                f"{FAIL_EXPIRED}: waited {age_s:.1f} s for the broker, more than mqtt.queue_max_age_s={self.config.queue_max_age_s:g}",
            )
            return
        info = self._client.publish(msg.topic, msg.payload, qos=msg.qos, retain=msg.retain)
        with self._cv:
            if info.rc == MQTTErrorCode.MQTT_ERR_NO_CONN and msg.qos == 0:
                # paho drops QoS 0 messages without a socket: keep it at the head of the queue
                # and give on_disconnect a moment to clear the connected flag.
                self._pending.appendleft(ticket)
                self._cv.wait(0.05)
            elif info.rc in (MQTTErrorCode.MQTT_ERR_SUCCESS, MQTTErrorCode.MQTT_ERR_NO_CONN):
                # With QoS > 0 paho keeps the message and resends it after a reconnect.
                self._inflight[info.mid] = Inflight(ticket, self._clock())
            else:
                self._failures.append((ticket, f"{FAIL_REJECTED}: paho refused it: {paho.error_string(info.rc)}"))
            self._cv.notify_all()
