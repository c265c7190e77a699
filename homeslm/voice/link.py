"""The daemon's side of the voice front end: start and stop it, publish what it reports, rebuild its recogniser.

:class:`VoiceLink` is held by :class:`homeslm.daemon.runner.Daemon`, which delegates to it:

- at start it builds the front end with the ``voice_factory`` (:class:`VoiceHooks` say what it gets)
  and publishes the retained ``homeslm/<site>/microphone`` state (``ok`` / ``unavailable``);
- while it runs, the recogniser's partial results go to ``homeslm/<site>/partial`` (voice loop thread)
  and the microphone's changes (``lost`` / ``ok``) to the log, systemd's STATUS and ``.../microphone``;
- after a reload that changed what the recogniser is built from, a short-lived thread builds the new
  recogniser and hands it to the front end, which takes it between utterances;
- at stop it stops the front end and publishes ``off``.

Final transcripts do not pass through here: the factory gets the daemon's ``submit`` in its hooks.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pluggy

from homeslm.config.model import Config
from homeslm.errors import HomeslmError
from homeslm.mqtt import MqttClient, microphone_topic, partial_topic

if TYPE_CHECKING:
    from homeslm.voice.asr.base import Partial, Recognizer

logger = logging.getLogger(__name__)

__all__ = ["VoiceFactory", "VoiceFrontEnd", "VoiceHooks", "VoiceLink"]


class VoiceFrontEnd(Protocol):
    """What the daemon uses of the voice front end (:class:`homeslm.voice.loop.VoiceLoop` fits)."""

    def start(self) -> None: ...

    def stop(self, timeout_s: float = 5.0) -> None: ...

    def push_to_talk(self) -> None: ...

    def mute(self) -> None: ...

    def unmute(self, followup: bool = True) -> None: ...

    def replace_recognizer(self, recognizer: Recognizer) -> None:
        """Hear with ``recognizer`` from the next utterance on (built for a reloaded config)."""
        ...


@dataclass(frozen=True)
class VoiceHooks:
    """What the daemon gives the voice factory."""

    config: Config
    submit: Callable[[str, float | None], None]
    """``submit(text, confidence)``: a final transcript; published on ``transcript`` and run by the worker."""
    plugin_manager: pluggy.PluginManager | None = None
    """The daemon's plugins: the recogniser and the wake engine come from them (``None``: the config's)."""
    on_partial: Callable[[Partial], None] | None = None
    """A partial result while a command is spoken: published on ``homeslm/<site>/partial``."""
    on_status: Callable[[str, str], None] | None = None
    """``on_status(state, message)`` from the microphone (``lost`` / ``ok``): logged, in systemd's STATUS
    and retained on ``homeslm/<site>/microphone``."""
    on_input_end: Callable[[], None] | None = None
    """The audio input ended (the WAV files of ``homeslm run --input``; a microphone never ends): the daemon
    answers the commands already heard, then stops. Called after the last ``submit``."""
    meaning: Callable[[str], Hashable] | None = None
    """What a transcript means to the daemon (its intents, nothing remembered): the voice loop weighs the
    recogniser's readings of an utterance with it (``voice.min_agreement``)."""


VoiceFactory = Callable[[VoiceHooks], VoiceFrontEnd]


class VoiceLink:
    """The voice front end as the daemon runs it: see the module docstring.

    :param factory: builds the voice front end; ``None`` runs text-only (nothing is started or published).
    :param config: the config the daemon starts with (its ``site`` names the topics; the recogniser
        the factory builds is built for it).
    :param status: sets systemd's STATUS line (the daemon adds the site, the devices and the broker).
    :param is_ready: whether READY=1 was sent: the microphone's changes reach STATUS only after it.
    :param stopping: whether the daemon is stopping: a recogniser built meanwhile is dropped.
    """

    def __init__(self, factory: VoiceFactory | None, config: Config, *, status: Callable[[str], None],
                 is_ready: Callable[[], bool], stopping: Callable[[], bool]) -> None:
        self._factory = factory
        self._site = config.site
        self._status = status
        self._is_ready = is_ready
        self._stopping = stopping
        self._mqtt: MqttClient | None = None
        self.front_end: VoiceFrontEnd | None = None
        """The running voice front end; ``None`` before :meth:`start`, when text-only or when it could not start."""
        self._recognizer_builds = 0
        """Recogniser rebuilds started by reloads; only the latest one's recogniser is used."""
        self._recognizer_config = config
        """The config the voice loop's recogniser (in use or handed over) was built for."""
        self._microphone_lock = threading.Lock()
        self._microphone: tuple[str, str] | None = None
        """The last ``(state, message)`` published on ``homeslm/<site>/microphone``."""
        self._publish_partials = config.commands.publish_partials
        """``commands.publish_partials``: partial results go out on ``homeslm/<site>/partial`` only when asked for."""

    def start(self, config: Config, mqtt: MqttClient, pm: pluggy.PluginManager | None,
              submit: Callable[[str, float | None], None], input_ended: Callable[[], None] | None = None,
              meaning: Callable[[str], Hashable] | None = None) -> None:
        """Build and start the voice front end (main thread, MQTT started); when it cannot start, say why,
        publish ``unavailable`` and go on without it (the daemon still takes MQTT commands)."""
        self._mqtt = mqtt
        if self._factory is None:
            return
        try:
            self.front_end = self._factory(VoiceHooks(
                config=config, submit=submit, plugin_manager=pm,
                on_partial=self._publish_partial, on_status=self._on_microphone, on_input_end=input_ended,
                meaning=meaning,
            ))
            self.front_end.start()
        except HomeslmError as exc:  # no microphone, a missing speech model: say what to do, go on
            logger.error("the voice front end could not start: %s; running on MQTT commands only", exc)
            self.front_end = None
            self._publish_microphone("unavailable", str(exc))
        except Exception as exc:  # boundary: without a microphone the daemon still takes MQTT commands
            logger.exception("the voice front end could not start; running on MQTT commands only")
            self.front_end = None
            self._publish_microphone("unavailable", f"the voice front end could not start: {exc!r}")
        else:
            self._publish_microphone("ok", "listening")

    def stop(self) -> None:
        """Stop the voice front end (within about a second) and publish ``off``; nothing when none runs."""
        if self.front_end is None:
            return
        try:
            self.front_end.stop(timeout_s=1.0)
        except Exception:  # boundary: stopping must go on
            logger.exception("stopping the voice front end failed")
        self._publish_microphone("off", "homeslm stopped")

    def reload(self, new: Config, pm: pluggy.PluginManager) -> None:
        """After a reload (main thread): start building the recogniser for ``new`` on a thread of its own
        (drawing its language model takes seconds) when it depends on what changed since the running one
        was built (a rebuild that failed is tried again at the next reload), and name the ``voice:``
        settings that need a restart. The voice loop takes the new recogniser between utterances."""
        from homeslm.voice.loop import plan_voice_reload

        self._publish_partials = new.commands.publish_partials
        plan = plan_voice_reload(self._recognizer_config, new)
        if plan.restart_keys:
            logger.warning("%s changed: restart homeslm to apply (the microphone, the wake engine and the "
                           "listening loop keep the settings they started with)",
                           ", ".join(f"voice.{key}" for key in plan.restart_keys))
        voice = self.front_end
        if voice is None:
            if self._factory is not None and plan.rebuild_recognizer:
                logger.warning("the voice front end is not running: restart homeslm to start it with the new configuration")
            return
        if not plan.rebuild_recognizer:
            return
        self._recognizer_builds += 1
        builder = threading.Thread(target=self._build_recognizer, args=(voice, new, pm, self._recognizer_builds),
                                   name="homeslm-recognizer-build", daemon=True)
        builder.start()
        logger.info("building the recogniser for the new configuration; the previous one hears until it is ready")

    def _build_recognizer(self, voice: VoiceFrontEnd, config: Config, pm: pluggy.PluginManager, build: int) -> None:
        """The recogniser rebuild thread: build, then hand it to the voice loop, or keep the old one and say so."""
        from homeslm.voice.engines import SpeechEngines  # late: loads the recognisers' code

        started = time.monotonic()
        try:
            recognizer = SpeechEngines(pm, config).make_recognizer()
        except Exception as exc:  # boundary: a failed rebuild leaves the running recogniser in place
            if isinstance(exc, HomeslmError):
                logger.error("the recogniser for the reloaded configuration could not be built: %s; still "
                             "listening with the previous one (it does not know what this reload added): fix "
                             "the configuration and reload again", exc)
            else:
                logger.exception("the recogniser for the reloaded configuration could not be built; still "
                                 "listening with the previous one (it does not know what this reload added)")
            if build == self._recognizer_builds and not self._stopping():
                self._status("recogniser rebuild failed, listening with the previous one")
                self._publish_microphone("ok", "listening with the previous configuration's recogniser; the new "
                                         f"one could not be built: {exc}", only_if_ok=True)
            return
        if build != self._recognizer_builds or self._stopping():  # a newer reload, or stopping: not needed
            recognizer.close()
            return
        voice.replace_recognizer(recognizer)
        self._recognizer_config = config
        logger.info("recogniser for the reloaded configuration built in %.1f s; it takes over between utterances",
                    time.monotonic() - started)
        self._status("recogniser rebuilt for the reloaded configuration")
        with self._microphone_lock:
            warned = self._microphone is not None and self._microphone[0] == "ok" and self._microphone[1] != "listening"
        if warned:
            self._publish_microphone("ok", "listening", only_if_ok=True)

    # -- what the front end reports (voice loop thread) ---------------------------------------------

    def _publish_partial(self, partial: Partial) -> None:
        """The recogniser's partial result (voice loop thread): ``homeslm/<site>/partial`` ``{"text": ...}``,
        QoS 0, only while connected (a stale partial is worth nothing after a reconnect) and only with
        ``commands: {publish_partials: true}`` (they carry whatever is said after the wake phrase)."""
        mqtt = self._mqtt
        if mqtt is None or not mqtt.connected or not self._publish_partials:
            return
        try:
            mqtt.publish(partial_topic(self._site), {"text": partial.text}, qos=0)
        except Exception:  # boundary: one publication; listening goes on
            logger.exception("could not publish the partial result %r", partial.text)

    def opened_remotely(self, topic: str) -> None:
        """The microphone is opened by a message on ``topic`` (``homeslm/<site>/listen``, MQTT dispatcher
        thread): say so, with the time, on the retained ``homeslm/<site>/microphone`` (state ``ok``)."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%S %z")
        self._publish_microphone("ok", f"listening; opened remotely over {topic} at {stamp}", only_if_ok=True)

    def _publish_microphone(self, state: str, message: str, *, only_if_ok: bool = False) -> None:
        """Retained ``homeslm/<site>/microphone`` ``{"state": ..., "message": ...}``; with ``only_if_ok``,
        only while the last state published was ``ok`` (a new message, not a new state)."""
        if self._mqtt is None:
            return
        with self._microphone_lock:
            if only_if_ok and (self._microphone is None or self._microphone[0] != "ok"):
                return
            self._microphone = (state, message)
        try:
            self._mqtt.publish(microphone_topic(self._site), {"state": state, "message": message}, qos=1, retain=True)
        except Exception:  # boundary: one publication
            logger.exception("could not publish the microphone state %s", state)

    def _on_microphone(self, state: str, message: str) -> None:
        """The microphone went away (``lost``) or came back (``ok``): log, systemd STATUS, MQTT."""
        if state == "ok":
            logger.info("microphone: %s", message)
        else:
            logger.warning("microphone %s: %s; still taking commands over MQTT", state, message)
        if self._is_ready():
            self._status(f"microphone {state}: {message}")
        self._publish_microphone(state, message)
