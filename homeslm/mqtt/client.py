"""The client: :class:`MqttClient`, one long-lived paho-mqtt connection for one site (see the
``homeslm.mqtt`` package docstring for what it guarantees and which threads it runs)."""

from __future__ import annotations

import itertools
import logging
import queue
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig
from homeslm.errors import HomeslmError
from homeslm.mqtt.messages import (
    FAIL_CONNECTION_LOST,
    FAIL_EXPIRED,
    FAIL_OVERFLOW,
    FAIL_REJECTED,
    FAIL_STOPPED,
    FailureCallback,
    MessageCallback,
    Payload,
    OutgoingMessage,
    PublishTicket,
    encode_payload,
)
from homeslm.mqtt.presence import SiteInstance, nonce_of, probe_site, yields_to
from homeslm.mqtt.topics import (
    OFFLINE,
    ONLINE,
    check_site,
    check_topic,
    check_topic_filter,
    instance_topic,
    ping_topic,
    pong_topic,
    status_topic,
)

# The package's name, as before the split: log lines say homeslm.mqtt, and paho logs there too.
logger = logging.getLogger("homeslm.mqtt")

ConnectionListener = Callable[[bool], None]
DisplacedListener = Callable[[SiteInstance], None]


class _PahoNoise(logging.Filter):
    """paho 2.x logs at ERROR what this client reports itself at the right level: "Client is not
    connected" from its loop while a reconnect is pending or after ``disconnect()``, and "failed to receive
    on socket" when the broker goes away (logged here as "connection lost"). Those become DEBUG."""

    _NOISE = ("Client is not connected", "failed to receive on socket")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and str(record.msg).startswith(self._NOISE):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


@dataclass
class _Subscription:
    topic_filter: str
    callback: MessageCallback
    qos: int
    retained: bool = True


@dataclass
class _Inflight:
    ticket: PublishTicket
    handed_s: float = field(default=0.0)


class MqttClient:
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
        self._pending: deque[PublishTicket] = deque()
        self._inflight: dict[int, _Inflight] = {}
        self._resync: set[int] = set()
        self._acks: deque[tuple[int, ReasonCode | None]] = deque()
        self._failures: deque[tuple[PublishTicket, str]] = deque()
        self._subscriptions: list[_Subscription] = []
        self._sub_mids: dict[int, list[str]] = {}
        self._early_subacks: dict[int, list[ReasonCode]] = {}
        self._subscribed: set[str] = set()
        self._sub_failed: set[str] = set()
        self._listeners: list[ConnectionListener] = []
        self._last_problem: str | None = None
        self._refused = False
        self._seq = itertools.count(1)
        self.instance = (instance or SiteInstance.new()) if availability else None
        self._displaced_listeners: list[DisplacedListener] = []
        self._displaced_by: SiteInstance | None = None
        self._site_check: threading.Thread | None = None

        self._dispatch_queue: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()
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
        paho_logger = logging.getLogger("homeslm.mqtt")
        if not any(isinstance(f, _PahoNoise) for f in paho_logger.filters):
            paho_logger.addFilter(_PahoNoise())
        client.enable_logger(paho_logger)
        client.suppress_exceptions = True
        client.reconnect_delay_set(cfg.reconnect_min_s, cfg.reconnect_max_s)  # type: ignore[arg-type]  # floats work
        if self.availability:
            client.will_set(self.status_topic, OFFLINE, qos=1, retain=True)
        self._set_credentials(client)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        return client

    def _set_credentials(self, client: paho.Client) -> None:
        """Username, password and TLS of the config on a paho client."""
        cfg = self.config
        if cfg.username is not None:
            client.username_pw_set(cfg.username, cfg.password)
        if cfg.tls is not None:
            tls = cfg.tls
            try:
                client.tls_set(
                    ca_certs=tls.ca_file,
                    certfile=tls.cert_file,
                    keyfile=tls.key_file,
                    cert_reqs=ssl.CERT_REQUIRED,
                )
            except (OSError, ssl.SSLError, ValueError) as err:
                raise HomeslmError(
                    f"mqtt.tls: cannot load the certificates (ca_file={tls.ca_file}, cert_file={tls.cert_file}, "
                    f"key_file={tls.key_file}): {err}; check that the files exist, are PEM and that the key matches the certificate"
                ) from err
            client.tls_insecure_set(tls.insecure)

    def _drop_session(self, timeout_s: float) -> None:
        """Connect once with a clean session under this client id and leave: the broker forgets the
        persistent session and what it queued for it. Best effort: a broker that is away has nothing to drop
        now (it is dropped at the next stop)."""
        connected = threading.Event()
        client = paho.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=paho.MQTTv311,
                             clean_session=True)
        client.enable_logger(logging.getLogger("homeslm.mqtt"))
        client.on_connect = lambda c, u, flags, reason, props: connected.set() if not reason.is_failure else None
        try:
            self._set_credentials(client)
            client.connect_timeout = max(0.1, timeout_s)
            client.connect(self.config.host, self.config.port, keepalive=max(5, self.config.keepalive_s))
            client.loop_start()
            try:
                if connected.wait(timeout_s):
                    logger.debug("MQTT session of %s dropped on %s", self.client_id, self._where())
                else:
                    logger.debug("MQTT could not drop the session of %s on %s within %.1f s", self.client_id,
                                 self._where(), timeout_s)
                client.disconnect()
            finally:
                client.loop_stop()
        except (OSError, ssl.SSLError, ValueError, HomeslmError) as err:
            logger.debug("MQTT could not drop the session of %s on %s: %s", self.client_id, self._where(), err)

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

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

    def wait_subscribed(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until connected and every registered subscription is
        acknowledged on the current connection; ``False`` on timeout or when the broker refused one."""

        def settled() -> bool:
            if not self._connected:
                return False
            wanted = {s.topic_filter for s in self._subscriptions}
            return wanted <= (self._subscribed | self._sub_failed)

        with self._cv:
            ok = self._cv.wait_for(settled, timeout=timeout_s)
            return ok and not ({s.topic_filter for s in self._subscriptions} & self._sub_failed)

    def add_displaced_listener(self, listener: DisplacedListener) -> None:
        """Call ``listener(other)`` (once, from a thread of its own) when another daemon that started earlier
        serves this site under the same client id: this client stopped reconnecting, its owner should stop
        (:mod:`homeslm.mqtt.presence`). Checked after each lost connection of a client with ``availability``."""
        with self._lock:
            self._displaced_listeners.append(listener)

    @property
    def displaced_by(self) -> SiteInstance | None:
        """The daemon this client gave its site to, or ``None``."""
        return self._displaced_by

    def _answer_ping(self, topic: str, payload: bytes) -> None:
        """``homeslm/<site>/ping`` (dispatcher thread): say who serves the site, with the ping's nonce."""
        nonce = nonce_of(payload)
        if nonce is None or self.instance is None:
            logger.debug("ignoring a ping without a nonce on %s: %r", topic, payload[:100])
            return
        self.publish(pong_topic(self.site), {**self.instance.to_payload(), "nonce": nonce}, qos=1)

    def _check_site_after_loss(self) -> None:
        """A lost connection may be another daemon connecting as ``homeslm-<site>`` (the broker drops the older
        connection): ask who answers for the site, on a thread of its own, while paho reconnects."""
        with self._lock:
            if (not self._displaced_listeners or self.instance is None or self._stopping or self._closed
                    or self._displaced_by is not None
                    or (self._site_check is not None and self._site_check.is_alive())):
                return
            self._site_check = threading.Thread(target=self._run_site_check, name="homeslm-mqtt-site-check", daemon=True)
            self._site_check.start()

    def _run_site_check(self) -> None:
        me = self.instance
        assert me is not None
        try:
            other = probe_site(self.config, self.site, me=me, answer_s=2.0, connect_s=2.0, quiet=True)
        except Exception:  # boundary: the check must not end anything else
            logger.exception("MQTT could not check who serves site %s after a lost connection", self.site)
            return
        if other is None:
            return
        if not yields_to(me, other):
            logger.warning("another homeslm daemon connected as %s for site %r (%s); it started later, so it gives "
                           "way and this one keeps serving", self.client_id, self.site, other.describe())
            return
        with self._lock:
            if self._stopping or self._closed or self._displaced_by is not None:
                return
            self._displaced_by = other
            listeners = list(self._displaced_listeners)
        logger.error("another homeslm daemon serves site %r (%s) and started first: this one stops connecting",
                     self.site, other.describe())
        self._client.disconnect()  # no more reconnects pushing the other one off the broker
        for listener in listeners:
            try:
                listener(other)
            except Exception:
                logger.exception("MQTT displaced listener %s failed",
                                 getattr(listener, "__qualname__", repr(listener)))

    def add_connection_listener(self, listener: ConnectionListener) -> None:
        """Call ``listener(connected)`` on every connect and disconnect (from the dispatcher thread)."""
        with self._lock:
            self._listeners.append(listener)

    # -- publishing -------------------------------------------------------------------------------

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
        logger.warning("MQTT message #%d to %s not delivered: %s", msg.seq, msg.topic, reason)
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
                self._inflight[info.mid] = _Inflight(ticket, self._clock())
            else:
                self._failures.append((ticket, f"{FAIL_REJECTED}: paho refused it: {paho.error_string(info.rc)}"))
            self._cv.notify_all()

    # -- subscribing ------------------------------------------------------------------------------

    def subscribe(self, topic_filter: str, callback: MessageCallback, qos: int = 1, *, retained: bool = True) -> None:
        """Call ``callback(topic, payload)`` for every message matching ``topic_filter``.

        ``retained=False`` skips retained messages (a retained command would otherwise run again at
        every reconnect); they are logged at WARNING.

        Renewed on every reconnect. Callbacks run on the dispatcher thread, one at a time; an
        exception is logged with the topic and does not affect other callbacks or messages.
        A broker may deliver a message once per matching filter of overlapping subscriptions.
        """
        check_topic_filter(topic_filter)
        if qos not in (0, 1, 2):
            raise ValueError(f"MQTT QoS {qos!r}: expected 0, 1 or 2")
        with self._lock:
            self._subscriptions.append(_Subscription(topic_filter, callback, qos, retained))
            send_now = self._connected
            self._subscribed.discard(topic_filter)
            self._sub_failed.discard(topic_filter)
        if send_now:
            self._send_subscriptions([(topic_filter, qos)])

    def _send_subscriptions(self, filters: list[tuple[str, int]]) -> None:
        """Send one SUBSCRIBE; never called with the lock held."""
        if not filters:
            return
        rc, mid = self._client.subscribe(filters)
        if rc != MQTTErrorCode.MQTT_ERR_SUCCESS or mid is None:
            logger.debug("MQTT subscribe %s deferred to the next connect: %s", filters, paho.error_string(rc))
            return
        names = [f for f, _ in filters]
        with self._cv:
            early = self._early_subacks.pop(mid, None)
            if early is None:
                self._sub_mids[mid] = names
            else:
                self._settle_subscription_locked(names, early)

    def _settle_subscription_locked(self, names: list[str], reasons: list[ReasonCode]) -> None:
        for name, reason in zip(names, reasons):
            if reason.is_failure:
                self._sub_failed.add(name)
                logger.error("MQTT broker %s refused the subscription to %s: %s (check the broker's ACL)", self._where(), name, reason)
            else:
                self._subscribed.add(name)
        self._cv.notify_all()

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

    # -- dispatcher thread ------------------------------------------------------------------------

    def _dispatch_loop(self) -> None:
        while True:
            kind, first, second = self._dispatch_queue.get()
            if kind == "stop":
                return
            if kind == "message":
                self._dispatch_message(first, *second)
            elif kind == "connection":
                self._dispatch_connection(bool(first))

    def _dispatch_message(self, topic: str, payload: bytes, retain: bool = False) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions)
        for sub in subscriptions:
            if not paho.topic_matches_sub(sub.topic_filter, topic):
                continue
            if retain and not sub.retained:
                logger.warning("MQTT ignoring a retained message on %s (subscribed to %s without retained messages); "
                               "clear it with an empty retained publish", topic, sub.topic_filter)
                continue
            try:
                sub.callback(topic, payload)
            except Exception:
                # Boundary: one subscriber must not stop the others or the client.
                logger.exception(
                    "MQTT subscriber %s for %s failed on a message to topic %s",
                    getattr(sub.callback, "__qualname__", repr(sub.callback)), sub.topic_filter, topic,
                )

    def _dispatch_connection(self, connected: bool) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(connected)
            except Exception:
                logger.exception(
                    "MQTT connection listener %s failed (connected=%s)",
                    getattr(listener, "__qualname__", repr(listener)), connected,
                )
