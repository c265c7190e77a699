"""The daemon's commands: what goes into its one queue and the worker that takes them out.

MQTT commands (``homeslm/<site>/command``) are checked and queued from their connection's network thread
(:mod:`homeslm.mqtt.durable`); the voice front end's final transcripts are queued from its loop; a full
queue is answered "Too many commands." (those answers rate-limited too). **One worker** runs the queued
commands through the :class:`homeslm.pipeline.Pipeline` one at a time and alone feeds systemd's watchdog,
so a stuck utterance stops the feeding and systemd restarts the service.

The rate limit (``commands.rate_per_s``, ``burst``) paces the MQTT commands instead of refusing them: the
worker waits for the limiter before running the next one. A command is acknowledged only once run and once
the device messages it caused are with the broker (:meth:`homeslm.mqtt.MqttClient.when_sent`), and the
broker is asked to send at most 20 unacknowledged ones (Receive Maximum), so a backlog (a broker outage, a
restart) waits at the broker and drains at the limit. A broker may send more at once (mosquitto 2.0.11 sends
what it queued while the command connection was away all at once when it is back): MQTT commands beyond the
queue wait in a backlog of their own (:meth:`CommandIntake._backlog_max`), none refused. A command that waited longer than
``commands.max_age_s`` is not run but answered as failed (``"error": "too_old"``). Every command dropped,
of any kind, is counted on the retained ``homeslm/<site>/stats`` (:class:`homeslm.daemon.ledger.CommandCounts`);
the ids of executed commands are kept on disk (:class:`homeslm.daemon.ledger.ExecutedIds`) once their device
messages are with the broker, so that one delivered again after a crash is not run twice, and one whose device
messages had not left when the daemon was killed runs again; one delivered again while this process still
has it (queued, or its device messages still on their way) is not run twice either. :class:`CommandIntake` is a part of
:class:`homeslm.daemon.runner.Daemon`, sharing its state.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from homeslm.config.model import Config
from homeslm.daemon.ledger import CommandCounts, ExecutedIds, journal_path
from homeslm.daemon.sdnotify import Notifier
from homeslm.daemon.speaker import Speaker
from homeslm.log_throttle import LogThrottle
from homeslm.mqtt import MqttClient, command_topic, intent_topic, response_topic
from homeslm.mqtt.durable import CLIENT_ID_SUFFIX, Delivery, DurableSubscription
from homeslm.mqtt.inbox import Command, CommandPayloadError, RateLimiter, parse_command_payload
from homeslm.mqtt.topics import stats_topic
from homeslm.outcomes import Status
from homeslm.pipeline import Pipeline
from homeslm.plugins.bus import PluginBus
from homeslm.voice.link import VoiceLink

logger = logging.getLogger(__name__)

#: Commands waiting for the worker: at least this many, and twice ``commands.burst``; more voice commands are
#: answered "Too many commands." and dropped; more MQTT commands (the broker may send a backlog all at once,
#: whatever the Receive Maximum asked for) wait in the backlog (:meth:`CommandIntake._backlog_max`).
COMMAND_QUEUE_MIN = 64
#: MQTT commands run recently by this process (their ids): one delivered again (DUP) while its first delivery
#: is still queued or its device messages are still on their way is not run twice.
RUN_IDS_KEPT = 10_000
#: Answers to dropped commands per second (and burst): a flood must not become a flood of answers.
TOO_MANY_ANSWERS_PER_S = 20.0
TOO_MANY_ANSWERS_BURST = 100
#: The answer to a command dropped because the queue was full.
TOO_MANY = "Too many commands."
#: The answer to a command that waited longer than ``commands.max_age_s``.
TOO_OLD = "Sorry, that command came too late, so I did not do it."
#: ``homeslm/<site>/stats`` is published at most this often (when something was counted).
STATS_INTERVAL_S = 1.0

#: The watchdog is fed only while the MQTT dispatcher lags less than this fraction of ``WatchdogSec``
#: behind a heartbeat (:meth:`homeslm.mqtt.MqttClient.dispatcher_lag_s`), and the command connection's
#: handler has not been stuck that long (:meth:`homeslm.mqtt.durable.DurableSubscription.dispatcher_lag_s`).
DISPATCH_LAG_FRACTION = 0.5

#: How long the broker keeps the daemon's command session while the daemon is away (MQTT 5 session
#: expiry): commands sent during a restart or crash of up to this long are run when it is back; after a
#: longer absence what was sent meanwhile is forgotten, never run late.
COMMAND_SESSION_EXPIRY_S = 600
#: A malformed command is logged at most once in this many seconds per kind of problem (bad JSON, not
#: UTF-8, ...); the next line counts those not logged, so a flood of them never floods the log.
MALFORMED_LOG_INTERVAL_S = 60.0

STOP_WORKER = object()
"""Queued when the daemon stops: the worker ends when it reaches it."""
END_OF_INPUT = object()
"""Queued when the audio input ends (``homeslm run --input FILE.wav``): the worker stops the daemon when it
reaches it, that is after answering every command heard before."""


class CommandIntake:
    """The command queue and the worker of :class:`homeslm.daemon.runner.Daemon` (see the module docstring)."""

    # The daemon's, set by its __init__ or as it builds its parts:
    config: Config
    notifier: Notifier
    mqtt: MqttClient | None
    pipeline: Pipeline | None
    _voice_link: VoiceLink
    _work_lock: threading.Lock
    _wake: threading.Event
    _speaker: Speaker
    bus: PluginBus | None

    def _init_intake(self, config: Config, command_rate_per_s: float | None, command_burst: int | None,
                     state_dir: Path | None, clock: Callable[[], float]) -> None:
        self._clock = clock
        """Monotonic seconds: when a command was received, how old it is (``commands.max_age_s``)."""
        self._rate_override = (command_rate_per_s, command_burst)
        self._limiter = self._make_limiter(config)
        self._command_subscribed = False
        self._queue: queue.Queue[Command | object] = queue.Queue(maxsize=self._queue_size(config))
        self._backlog: deque[Command] = deque()
        """MQTT commands (acknowledged once run) that came while the queue was full, in order (the worker's next)."""
        self._backlog_lock = threading.Lock()
        self._run_ids: OrderedDict[str | int, None] = OrderedDict()
        """Ids of the MQTT commands this process ran (the worker's): :data:`RUN_IDS_KEPT`."""
        self._answer_limiter = RateLimiter(TOO_MANY_ANSWERS_PER_S, TOO_MANY_ANSWERS_BURST)
        self._accepting = False
        self._input_done = False
        """The worker reached :data:`END_OF_INPUT`: everything the audio input said was answered."""
        self._last_too_many_s = -1e9
        self._last_too_old_s = -1e9
        self.counts = CommandCounts()
        """Commands received, executed and dropped by kind: the retained ``homeslm/<site>/stats``."""
        self._stats_published_s = -1e9
        self._last_fed_s = -1e9
        """When the worker last fed (or decided not to feed) the watchdog."""
        self.malformed = 0
        """Command messages dropped as malformed (:class:`CommandPayloadError`)."""
        self._malformed_log = LogThrottle(MALFORMED_LOG_INTERVAL_S)
        """Per kind of problem: when it was last logged, and how many were not logged since."""
        self._commands_in: DurableSubscription | None = None
        """``homeslm/<site>/command`` on its own connection, acknowledged once executed (issue 18)."""
        self._executed_ids = ExecutedIds(journal_path(state_dir, config.site) if state_dir is not None else None)
        """Ids of executed commands, kept on disk: one delivered again after a crash is not run twice."""
        self.redeliveries_skipped = 0
        """Commands delivered again (after a restart) whose ``id`` this daemon had already executed."""
        self._dispatch_stuck = False
        """The worker withholds the watchdog: the MQTT dispatcher is stuck or dead (:meth:`_commands_flow`)."""

    def submit(self, command: Command) -> bool:
        """Queue a command for the worker (not rate-limited); ``False`` when it was dropped."""
        if not self._accepting:
            # not acknowledged: an MQTT command comes again when the daemon next connects
            logger.info("not taking commands now (starting or stopping); dropped %r", command.text)
            return False
        if command.received_s is None:
            command = dataclasses.replace(command, received_s=self._clock())
        with self._backlog_lock:
            if not self._backlog:
                try:
                    self._queue.put_nowait(command)
                    return True
                except queue.Full:
                    pass
            if command.ack is not None and len(self._backlog) < self._backlog_max():
                # an MQTT command the broker sent beyond the window asked for: it waits, in order
                self._backlog.append(command)
                return True
        self.counts.count("queue_full")
        self._too_many(f"the queue of {self._queue.maxsize} commands is full", command)
        if command.ack is not None:
            command.ack()
        return False

    def _backlog_max(self) -> int:
        """MQTT commands kept beyond the queue: what the worker can run within ``commands.max_age_s`` at the
        rate limit (an older one would be answered too old anyway), at least the queue's size."""
        commands = self.config.commands
        return max(self._queue.maxsize, int(commands.rate_per_s * commands.max_age_s) + 1)

    def _next_item(self, timeout_s: float) -> Command | object | None:
        """The worker's next item: the queue's, then the backlog's (older MQTT commands are in the queue);
        ``None`` when there was none within ``timeout_s``."""
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            pass
        with self._backlog_lock:
            if self._backlog:
                return self._backlog.popleft()
        try:
            return self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def _waiting(self) -> int:
        """Commands waiting for the worker (the queue and the backlog)."""
        with self._backlog_lock:
            return self._queue.qsize() + len(self._backlog)

    # -- the queue's size and rate limit -------------------------------------------------------------

    @staticmethod
    def _queue_size(config: Config) -> int:
        return max(COMMAND_QUEUE_MIN, 2 * config.commands.burst)

    def _make_limiter(self, config: Config) -> RateLimiter:
        rate, burst = self._rate_override
        return RateLimiter(rate if rate is not None else config.commands.rate_per_s,
                           burst if burst is not None else config.commands.burst)

    def _subscribe_commands(self) -> None:
        """Subscribe to ``homeslm/<site>/command`` when the config enables it (once: it cannot be undone)."""
        if self.mqtt is None or self._command_subscribed or not self.config.commands.enabled:
            return
        self._command_subscribed = True
        # A connection of its own with a persistent session, acknowledged only once executed: what the
        # broker accepted while the daemon was down or had not yet run it comes again (docs/service.md,
        # "Delivery guarantee"). Retained commands are skipped: they would run again at every connect.
        self._commands_in = DurableSubscription(
            self.config.mqtt, f"{self.mqtt.client_id}{CLIENT_ID_SUFFIX}", command_topic(self.config.site),
            self._on_delivery, session_expiry_s=COMMAND_SESSION_EXPIRY_S)
        if self._accepting:  # enabled by a reload: the worker runs already
            self._commands_in.start()

    def _start_commands_in(self) -> None:
        """Connect the command subscription (the worker, as it starts: nothing is taken before it runs)."""
        if self._commands_in is not None:
            self._commands_in.start()

    def _commands_in_subscribed(self) -> bool:
        """Whether the command subscription is acknowledged by the broker (or there is none): READY waits for it."""
        return self._commands_in is None or self._commands_in.wait_subscribed(0.0)

    def _stop_commands_in(self) -> None:
        """Disconnect it, keeping the session: what was not executed comes again at the next start."""
        if self._commands_in is not None:
            self._commands_in.stop()

    # -- callbacks (MQTT network thread): check, limit, enqueue ------------------------------------

    def _on_delivery(self, delivery: Delivery) -> None:
        self._on_command(delivery.topic, delivery.payload, delivery.ack, redelivered=delivery.duplicate)

    def _commands_in_lag_s(self) -> float:
        """How long the command connection has not handed over messages (0 without one): the watchdog's."""
        commands_in = self._commands_in
        return commands_in.dispatcher_lag_s() if commands_in is not None else 0.0

    def _on_command(self, topic: str, payload: bytes, ack: Any = None, *, redelivered: bool = False) -> None:
        """One command message; ``ack`` (when given) is called once it is executed or refused for good, never
        while the daemon is not taking commands (the broker delivers it again at the next connect). A
        ``redelivered`` one (MQTT's DUP flag) whose ``id`` this daemon already executed is not run again (a
        fresh message reusing an id always runs)."""
        done = ack if ack is not None else (lambda: None)
        received_s = self._clock()
        if not self.config.commands.enabled:
            logger.info("command on %s dropped: commands over MQTT are disabled by the config", topic)
            self.counts.count("disabled")
            done()
            return
        if not self._accepting:
            logger.info("command on %s while not taking commands (starting or stopping); left for the next start", topic)
            return
        try:
            command = parse_command_payload(payload)
        except CommandPayloadError as exc:
            self.counts.count("malformed")
            self._log_malformed(topic, exc, payload)
            done()
            return
        self.counts.count("received")
        command = dataclasses.replace(command, ack=ack, received_s=received_s, redelivered=redelivered)
        if self._skip_if_run(command):
            return
        # Not rate-limited here: the worker paces MQTT commands (:meth:`_pace`), the broker holds the rest.
        self.submit(command)

    def _skip_if_run(self, command: Command) -> bool:
        """A command delivered again (DUP) whose ``id`` ran already (on disk: before a crash; in memory: this
        process, its first delivery perhaps still on its way): not run twice, acknowledged once what the first
        run published is with the broker. ``True`` when skipped (a fresh message reusing an id always runs)."""
        request_id = command.request_id
        if not command.redelivered or request_id is None:
            return False
        with self._backlog_lock:
            run_here = request_id in self._run_ids
        if not run_here and request_id not in self._executed_ids:
            return False
        self.redeliveries_skipped += 1
        self.counts.count("already_executed")
        logger.info("command %r (id %r) delivered again, already executed: not run twice", command.text, request_id)
        self._settle(command, record=False)
        return True

    def _log_malformed(self, topic: str, exc: CommandPayloadError, payload: bytes) -> None:
        """Count a malformed command; log it unless one of its kind was logged within
        :data:`MALFORMED_LOG_INTERVAL_S` (the MQTT thread alone calls this)."""
        self.malformed += 1
        kind = re.sub(r"\d+", "#", str(exc).split(":", 1)[0])[:40]
        not_logged = self._malformed_log.allow(kind)  # at most 64 kinds kept, whatever the problems say
        if not_logged is None:
            return
        logger.warning("dropped a command on %s: %s (payload starts %r; %d more like it not logged, %d malformed "
                       "so far)", topic, exc, bytes(payload[:40]), not_logged, self.malformed)

    def _executed(self, command: Command, device_seq: int | None = None) -> None:
        """The worker ran ``command`` (or refused it for good): once the device messages it caused (up to
        ``device_seq``, the plugins' last) are with the broker, remember its id (on disk), then acknowledge it."""
        if command.ack is None:
            return
        if command.request_id is not None:
            with self._backlog_lock:
                self._run_ids[command.request_id] = None
                self._run_ids.move_to_end(command.request_id)
                while len(self._run_ids) > RUN_IDS_KEPT:
                    self._run_ids.popitem(last=False)
        self._settle(command, record=True, device_seq=device_seq)

    def _settle(self, command: Command, *, record: bool, device_seq: int | None = None) -> None:
        """Record (``record``) and acknowledge ``command`` once the messages up to ``device_seq`` (default:
        every message published so far) are with the broker; never when the daemon stops first (the
        broker delivers it again at the next start, and it runs again: its device messages never left)."""
        ack = command.ack
        if ack is None:
            return
        request_id = command.request_id

        def settled(sent: bool) -> None:
            if not sent:
                logger.info("command %r (id %r) not acknowledged: its device messages did not reach the broker "
                            "before the daemon stopped; it runs again at the next start", command.text[:80],
                            request_id)
                return
            if record and request_id is not None:  # only commands with an id can be recognised when they come again
                self._executed_ids.add(request_id)
            ack()

        if self.mqtt is None or (record and device_seq is None):
            settled(True)  # nothing published by the plugins for it: done
        else:
            self.mqtt.when_sent(settled, device_seq)

    def _too_many(self, why: str, command: Command) -> None:
        """Drop one command and answer it "Too many commands." (with its ``id``); the answers are rate-limited
        too, and the log line comes at most once a second, so a flood never becomes one."""
        now = time.monotonic()
        if now - self._last_too_many_s >= 1.0:
            self._last_too_many_s = now
            logger.warning("dropped a command: %s (%d dropped so far, every kind: homeslm/%s/stats)", why,
                           self.counts.dropped("queue_full"), self.config.site)
        if self.mqtt is None or not self._answer_limiter.allow():
            return
        answer: dict[str, Any] = {"text": TOO_MANY}
        if command.request_id is not None:
            answer["id"] = command.request_id
        try:
            self.mqtt.publish(response_topic(self.config.site), answer, qos=1)
        except Exception:  # boundary: one publication
            logger.exception("could not answer %r", TOO_MANY)

    def _submit_transcript(self, text: str, confidence: float | None = None) -> None:
        """The voice front end's final transcript (voice loop thread): publish it and hand it to the worker."""
        pipeline = self.pipeline
        if pipeline is not None:
            pipeline.publish_transcript(text, confidence)
        if text.strip():
            self.submit(Command(text=text, source="voice"))

    def _input_ended(self) -> None:
        """The voice front end's input ended (voice loop thread, after its last transcript): stop once the
        worker has answered everything queued before."""
        logger.info("the audio input ended: stopping after the answer to the last command")
        self._queue.put(END_OF_INPUT)  # blocks while the queue is full; the worker or stopping drains it

    # -- the worker ---------------------------------------------------------------------------------

    def _commands_flow(self, max_lag_s: float) -> bool:
        """Whether commands can reach the worker (worker thread, before feeding the watchdog): the MQTT
        dispatcher thread is alive and has processed a heartbeat within ``max_lag_s``. While it cannot, a
        ``STATUS=`` line says why at every check and the watchdog is not fed, so systemd restarts the service."""
        mqtt = self.mqtt
        main_lag = mqtt.dispatcher_lag_s() if mqtt is not None else 0.0
        commands_lag = self._commands_in_lag_s()
        lag = max(main_lag, commands_lag)
        if lag < max_lag_s:
            if self._dispatch_stuck:
                self._dispatch_stuck = False
                logger.warning("the MQTT dispatcher runs again: feeding the watchdog again")
                self.notifier.status("running; the MQTT dispatcher runs again")
            return True
        if commands_lag >= max_lag_s:
            why = ("the command connection's network thread died" if commands_lag == float("inf") else
                   f"the command connection has handed over nothing for {commands_lag:.1f} s (its handler blocks)")
        elif lag == float("inf"):
            why = "the MQTT dispatcher thread died"
        else:
            why = (f"the MQTT dispatcher has processed nothing for {lag:.1f} s (a subscriber callback blocks, "
                   f"such as a plugin's)")
        if not self._dispatch_stuck:
            self._dispatch_stuck = True
            logger.error("%s: no command can be taken; not feeding the watchdog, so that systemd restarts the "
                         "service (fix or remove the plugin whose MQTT subscriber blocks)", why)
        self.notifier.status(f"not feeding the watchdog: {why}")
        return False

    def _feed_watchdog(self, interval: float | None, tick_s: float) -> None:
        """Feed systemd's watchdog (worker thread) when a tick has passed and commands can flow."""
        now = time.monotonic()
        if interval and now - self._last_fed_s >= tick_s:
            if self._commands_flow(interval * DISPATCH_LAG_FRACTION):
                self.notifier.watchdog()
            self._last_fed_s = now

    def _pace(self, interval: float | None, tick_s: float) -> bool:
        """Wait for the rate limiter before an MQTT command (worker thread), feeding the watchdog meanwhile;
        ``False`` when the daemon stops meanwhile (the command is left unacknowledged: it comes again)."""
        wait_s = self._limiter.reserve()
        until = time.monotonic() + wait_s
        while wait_s > 0:
            if not self._accepting:
                return False
            self._feed_watchdog(interval, tick_s)
            time.sleep(min(wait_s, tick_s))  # the rate limit's own pace, not a wait for something
            wait_s = until - time.monotonic()
        return True

    def _too_old(self, command: Command, age_s: float) -> None:
        """Answer a command that waited longer than ``commands.max_age_s`` as failed, without running it."""
        self.counts.count("too_old")
        max_age_s = self.config.commands.max_age_s
        now = time.monotonic()
        if now - self._last_too_old_s >= 1.0:
            self._last_too_old_s = now
            logger.warning("not running %r (id %r): it waited %.1f s, longer than commands.max_age_s (%g s); "
                           "answered as failed (%d too old so far)", command.text[:80], command.request_id, age_s,
                           max_age_s, self.counts.dropped("too_old"))
        extra: dict[str, Any] = {} if command.request_id is None else {"id": command.request_id}
        intent = {"text": command.text, "intents": [], "response": TOO_OLD, "confidence": 0.0,
                  "status": Status.FAILED, "error": "too_old", "age_s": round(age_s, 1), "results": [],
                  "source": command.source, **extra}
        site = command.site or self.config.site
        if self.mqtt is not None:
            try:
                self.mqtt.publish(intent_topic(site), intent, qos=1)
                self.mqtt.publish(response_topic(site), {"text": TOO_OLD, **extra}, qos=1)
            except Exception:  # boundary: one publication
                logger.exception("could not answer a command that came too late")
        if command.source == "voice":
            self._say_at(site, TOO_OLD)

    def _say_at(self, site: str, text: str) -> None:
        """Say ``text`` at ``site`` (the daemon's speaker; the daemon sends a satellite's to the satellite)."""
        self._speaker.say(text)

    def _publish_stats(self, force: bool = False) -> None:
        """The retained ``homeslm/<site>/stats`` (worker thread): at most once per :data:`STATS_INTERVAL_S`,
        when something was counted."""
        now = time.monotonic()
        if self.mqtt is None or (not force and now - self._stats_published_s < STATS_INTERVAL_S):
            return
        if not self.counts.take_changed():
            return
        self._stats_published_s = now
        payload = self.counts.payload(self._waiting())
        commands_in = self._commands_in
        if commands_in is not None and commands_in.retained_skipped:
            payload["dropped"]["retained"] = commands_in.retained_skipped
            payload["dropped_total"] = sum(payload["dropped"].values())
        try:
            self.mqtt.publish(stats_topic(self.config.site), payload, qos=1, retain=True)
        except Exception:  # boundary: one publication
            logger.exception("could not publish the command counts")

    def _work(self) -> None:
        interval = self.notifier.watchdog_interval_s
        tick_s = min(1.0, interval / 3) if interval else 1.0
        self._last_fed_s = -1e9
        self._start_commands_in()
        while True:
            self._feed_watchdog(interval, tick_s)
            self._publish_stats()
            item = self._next_item(tick_s)
            if item is STOP_WORKER:
                self._stop_commands_in()
                self._executed_ids.close()
                return
            if item is END_OF_INPUT:
                self._input_done = True  # the main loop stops once the broker took us (the answers go out)
                self._wake.set()
                continue
            # the commands of the command topic (acknowledged once run) wait for the limiter; the broker holds the rest
            if isinstance(item, Command) and item.ack is not None and not self._pace(interval, tick_s):
                continue  # stopping: not acknowledged, so the broker delivers it again at the next start
            try:
                with self._work_lock:
                    pipeline = self.pipeline
                    if pipeline is None:
                        continue
                    if isinstance(item, Command) and not self._skip_if_run(item):
                        age_s = self._clock() - item.received_s if item.received_s is not None else 0.0
                        bus = self.bus
                        before = bus.last_seq if bus is not None else 0
                        try:
                            if age_s > self.config.commands.max_age_s:
                                self._too_old(item, age_s)
                            else:
                                pipeline.handle_text(item.text, source=item.source, area=item.area,
                                                     request_id=item.request_id, site=item.site)
                                self.counts.count("handled")
                        finally:  # tried: acknowledged, never run again (a failing one must not loop)
                            after = bus.last_seq if bus is not None else 0
                            self._executed(item, after if after > before else None)
                    pipeline.expire_pending()
            except Exception:  # boundary: one loop turn (handle_text catches its own; this is the last net)
                logger.exception("worker: handling %r failed", getattr(item, "text", item))
