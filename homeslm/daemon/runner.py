"""The daemon (``homeslm run``): builds everything from the config, runs the threads, stops cleanly.

Threads:

- the **main thread** (:meth:`Daemon.run`) builds the parts, then waits for a signal: SIGTERM/SIGINT
  stop, SIGHUP reloads the config (:meth:`Daemon.reload`);
- the MQTT client's threads; the subscriber callbacks (``homeslm/<site>/command``, and ``.../listen`` when
  ``commands.remote_listen`` opts into it: :mod:`homeslm.daemon.remote_listen`) only check the payload and
  the rate limit and enqueue (or open the microphone);
- **one worker** takes commands from a bounded queue and runs them through the
  :class:`homeslm.pipeline.Pipeline` one at a time; it alone feeds systemd's watchdog, so a stuck
  utterance stops the feeding and systemd restarts the service;
- the **speaker** thread says the answers the worker hands it, clipped, one after the other
  (:mod:`homeslm.daemon.speaker`): a long answer or a hanging text-to-speech plugin never holds the worker;
- the optional voice front end (``voice_factory``), which hands final transcripts to the same worker;
  its recogniser's partial results go to ``homeslm/<site>/partial`` (with ``commands.publish_partials``) and the microphone's state
  (``ok`` / ``lost`` / ``unavailable`` / ``off``) to the retained ``homeslm/<site>/microphone``
  (:class:`homeslm.voice.link.VoiceLink` runs it for the daemon);
- after a reload that changed what the recogniser is built from, a short-lived thread builds the new
  recogniser and hands it to the voice front end, which takes it between utterances (:meth:`Daemon.reload`).

The plugins see the MQTT client through :class:`homeslm.plugins.bus.PluginBus`.

systemd (``Type=notify``): ``READY=1`` once the pipeline is built, the broker accepted the connection
and the command topic is subscribed (a broker that is down at start is retried; READY waits for it), ``STATUS=`` lines,
``WATCHDOG=1`` from the worker loop when ``$WATCHDOG_USEC`` is set, ``RELOADING=1``/``READY=1`` around
a reload and ``STOPPING=1`` at the end.

Stopping: no new commands are taken, the voice front end stops, the utterance in progress may finish
(within a bound), commands still queued are dropped (logged), plugins stop, the client publishes the
retained ``offline`` and disconnects, all within about 4 seconds.

This module builds the parts, runs, reloads and stops; its parts are the command queue and the worker
(:mod:`homeslm.daemon.intake`), readiness and status publication (:mod:`homeslm.daemon.status`) and the
signal handlers (:mod:`homeslm.daemon.signals`).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

from homeslm.plugins.bus import PluginBus, default_mqtt_factory, speak_with_plugins
from homeslm.mqtt.inbox import (  # re-exported: the daemon's command handling
    MAX_COMMAND_BYTES,
    Command,
    CommandPayloadError,
    RateLimiter,
    parse_command_payload,
)
from homeslm.config.model import Config, Device
from homeslm.config.loader import load_config
from homeslm.errors import ConfigError, HomeslmError
from homeslm.daemon.model_upkeep import ModelUpkeep
from homeslm.daemon.intake import STOP_WORKER, TOO_MANY, CommandIntake
from homeslm.daemon.signals import install_signals
from homeslm.daemon.speaker import Speaker
from homeslm.daemon.remote_listen import RemoteListen
from homeslm.daemon.status import DaemonStatus
from homeslm.daemon.hub_audio import start_satellite_audio
from homeslm.hermes.bridge import HermesBridge
from homeslm.hermes.sites import SatelliteAudio
from homeslm.mqtt.ha_discovery import DiscoveryAnnouncer
from homeslm.mqtt import MqttClient, command_topic
from homeslm.pipeline import Pipeline
from homeslm.daemon.sdnotify import Notifier
from homeslm.voice.link import VoiceFactory, VoiceFrontEnd, VoiceLink

if TYPE_CHECKING:
    from homeslm.mqtt.presence import SiteInstance
    from homeslm.understanding.understander import Understander
    from homeslm.plugins import ActionRegistry

logger = logging.getLogger(__name__)

__all__ = ["MAX_COMMAND_BYTES", "TOO_MANY", "Command", "CommandPayloadError", "Daemon", "RateLimiter",
           "parse_command_payload"]

#: How long stopping may wait for the utterance in progress, and for the plugins' daemon_stopping.
INFLIGHT_GRACE_S = 2.0
PLUGINS_STOP_S = 1.0
SPEAKER_STOP_S = 0.5
MQTT_STOP_S = 1.0


class Daemon(CommandIntake, DaemonStatus):
    """``homeslm run``: see the module docstring.

    :param config: the loaded config; ``config.source`` is re-read on SIGHUP.
    :param mqtt_factory: builds the (not yet started) MQTT client from the config.
    :param understander: an understander to use instead of loading the model of the config.
    :param plugin_manager: a plugin manager to use instead of the one the config describes (kept on reload).
    :param voice_factory: builds the voice front end; ``None`` runs text-only (MQTT commands).
    :param config_loader: loads the config again on reload (default: ``load_config(config.source)``).
    :param notifier: systemd notifications (default: from ``$NOTIFY_SOCKET``).
    :param command_rate_per_s: commands accepted per second over MQTT (token bucket) ...
    :param command_burst: ... with bursts up to this many (both default to the config's ``commands:``).
    :param action_timeout_s: time limit of one action on one device.
    :param state_dir: where plugins keep state across restarts and reloads (running timers);
        default :func:`homeslm.plugins.default_state_dir` (systemd's ``$STATE_DIRECTORY``).
    :param retrain_args: more ``homeslm train`` options for the background retrain of ``model: {retrain:
        auto}`` (:class:`homeslm.daemon.model_upkeep.ModelUpkeep`), after the per-home defaults.
    :param clock: monotonic seconds, for how long a command waited (``commands.max_age_s``).
    """

    def __init__(
        self,
        config: Config,
        *,
        mqtt_factory: Callable[[Config], MqttClient] = default_mqtt_factory,
        understander: Understander | None = None,
        plugin_manager: pluggy.PluginManager | None = None,
        voice_factory: VoiceFactory | None = None,
        config_loader: Callable[[], Config] | None = None,
        notifier: Notifier | None = None,
        command_rate_per_s: float | None = None,
        command_burst: int | None = None,
        action_timeout_s: float = 10.0,
        state_dir: Path | None = None,
        retrain_args: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._mqtt_factory = mqtt_factory
        self._given_understander = understander
        self._given_pm = plugin_manager
        self._config_loader = config_loader
        self.notifier = notifier if notifier is not None else Notifier()
        if state_dir is None:
            from homeslm.plugins import default_state_dir

            state_dir = default_state_dir()
        self.state_dir = state_dir
        self._init_intake(config, command_rate_per_s, command_burst, state_dir, clock)
        self._init_status()
        self.action_timeout_s = action_timeout_s
        self._models = ModelUpkeep(state_dir, self._publish_model, lambda: self._wake.set(), train_args=retrain_args)
        """The model against the home: warnings, ``homeslm/<site>/model``, the background retrain."""

        self._stop_requested = False
        self._reload_requested = False
        self._displaced_by: SiteInstance | None = None
        """The older daemon of the same site this one gave way to (:meth:`_on_displaced`)."""
        self._wake = threading.Event()
        self._work_lock = threading.Lock()
        """Held by the worker for one utterance; a reload takes it to swap the parts between utterances."""
        self._reload_lock = threading.Lock()
        self._speak_lock = threading.Lock()
        self._speaker = Speaker(self._speak_now)
        """Speaks the answers on its own thread, clipped (:mod:`homeslm.daemon.speaker`): never on the worker."""
        self._voice_wanted = voice_factory is not None
        """Whether a voice front end runs: then its recogniser and wake engine must exist."""
        self._voice_link = VoiceLink(voice_factory, config, status=self._voice_status, is_ready=self._is_ready,
                                     stopping=lambda: self._stop_requested)
        """The voice front end, what it publishes and its recogniser rebuilds (:mod:`homeslm.voice.link`)."""
        self._remote_listen = RemoteListen(config, self._voice_link)
        self._hermes: HermesBridge | None = None
        """Rhasspy/Hermes compatibility, with ``hermes: {enabled: true}`` (:mod:`homeslm.hermes.bridge`)."""
        self.satellites: SatelliteAudio | None = None
        """The satellites' audio heard here, with ``hermes.audio`` (:mod:`homeslm.daemon.hub_audio`)."""
        self._discovery: DiscoveryAnnouncer | None = None
        """Home Assistant discovery of the sites, with ``homeassistant: {discovery: true}``."""
        self._mic_muted = False
        """The microphone muted by Home Assistant's switch (``homeslm/<site>/mute/set``): speaking never unmutes it."""
        """``homeslm/<site>/listen``: opt-in, rate-limited, chimed, published (:mod:`homeslm.daemon.remote_listen`)."""

        self.mqtt: MqttClient | None = None
        self.bus: PluginBus | None = None
        self.pm: pluggy.PluginManager | None = None
        self.registry: ActionRegistry | None = None
        self.understander: Understander | None = None
        self.pipeline: Pipeline | None = None
        self._worker: threading.Thread | None = None
        self._started = threading.Event()
        """Set once the daemon is running (parts built, worker started)."""

    # -- public -----------------------------------------------------------------------------------

    @property
    def voice(self) -> VoiceFrontEnd | None:
        """The running voice front end; ``None`` when text-only, before it started or when it could not start."""
        return self._voice_link.front_end

    def run(self) -> int:
        """Build everything, run until :meth:`stop` (or SIGTERM/SIGINT), stop cleanly; returns the exit code 0.

        Errors while building (the model cannot be loaded; a broken plugin is only refused) are
        raised as :class:`homeslm.errors.HomeslmError` after what was started has been stopped. Another
        daemon serving the same site (:mod:`homeslm.mqtt.presence`), found at start or after a lost connection,
        is a :class:`homeslm.errors.ConfigError` at ``site`` (exit 2), raised after stopping.
        """
        restore = self._install_signals()
        try:
            self._start()
            while not self._stop_requested:
                self._check_ready()
                if self._input_done and self._is_ready():
                    logger.info("every command of the audio input answered: stopping")
                    break
                self._wake.wait(0.1 if not self._ready_sent else 0.2)
                self._wake.clear()
                if self._reload_requested and not self._stop_requested:
                    self._reload_requested = False
                    self.reload()
                if self._models.new_model_ready and not self._stop_requested:
                    self._swap_model()
            if self._displaced_by is not None:
                raise self._site_taken(self._displaced_by)
            return 0
        finally:
            self._shutdown()
            restore()

    def stop(self) -> None:
        """Ask :meth:`run` to stop (from any thread)."""
        self._stop_requested = True
        self._wake.set()

    def request_reload(self) -> None:
        """Ask :meth:`run` to reload the config (what SIGHUP does)."""
        self._reload_requested = True
        self._wake.set()

    def wait_started(self, timeout_s: float) -> bool:
        """Wait until the parts are built and the worker runs (the broker may still be connecting)."""
        return self._started.wait(timeout_s)

    def reload(self) -> bool:
        """Re-read the config and rebuild the plugins, the registry and the understander's view of the home,
        keeping the MQTT session and the loaded model. A config that fails to load or build is logged and
        the old one kept (``False``). Changes to ``site``, ``mqtt`` and ``model.path``/``threads`` need a restart.

        With the voice front end running, a new recogniser is built in the background when the recogniser
        depends on what changed (:meth:`homeslm.voice.link.VoiceLink.reload`); the old one hears until then."""
        with self._reload_lock:
            if not self._built or self.mqtt is None or self.bus is None:
                logger.warning("reload requested before the daemon was running; ignored")
                return False
            old = self.config
            self.notifier.reloading(f"reloading {old.source or 'the configuration'}")
            try:
                new = self._load_config()
            except HomeslmError as exc:
                logger.error("reload failed, keeping the running configuration: %s", exc)
                self.notifier.ready(self._status_line("reload failed, running the previous configuration"))
                return False
            new = self._keep_unreloadable(old, new)
            try:
                pm = self._given_pm if self._given_pm is not None else self._plugin_manager(new)
                registry = self._registry(pm, new)
            except HomeslmError as exc:
                logger.error("reload failed, keeping the running configuration: %s", exc)
                self.notifier.ready(self._status_line("reload failed, running the previous configuration"))
                return False
            assert self.understander is not None
            try:  # the slow part (the home's lexicon), while commands still run on the old one
                prepared = self.understander.prepare(new)
            except Exception:  # boundary: the new home could not be prepared; the old one still works
                logger.exception("reload failed while preparing the understanding of %s; keeping the running "
                                 "configuration", new.source)
                self.notifier.ready(self._status_line("reload failed, running the previous configuration"))
                return False
            with self._work_lock:  # between utterances: only the swap and the plugins' stop and start
                assert self.understander is not None and self.registry is not None
                self.understander.reload(new, prepared)
                self.registry.daemon_stopping()
                self.bus.new_generation()
                self.config = new
                if new.commands != old.commands:
                    self._limiter = self._make_limiter(new)
                    with self._queue.mutex:  # Queue reads maxsize under its mutex on every put
                        self._queue.maxsize = self._queue_size(new)
                    self._subscribe_commands()
                    self._remote_listen.reload(new, self.mqtt)
                self.pm = pm
                self.registry = registry
                if self._hermes is not None:
                    self._hermes.reload(new)
                if self.satellites is not None:
                    self.satellites.reload(new)
                if self._discovery is not None:
                    self._discovery.announce(new)
                self.pipeline = self._pipeline(registry, new)
                registry.daemon_started()
            self._report_refused_plugins()
            self._voice_link.reload(new, pm)
            self._models.assess(new, registry, self.understander.model)
            logger.info("configuration reloaded from %s: %d devices in %d areas, plugins %s", new.source,
                        len(new.devices), len(new.areas), ", ".join(n for n, _ in pm.list_name_plugin()))
            self.notifier.ready(self._status_line("configuration reloaded"))
            return True

    # -- the model retrained for the home (model: {retrain: auto}) ----------------------------------

    def _swap_model(self) -> None:
        """Serve the model a background retrain wrote (main thread): loaded while the old one serves, made the
        one served after a restart (an atomic link), swapped in between utterances the way :meth:`reload` swaps
        its parts."""
        model = self._models.take_new_model(self.config.model.threads)
        if model is None:
            return
        self._models.install(model)
        with self._reload_lock, self._work_lock:
            if self.understander is None or self.registry is None:
                return
            self.understander.use_model(model)
        logger.info("the intent model retrained for this home serves now: %s", model.model_dir)
        self.notifier.status(self._status_line("serving the intent model retrained for this home"))
        self._models.assess(self.config, self.registry, model)

    # -- building ---------------------------------------------------------------------------------

    def _load_config(self) -> Config:
        if self._config_loader is not None:
            return self._config_loader()
        if self.config.source is None:
            raise ConfigError("this configuration was not loaded from a file, so it cannot be reloaded")
        return load_config(self.config.source)

    @staticmethod
    def _keep_unreloadable(old: Config, new: Config) -> Config:
        if new.site != old.site:
            logger.warning("site changed from %r to %r: restart homeslm to apply it; keeping %r", old.site, new.site, old.site)
        if new.mqtt != old.mqtt:
            logger.warning("mqtt settings changed: restart homeslm to apply them; the MQTT session is kept as it is")
        if (new.model.path, new.model.threads) != (old.model.path, old.model.threads):
            logger.warning("model.path/model.threads changed: restart homeslm to load the other model")
        return dataclasses.replace(new, site=old.site, mqtt=old.mqtt)

    def _plugin_manager(self, config: Config) -> pluggy.PluginManager:
        from homeslm.plugins import plugin_manager_from_config

        return plugin_manager_from_config(config)

    def _registry(self, pm: pluggy.PluginManager, config: Config, *, starting: bool = False) -> ActionRegistry:
        from homeslm.plugins import ActionRegistry

        registry = ActionRegistry(pm, config, mqtt=self.bus, announce=self._announce, state_dir=self.state_dir,
                                  announce_at=self._announce_at)
        self._refuse_config_errors(pm, registry, config, starting=starting)
        for problem in registry.check_devices():  # left: plugins that failed to load or register (refused alone)
            logger.warning("%s", problem)
        return registry

    def _refuse_config_errors(self, pm: pluggy.PluginManager, registry: ActionRegistry, config: Config, *,
                              starting: bool) -> None:
        """Raise the config's errors that only the loaded plugins reveal (:mod:`homeslm.plugins.home_check`): a
        device whose plugin is not loaded or does not drive its type, and, when ``starting`` with the voice
        front end, a recogniser or wake engine no plugin provides. At start ``homeslm run`` exits 2 on them;
        a reload with such a device keeps the running configuration (a reload whose recogniser cannot be
        built keeps listening with the running one: :meth:`homeslm.voice.link.VoiceLink.reload`)."""
        from homeslm.plugins.home_check import confirm_errors, device_plugin_errors, raise_config_errors, speech_engine_errors

        errors = device_plugin_errors(config, registry) + confirm_errors(config, registry)
        if starting and self._voice_wanted:
            errors += speech_engine_errors(config, pm)
        raise_config_errors(errors)

    def _supports(self, device: Device, action: str) -> bool:
        registry = self.registry
        return registry is not None and registry.supports(device.plugin, device.type, action)

    def _pipeline(self, registry: ActionRegistry, config: Config) -> Pipeline:
        assert self.understander is not None
        hermes = self._hermes
        return Pipeline(self.understander, registry, self.mqtt, config, speak=self._speak,
                        action_timeout_s=self.action_timeout_s,
                        on_answer=hermes.answered if hermes is not None else None,
                        remote_sites=frozenset(s.site_id for s in config.hermes.satellites) if hermes is not None
                        else frozenset())

    def _start(self) -> None:
        config = self.config
        self.notifier.status("starting")
        self.mqtt = self._mqtt_factory(config)
        self.bus = PluginBus(self.mqtt)
        self.pm = self._given_pm if self._given_pm is not None else self._plugin_manager(config)
        self.registry = self._registry(self.pm, config, starting=True)
        if config.hermes.enabled:
            self._hermes = HermesBridge(config, self.mqtt, submit=self.submit, allow=lambda: self._limiter.allow())
            self._hermes.subscribe()
        if config.homeassistant.discovery:
            self._discovery = DiscoveryAnnouncer(config, self.mqtt, self._set_muted)
            self._discovery.start()
        self._report_refused_plugins()
        if self._given_understander is not None:
            self.understander = self._given_understander
        else:
            from homeslm.daemon.build import build_understander  # loads the intent model

            self.notifier.status("loading the intent model")
            self.understander = build_understander(config, supports=self._supports,
                                                    model_dir=self._models.serving_dir(config))
        self.pipeline = self._pipeline(self.registry, config)
        self._models.assess(config, self.registry, self.understander.model)

        self.mqtt.add_connection_listener(self._on_connection)
        self.mqtt.add_displaced_listener(self._on_displaced)
        self._subscribe_commands()
        if not config.commands.enabled:
            logger.info("commands over MQTT are disabled (commands: {enabled: false}); %s is not subscribed",
                        command_topic(config.site))
        self._remote_listen.subscribe(self.mqtt)
        self._claim_site(config)
        self.notifier.status(f"connecting to the MQTT broker at {config.mqtt.host}:{config.mqtt.port}")
        self.mqtt.start()
        self.registry.daemon_started()

        self._worker = threading.Thread(target=self._work, name="homeslm-worker", daemon=True)
        self._accepting = True
        self._worker.start()

        self._voice_link.start(config, self.mqtt, self.pm, self._submit_transcript, self._input_ended, self._meaning)
        if self._hermes is not None:
            self.satellites = start_satellite_audio(config, self.mqtt, self._hermes, plugins=lambda: self.pm,
                                                    submit=self.submit, publish_transcript=self._publish_transcript,
                                                    meaning=self._meaning)
            self._remote_listen.satellite_listen = self._hermes.listen_at
        with self._ready_lock:
            self._built = True
        logger.info("homeslm running: site %s, %d devices in %d areas, commands on %s", config.site,
                    len(config.devices), len(config.areas),
                    command_topic(config.site) if config.commands.enabled else "(disabled)")
        self._started.set()

    def _claim_site(self, config: Config) -> None:
        """Refuse to start when a live daemon already serves this site: connecting under the same client id
        would push it off the broker, and it would push us off, about once a second, forever."""
        from homeslm.mqtt.presence import probe_site

        self.notifier.status(f"checking that no other daemon serves site {config.site}")
        other = probe_site(config.mqtt, config.site, client_class=MqttClient)
        if other is not None:
            raise self._site_taken(other)

    def _site_taken(self, other: SiteInstance) -> ConfigError:
        from homeslm.mqtt.presence import site_taken_message

        return self.config.error("site", site_taken_message(self.config.site, other,
                                                            f"{self.config.mqtt.host}:{self.config.mqtt.port}"))

    def _on_displaced(self, other: SiteInstance) -> None:
        """The MQTT client found an older daemon serving this site after a lost connection (its site-check
        thread): stop, and let :meth:`run` raise the error."""
        self._displaced_by = other
        self.stop()

    def _submit_transcript(self, text: str, confidence: float | None = None) -> None:
        """The microphone's final transcript: also ``hermes/asr/textCaptured`` with Hermes on."""
        if self._hermes is not None and text.strip():
            self._hermes.captured(self.config.site, text, confidence)
        super()._submit_transcript(text, confidence)

    def _meaning(self, text: str, area: str | None = None, site: str | None = None) -> Hashable:
        """What ``text`` would be understood as now, said in ``area`` at ``site`` (after that site's previous
        command; default: this daemon's): the voice loops weigh a recogniser's readings with it."""
        understander = self.understander
        return understander.meaning(text, area=area, site=site) if understander is not None else ()

    def _publish_transcript(self, text: str, confidence: float | None, site: str) -> None:
        pipeline = self.pipeline
        if pipeline is not None:
            pipeline.publish_transcript(text, confidence, site=site)

    # -- speaking -----------------------------------------------------------------------------------

    def _speak(self, text: str) -> None:
        """The pipeline's TTS hook: queued for the speaker thread (clipped), so that the worker goes on."""
        self._speaker.say(text)

    def _speak_now(self, text: str) -> None:
        """Say ``text`` (speaker thread): the ``speak`` plugins, with the microphone muted meanwhile."""
        pm = self.pm
        if pm is None:
            return
        with self._speak_lock:
            voice = self.voice
            if voice is not None:
                voice.mute()
            try:
                speak_with_plugins(pm, text)
            finally:
                if voice is not None and not self._mic_muted:
                    voice.unmute()

    def _set_muted(self, site: str, muted: bool) -> None:
        """Home Assistant's mute switch of a site (MQTT dispatcher thread): its voice loop hears nothing while muted."""
        if site != self.config.site:
            satellites = self.satellites
            if satellites is not None and satellites.set_muted(site, muted) and self._discovery is not None:
                self._discovery.publish_mute(muted, site)
            return
        with self._speak_lock:  # not while an answer is spoken: that unmutes at its end
            self._mic_muted = muted
            voice = self.voice
            if voice is not None:
                if muted:
                    voice.mute()
                else:
                    voice.unmute(followup=False)
        logger.info("microphone %s by Home Assistant's switch", "muted" if muted else "unmuted")
        if self._discovery is not None:
            self._discovery.publish_mute(muted)

    def _announce(self, text: str) -> None:
        """Plugins' announcements (timer ends): published as a response and spoken."""
        self._announce_at(text, self.config.site)

    def _announce_at(self, text: str, site: str) -> None:
        """An announcement of what a command of ``site`` started (its timer ends): said there, a satellite's
        over Hermes (tts/say, playBytes)."""
        pipeline = self.pipeline
        if pipeline is None:
            logger.info("announcement before the pipeline was built: %s", text)
            return
        pipeline.announce(text, site=site)
        hermes = self._hermes
        if hermes is not None:
            hermes.say(site, text)

    def _too_old(self, command: Command, age_s: float) -> None:
        super()._too_old(command, age_s)
        if self._hermes is not None:
            self._hermes.not_run(command.site or self.config.site, command.request_id, command.text)

    def _say_at(self, site: str, text: str) -> None:
        """An answer the worker gives itself (a command that came too late), at the site that spoke."""
        hermes = self._hermes
        if hermes is None or not hermes.say(site, text):
            super()._say_at(site, text)

    # -- signals and stopping -----------------------------------------------------------------------

    def _install_signals(self) -> Callable[[], None]:
        def on_stop() -> None:
            self._stop_requested = True

        def on_reload() -> None:
            self._reload_requested = True

        return install_signals(on_stop, on_reload)

    def _shutdown(self) -> None:
        started = time.monotonic()
        self._accepting = False
        self.notifier.stopping("stopping")
        logger.info("homeslm stopping")
        self._models.stop()
        self._voice_link.stop()
        if self.satellites is not None:
            self.satellites.stop()
        if self._worker is not None:
            dropped = 0
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if isinstance(item, Command):
                    dropped += 1
                    if item.source != "mqtt":  # an MQTT one is not acknowledged: it comes again at the next start
                        self.counts.count("stopping")
            if dropped:
                logger.warning("stopping: %d queued commands not run (those over MQTT come again at the next "
                               "start)", dropped)
            self._queue.put(STOP_WORKER)
            self._worker.join(INFLIGHT_GRACE_S)
            if self._worker.is_alive():
                logger.warning("stopping: the utterance in progress did not finish within %.1f s; abandoned",
                               INFLIGHT_GRACE_S)
        self._speaker.stop(SPEAKER_STOP_S)
        if self.registry is not None and self._built:
            registry = self.registry
            stopper = threading.Thread(target=registry.daemon_stopping, name="homeslm-plugins-stop", daemon=True)
            stopper.start()
            stopper.join(PLUGINS_STOP_S)
            if stopper.is_alive():
                logger.warning("stopping: plugins did not finish daemon_stopping within %.1f s", PLUGINS_STOP_S)
        if self.mqtt is not None:
            self.mqtt.stop(timeout_s=MQTT_STOP_S)
        logger.info("homeslm stopped in %.1f s", time.monotonic() - started)
