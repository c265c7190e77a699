"""The client: :class:`MqttClient`, one long-lived paho-mqtt connection for one site (see the
``homeslm.mqtt`` package docstring for what it guarantees and which threads it runs).

This module is the connection itself: building the paho client, starting and stopping, the connection
state and paho's callbacks (which only record and enqueue). Its parts, sharing its lock: the outbox
(:mod:`homeslm.mqtt.outbox`), the subscriptions and the dispatcher thread (:mod:`homeslm.mqtt.subscriptions`),
giving way to an older daemon of the site (:mod:`homeslm.mqtt.site_watch`); what every paho connection
shares is :mod:`homeslm.mqtt.connection`."""

from __future__ import annotations

import logging
import ssl
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig
from homeslm.errors import HomeslmError
from homeslm.mqtt.connection import broker_address, drop_session, paho_logger, set_credentials
from homeslm.mqtt.messages import (
    FAIL_CONNECTION_LOST,
    FAIL_STOPPED,
    FailureCallback,
    PublishTicket,
    encode_payload,
)
from homeslm.mqtt.outbox import Outbox
from homeslm.mqtt.presence import SiteInstance, nonce_of
from homeslm.mqtt.site_watch import DisplacedListener, SiteWatch
from homeslm.mqtt.subscriptions import ConnectionListener, Subscriptions
from homeslm.mqtt.topics import (
    OFFLINE,
    ONLINE,
    check_site,
    instance_topic,
    ping_topic,
    pong_topic,
    status_topic,
)

# The package's name, as before the split: log lines say homeslm.mqtt, and paho logs there too.
logger = logging.getLogger("homeslm.mqtt")

__all__ = ["ConnectionListener", "DisplacedListener", "MqttClient"]


class MqttClient(Outbox, Subscriptions, SiteWatch):
    """A long-lived MQTT connection for one site (see the ``homeslm.mqtt`` package docstring).

    :param config: broker address, credentials, TLS, back-off and offline-queue limits.
    :param site: the site id; the status topic is ``homeslm/<site>/status``.
    :param client_id: MQTT client id; default ``config.client_id`` or ``homeslm-<site>``.
        Two clients with the same id push each other off the broker.
    :param on_failed: called as ``on_failed(message, reason)`` for every message that will not be
        delivered (from the sender thread); exceptions it raises are logged.
    :param clock: monotonic clock in seconds used for the age of queued messages.
    :param availability: publish the retained status and set the last will (the daemon); ``False``
        for one-shot clients (``homeslm do``) that must not overwrite the daemon's status.
    :param persistent_session: keep the MQTT session (``clean_session=False``) while this client runs,
        so that messages published to its subscriptions while it is reconnecting (after a broker restart)
        are queued by the broker and delivered, not lost. The session is dropped when the client starts
        and when it stops (a clean connection under the same client id), so messages published while the
        process is not running are never delivered later.
    :param instance: who this client is (with ``availability``): published retained on
        ``homeslm/<site>/instance`` at every connect and in answer to pings (:mod:`homeslm.mqtt.presence`);
        default a new :class:`SiteInstance` of this process.
    """

    def __init__(
        self,
        config: MqttConfig,
        *,
        site: str,
        client_id: str | None = None,
        on_failed: FailureCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
        availability: bool = True,
        persistent_session: bool = False,
        instance: SiteInstance | None = None,
    ) -> None:
        check_site(site)
        if config.queue_max < 1:
            raise ValueError(f"mqtt.queue_max: expected at least 1, got {config.queue_max}")
        self.config = config
        self.site = site
        self.client_id = client_id or config.client_id or f"homeslm-{site}"
        self.status_topic = status_topic(site)
        self.availability = availability
        self.persistent_session = persistent_session
        self._on_failed = on_failed
        self._clock = clock

        self._lock = threading.Lock()
        self._cv = threading.Condition(self._lock)
        # Guarded by _lock:
        self._started = False
        self._stopping = False
        self._closed = False
        self._connected = False
        self._last_problem: str | None = None
        self._refused = False
        self.instance = (instance or SiteInstance.new()) if availability else None
        self._init_outbox()
        self._init_subscriptions()
        self._init_site_watch()

        self._out_thread: threading.Thread | None = None
        self._dispatch_thread: threading.Thread | None = None
        self._client = self._make_paho_client()
        if self.availability:
            # Answer "who serves this site?" (a starting daemon asks before it connects as homeslm-<site>).
            self.subscribe(ping_topic(site), self._answer_ping, qos=1, retained=False)

    # -- setup ------------------------------------------------------------------------------------

    def _make_paho_client(self) -> paho.Client:
        cfg = self.config
        client = paho.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=paho.MQTTv311,
                             clean_session=not self.persistent_session)
        client.enable_logger(paho_logger())
        client.suppress_exceptions = True
        client.reconnect_delay_set(cfg.reconnect_min_s, cfg.reconnect_max_s)  # type: ignore[arg-type]  # floats work
        if self.availability:
            client.will_set(self.status_topic, OFFLINE, qos=1, retain=True)
        set_credentials(client, cfg)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        return client

    def _drop_session(self, timeout_s: float) -> None:
        """Forget the persistent session of this client id on the broker (:func:`homeslm.mqtt.connection.drop_session`)."""
        drop_session(self.config, self.client_id, timeout_s)

    def _where(self) -> str:
        return broker_address(self.config)

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background (see :meth:`wait_connected`); returns at once, or, with
        ``persistent_session``, after dropping the old session (at most 2 s when the broker is away)."""
        with self._lock:
            if self._closed:
                raise HomeslmError("MqttClient was stopped; create a new one to connect again")
            if self._started:
                return
            self._started = True
        self._out_thread = threading.Thread(target=self._out_loop, name="homeslm-mqtt-out", daemon=True)
        self._dispatch_thread = threading.Thread(target=self._dispatch_loop, name="homeslm-mqtt-dispatch", daemon=True)
        self._out_thread.start()
        self._dispatch_thread.start()
        if self.persistent_session:
            self._drop_session(timeout_s=2.0)  # what was queued while this process did not run stays undelivered
        logger.info(
            "MQTT connecting to %s as %s (user %s, %s)",
            self._where(), self.client_id, self.config.username or "none", "TLS" if self.config.tls else "plain TCP",
        )
        self._client.connect_async(self.config.host, self.config.port, keepalive=self.config.keepalive_s)
        self._client.loop_start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Flush what can be flushed within ``timeout_s``, publish retained ``offline``, disconnect.

        Messages still undelivered afterwards are reported failed (``stopped``). Idempotent.
        """
        deadline = time.monotonic() + timeout_s
        with self._cv:
            if self._closed or self._stopping:
                return
            self._stopping = True
            started = self._started
            if started and threading.current_thread() is not self._out_thread:
                # Let the outbox drain while the broker is there.
                self._cv.wait_for(
                    lambda: not self._connected or (not self._pending and not self._inflight),
                    timeout=max(0.0, deadline - time.monotonic()),
                )
            connected = self._connected
        displaced = self._displaced_by is not None
        if started:
            # Displaced: the status, the instance and the session are the other daemon's now; leave them alone.
            if connected and self.availability and not displaced:
                info = self._client.publish(self.status_topic, OFFLINE, qos=1, retain=True)
                try:
                    info.wait_for_publish(max(0.1, deadline - time.monotonic()))
                except (RuntimeError, ValueError) as err:
                    logger.warning("MQTT could not publish %s %s before disconnecting: %s", self.status_topic, OFFLINE, err)
            self._client.disconnect()
            self._client.loop_stop()
            if self.persistent_session and connected and not displaced:
                self._drop_session(timeout_s=max(0.2, deadline - time.monotonic()))
        with self._cv:
            self._closed = True
            self._connected = False
            self._cv.notify_all()
        current = threading.current_thread()
        if self._out_thread is not None and self._out_thread is not current:
            self._out_thread.join(timeout=max(1.0, deadline - time.monotonic()))
        with self._cv:
            leftovers = list(self._pending) + [entry.ticket for entry in self._inflight.values()]
            self._pending.clear()
            self._inflight.clear()
        for ticket in sorted(leftovers, key=lambda t: t.message.seq):
            self._fail(ticket, f"{FAIL_STOPPED}: the client stopped before the broker acknowledged it")
        self._drain_failures()
        self._fail_barriers()
        if self._dispatch_thread is not None:
            self._dispatch_queue.put(("stop", None, None))
            if self._dispatch_thread is not current:  # stop() may be called from a subscriber
                self._dispatch_thread.join(timeout=max(1.0, deadline - time.monotonic()))
        logger.info("MQTT client %s stopped", self.client_id)

    # -- connection state -------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether the broker accepted the connection and it has not been lost since."""
        return self._connected

    def wait_connected(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for a connection; ``True`` when connected."""
        with self._cv:
            return self._cv.wait_for(lambda: self._connected, timeout=timeout_s)
    def _answer_ping(self, topic: str, payload: bytes) -> None:
        """``homeslm/<site>/ping`` (dispatcher thread): say who serves the site, with the ping's nonce."""
        nonce = nonce_of(payload)
        if nonce is None or self.instance is None:
            logger.debug("ignoring a ping without a nonce on %s: %r", topic, payload[:100])
            return
        self.publish(pong_topic(self.site), {**self.instance.to_payload(), "nonce": nonce}, qos=1)
    # -- paho callbacks (network thread): only record and enqueue ---------------------------------

    def _on_connect(self, client: paho.Client, userdata: Any, flags: paho.ConnectFlags, reason: ReasonCode, properties: Properties | None) -> None:
        try:
            if reason.is_failure:
                with self._lock:
                    self._refused = True
                self._report_problem(
                    f"MQTT broker {self._where()} refused the connection: {reason}"
                    + (
                        "; check mqtt.username and the password (password_file or password_env)"
                        if str(reason) in ("Not authorized", "Bad user name or password")
                        else ""
                    )
                )
                return
            with self._cv:
                self._connected = True
                self._last_problem = None
                # Everything handed to paho before is resent by paho right after this callback;
                # new messages wait until those are acknowledged, so the order holds.
                self._resync = {mid for mid, entry in self._inflight.items() if entry.ticket.message.qos > 0}
                self._subscribed.clear()
                self._sub_failed.clear()
                self._sub_mids.clear()
                self._early_subacks.clear()
                wanted: dict[str, int] = {}
                for sub in self._subscriptions:
                    wanted[sub.topic_filter] = max(sub.qos, wanted.get(sub.topic_filter, 0))
                self._cv.notify_all()
            logger.info("MQTT connected to %s as %s", self._where(), self.client_id)
            if self._resync:
                logger.info("MQTT resending %d unacknowledged messages before the queued ones", len(self._resync))
            if self.availability and self.instance is not None:
                client.publish(self.status_topic, ONLINE, qos=1, retain=True)
                client.publish(instance_topic(self.site), encode_payload(self.instance.to_payload()), qos=1, retain=True)
            self._send_subscriptions(list(wanted.items()))
            self._dispatch_queue.put(("connection", True, None))
        except Exception:
            logger.exception("MQTT on_connect handling failed (%s)", self._where())

    def _on_connect_fail(self, client: paho.Client, userdata: Any) -> None:
        try:
            err = sys.exc_info()[1]  # paho calls this inside its `except OSError` block
            detail = f"{type(err).__name__}: {err}" if err is not None else "connection failed"
            hint = ""
            if isinstance(err, ssl.SSLError):
                hint = "; check mqtt.tls (ca_file, cert_file, key_file) and that the broker's certificate names this host"
            self._report_problem(f"MQTT cannot connect to {self._where()}: {detail}{hint}; retrying", level=logging.WARNING)
        except Exception:
            logger.exception("MQTT on_connect_fail handling failed (%s)", self._where())

    def _report_problem(self, text: str, level: int = logging.ERROR) -> None:
        """Log a connection problem loudly once, then quietly while it repeats."""
        with self._lock:
            repeated = text == self._last_problem
            self._last_problem = text
        logger.log(logging.DEBUG if repeated else level, "%s", text)

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: paho.DisconnectFlags, reason: ReasonCode, properties: Properties | None) -> None:
        try:
            lost_qos0: list[PublishTicket] = []
            with self._cv:
                was_connected = self._connected
                refused, self._refused = self._refused, False
                self._connected = False
                stopping = self._stopping
                for mid, entry in list(self._inflight.items()):
                    if entry.ticket.message.qos == 0:
                        # At most once: paho does not keep QoS 0 messages across connections.
                        del self._inflight[mid]
                        lost_qos0.append(entry.ticket)
                for ticket in lost_qos0:
                    self._failures.append((ticket, f"{FAIL_CONNECTION_LOST}: QoS 0 message may not have reached the broker"))
                self._cv.notify_all()
            if was_connected:
                if stopping or self._displaced_by is not None:
                    logger.info("MQTT disconnected from %s", self._where())
                else:
                    logger.warning("MQTT connection to %s lost (%s); reconnecting", self._where(), reason)
                    self._check_site_after_loss()
                self._dispatch_queue.put(("connection", False, None))
            elif not refused and not stopping:
                self._report_problem(
                    f"MQTT connection to {self._where()} closed before the broker accepted it ({reason}); "
                    "check mqtt.tls (a client certificate may be required) and the broker's log",
                    level=logging.WARNING,
                )
        except Exception:
            logger.exception("MQTT on_disconnect handling failed (%s)", self._where())

    def _on_publish(self, client: paho.Client, userdata: Any, mid: int, reason: ReasonCode | None, properties: Properties | None) -> None:
        try:
            with self._cv:
                self._acks.append((mid, reason))
                self._cv.notify_all()
        except Exception:
            logger.exception("MQTT on_publish handling failed (mid %s)", mid)

    def _on_subscribe(self, client: paho.Client, userdata: Any, mid: int, reasons: list[ReasonCode], properties: Properties | None) -> None:
        try:
            with self._cv:
                names = self._sub_mids.pop(mid, None)
                if names is None:
                    self._early_subacks[mid] = list(reasons)
                else:
                    self._settle_subscription_locked(names, list(reasons))
        except Exception:
            logger.exception("MQTT on_subscribe handling failed (mid %s)", mid)

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        try:
            self._dispatch_queue.put(("message", message.topic, (bytes(message.payload), bool(message.retain))))
        except Exception:
            logger.exception("MQTT could not queue an incoming message (topic bytes %r)", getattr(message, "_topic", None))
