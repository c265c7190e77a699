"""The outgoing side of :class:`homeslm.mqtt.MqttClient`: one ordered outbox of publish tickets.

``publish()`` never blocks: a message waits in the outbox (at most ``mqtt.queue_max``, the oldest pushed
out) until the client is connected and everything handed to paho before an outage is acknowledged; the
``homeslm-mqtt-out`` thread hands it to paho in order, settles tickets from the acks and reports every
message that will not be delivered (expired, overflowed, rejected, lost, stopped) through ``on_failed``.
:meth:`Outbox.when_sent` tells a caller when everything published so far has left for good (the daemon
acknowledges a command only once the device messages it caused are with the broker).
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
        self._last_seq = 0
        """The ``seq`` of the last message published."""
        self._barriers: deque[tuple[int, Callable[[bool], None]]] = deque()
        """:meth:`when_sent` callbacks, each with the ``seq`` of the last message published before it."""
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
            self._last_seq = next(self._seq)
            message = OutgoingMessage(topic, data, qos, bool(retain), self._clock(), self._last_seq)
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

    def when_sent(self, callback: Callable[[bool], None], through_seq: int | None = None) -> None:
        """Call ``callback(True)`` once every message published before this call (or, with ``through_seq``,
        every message up to that :attr:`OutgoingMessage.seq`) has left for good:
        acknowledged by the broker (QoS 1 and 2; written to the socket for QoS 0), or reported failed as
        expired, overflowed or rejected (it will never be sent, later or not). ``callback(False)`` when the
        client stops first (those messages are not sent: whatever caused them must be done again).

        The callback runs on the ``homeslm-mqtt-out`` thread (or, after a stop, in the caller) and must
        not block; what it raises is logged. Messages go out and are settled in order, so a callback waits
        for the messages before it, whoever published them."""
        with self._cv:
            closed = self._closed or self._stopping
            if not closed:
                seq = self._last_seq if through_seq is None else min(through_seq, self._last_seq)
                self._barriers.append((seq, callback))
                self._cv.notify_all()
        if closed:
            self._call_barrier(callback, False)

    def _take_sent_barriers_locked(self) -> list[Callable[[bool], None]]:
        """The :meth:`when_sent` callbacks whose messages have all left (under the lock, in the sender thread,
        which alone moves tickets from the outbox to paho: a ticket is always in one of the two)."""
        if not self._barriers:
            return []
        oldest = self._last_seq + 1
        if self._pending:
            oldest = self._pending[0].message.seq
        if self._inflight:
            # handed to paho in order, so the first still in the dict is the oldest
            oldest = min(oldest, next(iter(self._inflight.values())).ticket.message.seq)
        ready: list[Callable[[bool], None]] = []
        while self._barriers and self._barriers[0][0] < oldest:
            ready.append(self._barriers.popleft()[1])
        return ready

    def _call_barrier(self, callback: Callable[[bool], None], sent: bool) -> None:
        try:
            callback(sent)
        except Exception:  # boundary: one caller's callback
            logger.exception("MQTT when_sent callback %r raised", callback)

    def _fail_barriers(self) -> None:
        """The client stopped: tell every :meth:`when_sent` caller still waiting that its messages were not sent."""
        with self._lock:
            barriers = [callback for _, callback in self._barriers]
            self._barriers.clear()
        for callback in barriers:
            self._call_barrier(callback, False)

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
                sent: list[Callable[[bool], None]] = []
                while True:
                    self._process_acks_locked()
                    sent = self._take_sent_barriers_locked()
                    if self._failures or sent:
                        break
                    if self._closed:
                        return
                    if self._connected and not self._resync and self._pending:
                        ticket = self._pending.popleft()
                        break
                    self._cv.wait()
            self._drain_failures()
            for callback in sent:
                self._call_barrier(callback, True)
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
