"""The daemon's side of Hermes (``hermes: {enabled: true}``): what it takes from ``hermes/...`` and what it
publishes there, in Rhasspy 2.5's shapes (:mod:`homeslm.hermes.messages`, docs/hermes.md).

In:

- ``hermes/nlu/query`` from a served site (this daemon's ``site`` or a configured satellite; others are
  ignored): run as a command of that site (its room, its follow-ups), through the daemon's one queue and
  rate limit, exactly as ``homeslm/<site>/command``; answered on ``hermes/nlu/intentParsed`` (one per
  executed intent) or ``hermes/nlu/intentNotRecognized`` (nothing executed), with the query's ``id``;
- ``hermes/hotword/<id>/detected`` from a satellite running its own wake word: that satellite's audio is
  listened to now (``listen(site)``), as push-to-talk.

Out, at the matching moments: ``hermes/hotword/homeslm/detected`` and ``hermes/dialogueManager/sessionStarted``
when a wake phrase is heard (:meth:`HermesBridge.woke`), ``hermes/asr/textCaptured`` with the transcript
(:meth:`HermesBridge.captured`), then, once the utterance is answered (:meth:`HermesBridge.answered`, the
pipeline's ``on_answer``), ``hermes/intent/<intentName>`` for every executed intent, ``hermes/tts/say`` with
the answer for a satellite, and ``hermes/dialogueManager/sessionEnded`` (``nominal``, or
``intentNotRecognized`` when nothing ran). A question (confirmation) executes nothing it holds: only what ran
is published as an intent.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeslm.config.model import Config
from homeslm.hermes import messages as hm
from homeslm.log_throttle import LogThrottle
from homeslm.mqtt.inbox import Command

if TYPE_CHECKING:
    from homeslm.mqtt import MqttClient
    from homeslm.pipeline import Outcome

logger = logging.getLogger(__name__)

#: Queries waiting for their answer, at most (older ones are forgotten: answered without intentParsed).
QUERIES_KEPT = 256
LOG_INTERVAL_S = 60.0


@dataclass
class _Session:
    session_id: str
    """The Hermes session id (ours, or the one of the query or hotword message)."""
    request_id: str | None = None
    """The ``id`` of the ``hermes/nlu/query`` it answers (``None`` for speech)."""
    from_query: bool = False
    asr_confidence: float | None = None


class HermesBridge:
    """See the module docstring.

    :param config: the daemon's config (its ``site``, ``hermes.satellites`` and devices' aliases).
    :param mqtt: the daemon's client (subscriptions renewed on reconnect; publications queued while offline).
    :param submit: hands a command to the daemon's worker queue; ``False`` when it was dropped.
    :param allow: the daemon's rate limit for MQTT commands (one token per query); ``False`` drops the query.
    :param listen: starts listening at a satellite's site now (its hotword was detected there).
    :param play: ``play(site, text, session_id)`` plays a satellite's answer there (``playBytes``, with
        ``hermes.audio``: :class:`homeslm.hermes.sites.SatelliteAudio`); it must not block.
    """

    def __init__(self, config: Config, mqtt: MqttClient, *, submit: Callable[[Command], bool],
                 allow: Callable[[], bool] = lambda: True, listen: Callable[[str], bool] | None = None,
                 play: Callable[[str, str, str | None], None] | None = None) -> None:
        self._mqtt = mqtt
        self.play = play
        self._submit = submit
        self._allow = allow
        self.listen = listen
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, _Session] = OrderedDict()
        self._voice: dict[str, _Session] = {}
        self._own_sessions: OrderedDict[str, None] = OrderedDict()
        self._log = LogThrottle(LOG_INTERVAL_S)
        self.reload(config)

    def reload(self, config: Config) -> None:
        """Take the served sites, their rooms and the devices' aliases from ``config``."""
        self._site = config.site
        self._areas: dict[str, str | None] = {config.site: config.area}
        self._areas.update({s.site_id: s.area for s in config.hermes.satellites})
        self._satellites = frozenset(s.site_id for s in config.hermes.satellites)
        self._aliases = {d.name: d.aliases for d in config.devices}

    @property
    def sites(self) -> frozenset[str]:
        """The site ids this daemon serves: its own and its satellites'."""
        return frozenset(self._areas)

    def subscribe(self) -> None:
        """Subscribe to ``hermes/nlu/query`` and ``hermes/hotword/+/detected`` (never their retained messages)."""
        self._mqtt.subscribe(hm.NLU_QUERY, self._on_query, qos=1, retained=False)
        self._mqtt.subscribe(hm.HOTWORD_DETECTED_ANY, self._on_hotword, qos=1, retained=False)

    # -- in (MQTT dispatcher thread) ------------------------------------------------------------------

    def _on_query(self, topic: str, payload: bytes) -> None:
        try:
            query = hm.parse_nlu_query(payload)
        except hm.HermesPayloadError as exc:
            self._warn("malformed", "dropped a message on %s: %s", topic, exc)
            return
        if query.site_id not in self._areas:
            logger.debug("hermes/nlu/query for site %r, not served here: ignored", query.site_id)
            return
        if not self._allow():
            self._warn("limit", "dropped a hermes/nlu/query from %s: over the command rate limit", query.site_id)
            self._publish(hm.NLU_INTENT_NOT_RECOGNIZED, hm.intent_not_recognized(
                query.input, site_id=query.site_id, session_id=query.session_id, request_id=query.request_id))
            return
        key = f"hermes-{uuid.uuid4().hex}"
        with self._lock:
            self._queries[key] = _Session(query.session_id or "", query.request_id, from_query=True)
            while len(self._queries) > QUERIES_KEPT:
                self._queries.popitem(last=False)
        self._submit(Command(text=query.input, source="mqtt", area=self._areas[query.site_id], request_id=key,
                             site=query.site_id))

    def _on_hotword(self, topic: str, payload: bytes) -> None:
        site = hm.site_of(payload)
        session = hm.session_of(payload)
        with self._lock:
            ours = session is not None and session in self._own_sessions
        if ours or site is None or site not in self._satellites:
            return
        if self.listen_at(site):
            logger.info("hotword detected at satellite %s (%s): listening there", site, topic)

    def listen_at(self, site: str) -> bool:
        """Listen at a satellite now, without its wake phrase (its own hotword, Home Assistant's listen button):
        a new session; ``False`` when its audio is not heard here (``hermes.audio`` off, muted, not a satellite)."""
        if site not in self._satellites or self.listen is None or not self.listen(site):
            logger.info("not listening at satellite %s: its audio is not heard here (hermes.audio off, or muted)", site)
            return False
        self.woke(site, publish_hotword=False)
        return True

    # -- moments of an utterance (voice threads, worker) ----------------------------------------------

    def woke(self, site: str, *, publish_hotword: bool = True) -> str:
        """A wake phrase (or a satellite's hotword) at ``site``: a new session; returns its id."""
        session_id = uuid.uuid4().hex
        with self._lock:
            self._voice[site] = _Session(session_id)
            self._own_sessions[session_id] = None
            while len(self._own_sessions) > QUERIES_KEPT:
                self._own_sessions.popitem(last=False)
        if publish_hotword:
            self._publish(hm.hotword_topic(), hm.hotword_detected(site, session_id))
        self._publish(hm.SESSION_STARTED, hm.session_started(site, session_id))
        return session_id

    def captured(self, site: str, text: str, confidence: float | None, seconds: float = 0.0) -> None:
        """A final transcript at ``site`` (a session is started if no wake phrase started one: push-to-talk)."""
        with self._lock:
            session = self._voice.get(site)
        if session is None:
            self.woke(site, publish_hotword=False)
            with self._lock:
                session = self._voice[site]
        session.asr_confidence = confidence
        self._publish(hm.ASR_TEXT_CAPTURED, hm.text_captured(text, 1.0 if confidence is None else confidence, seconds,
                                                             site_id=site, session_id=session.session_id))

    def abandoned(self, site: str, reason: str = "timeout") -> None:
        """The utterance at ``site`` ended without a transcript (nothing heard, the satellite stopped streaming)."""
        with self._lock:
            session = self._voice.pop(site, None)
        if session is not None:
            self._publish(hm.SESSION_ENDED, hm.session_ended(site, session.session_id, reason))

    def answered(self, outcome: Outcome, site: str, request_id: str | int | None) -> None:
        """The pipeline answered an utterance of ``site`` (worker thread; the pipeline's ``on_answer``)."""
        with self._lock:
            query = self._queries.pop(request_id, None) if isinstance(request_id, str) else None
            session = query if query is not None else (self._voice.pop(site, None) if outcome.source == "voice" else None)
        if query is None and session is None and site not in self._areas:
            return
        understanding = outcome.understanding
        text = outcome.text
        confidence = understanding.result.confidence if understanding is not None else 0.0
        session_id = session.session_id if session is not None and session.session_id else None
        hermes_id = query.request_id if query is not None else None
        executed = []
        if understanding is not None:
            for plan, done in zip(understanding.plans, outcome.actions):
                if any(a.result.ok for a in done):
                    executed.append(plan.intent)
        if query is not None:
            if executed:
                for intent in executed:
                    self._publish(hm.NLU_INTENT_PARSED, hm.intent_parsed(
                        text, intent, confidence, site_id=site, session_id=session_id, request_id=hermes_id,
                        aliases=self._aliases))
            else:
                self._publish(hm.NLU_INTENT_NOT_RECOGNIZED, hm.intent_not_recognized(
                    text, site_id=site, session_id=session_id, request_id=hermes_id))
        for intent in executed:
            self._publish(hm.intent_topic(hm.intent_name(intent.action)), hm.nlu_intent(
                text, intent, confidence, site_id=site, session_id=session_id, request_id=hermes_id,
                aliases=self._aliases, asr_confidence=session.asr_confidence if session is not None else None,
                wakeword_id=hm.WAKEWORD_ID if session is not None and not session.from_query else None))
        if outcome.response:
            self.say(site, outcome.response, session_id)
        if session is not None and not session.from_query:
            self._publish(hm.SESSION_ENDED, hm.session_ended(
                site, session.session_id, "nominal" if executed or outcome.understanding is None or
                outcome.understanding.plans else "intentNotRecognized"))

    def not_run(self, site: str, request_id: str | int | None, text: str) -> None:
        """A command of ``site`` that was not run (it came too late, worker thread): its query is answered on
        ``intentNotRecognized``, its spoken utterance's session ends with ``error``."""
        with self._lock:
            query = self._queries.pop(request_id, None) if isinstance(request_id, str) else None
            session = None if query is not None else self._voice.pop(site, None)
        if query is not None:
            self._publish(hm.NLU_INTENT_NOT_RECOGNIZED, hm.intent_not_recognized(
                text, site_id=site, session_id=query.session_id or None, request_id=query.request_id))
        elif session is not None:
            self._publish(hm.SESSION_ENDED, hm.session_ended(site, session.session_id, "error"))

    def say(self, site: str, text: str, session_id: str | None = None) -> bool:
        """Say ``text`` at a satellite (worker or plugin thread; never blocks): ``hermes/tts/say`` and, with
        ``hermes.audio``, ``playBytes``. ``False`` for a site that is not a satellite (the hub speaks itself)."""
        if site not in self._satellites or not text:
            return False
        self._publish(hm.TTS_SAY, hm.tts_say(text, site_id=site, session_id=session_id, request_id=uuid.uuid4().hex))
        if self.play is not None:
            self.play(site, text, session_id)
        return True

    def is_satellite(self, site: str) -> bool:
        return site in self._satellites

    # -- helpers ----------------------------------------------------------------------------------------

    def _publish(self, topic: str, payload: dict[str, Any]) -> None:
        try:
            self._mqtt.publish(topic, payload, qos=1)
        except Exception:  # boundary: one publication (a stopped client)
            logger.exception("could not publish to %s", topic)

    def _warn(self, kind: str, message: str, *args: object) -> None:
        not_logged = self._log.allow(kind)
        if not_logged is not None:
            logger.warning(message + " (%d more like it not logged)", *args, not_logged)
