"""Remote listening: ``homeslm/<site>/listen`` opens the microphone without the wake phrase (issue 18).

Whoever can publish to the broker could otherwise listen to the room, so it is an explicit opt-in,
``commands: {remote_listen: true}`` (off by default), and then:

- the daemon subscribes to the listen topic only while ``commands.enabled`` and ``commands.remote_listen``
  are both on (a reload that turns it on subscribes; one that turns it off leaves the subscription,
  which cannot be undone, ignoring what arrives);
- at most one opening per ``commands.remote_listen_interval_s``; those sooner are ignored and logged
  (at most one log line a second);
- every opening is audible, the voice front end plays the chime whatever ``voice.chime`` says
  (:class:`homeslm.voice.loop.VoiceLoop`'s ``on_push_to_talk``), and visible: the retained
  ``homeslm/<site>/microphone`` says the microphone was opened remotely, and when
  (:meth:`homeslm.voice.link.VoiceLink.opened_remotely`);
- with Hermes satellites heard by the hub (``hermes: {enabled: true, audio: true}``), each satellite's
  ``homeslm/<siteId>/listen`` opens that satellite (:attr:`RemoteListen.satellite_listen`: a new Hermes
  session, ``hermes/dialogueManager/sessionStarted``, is what makes it visible; the satellite has no chime
  here), under the same switch and with its own interval.

:class:`RemoteListen` is a part of :class:`homeslm.daemon.runner.Daemon`; its callback runs on the MQTT
dispatcher thread and only checks and hands over.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from homeslm.config.model import Config
from homeslm.mqtt import MqttClient, listen_topic
from homeslm.voice.link import VoiceLink

logger = logging.getLogger(__name__)


def remote_listen_on(config: Config) -> bool:
    """Whether the config lets ``homeslm/<site>/listen`` open the microphone."""
    return config.commands.enabled and config.commands.remote_listen


class RemoteListen:
    """The listen topic of one daemon (see the module docstring).

    :param config: the config the daemon starts with; :meth:`reload` gives the next one.
    :param voice_link: the daemon's voice front end (its ``front_end`` is ``None`` when none runs).
    :param clock: monotonic seconds (tests may pass their own).
    """

    def __init__(self, config: Config, voice_link: VoiceLink, clock: Callable[[], float] = time.monotonic) -> None:
        self._config = config
        self._voice_link = voice_link
        self._clock = clock
        self._lock = threading.Lock()
        self._subscribed_to: MqttClient | None = None
        self._last_opened_s: dict[str, float] = {}
        self.satellite_listen: Callable[[str], bool] | None = None
        """Opens a satellite by its site id (the daemon's Hermes bridge); ``False`` when it is not heard."""
        self._last_refused_log_s = -1e9
        self.opened = 0
        """Remote openings let through so far."""
        self.refused = 0
        """Remote openings ignored so far (too soon, turned off, no voice front end)."""

    def subscribe(self, mqtt: MqttClient) -> None:
        """Subscribe to the listen topic when the config lets it open the microphone (once per client)."""
        config = self._config
        topic = listen_topic(config.site)
        if not remote_listen_on(config):
            why = ("commands over MQTT are disabled (commands: {enabled: false})" if not config.commands.enabled
                   else "remote listening is off (commands: {remote_listen: false})")
            logger.info("%s: %s is not subscribed", why, topic)
            return
        if self._subscribed_to is mqtt:
            return
        self._subscribed_to = mqtt
        # A retained listen message would open the microphone at every reconnect: ignored.
        mqtt.subscribe(topic, self._on_listen, qos=1, retained=False)
        if config.hermes.enabled and config.hermes.audio:  # satellites added by a reload need a restart
            for satellite in config.hermes.satellites:
                mqtt.subscribe(listen_topic(satellite.site_id), self._on_listen, qos=1, retained=False)
        logger.warning("remote listening is on: a message on %s opens the microphone (with the chime, at most "
                       "once every %g s); restrict who may publish to it with the broker's ACL (docs/service.md)",
                       topic, config.commands.remote_listen_interval_s)

    def reload(self, config: Config, mqtt: MqttClient | None) -> None:
        """Take the reloaded config (main thread): subscribe when it turned remote listening on."""
        with self._lock:
            self._config = config
        if mqtt is not None and remote_listen_on(config):
            self.subscribe(mqtt)

    def _on_listen(self, topic: str, payload: bytes) -> None:
        """A message on the listen topic (MQTT dispatcher thread): check, limit, open the microphone."""
        with self._lock:
            config = self._config
            if not remote_listen_on(config):
                self._refuse(f"remote listening was turned off (commands: {{remote_listen: false}}); {topic} ignored")
                return
            site = topic.split("/")[1]
            voice = self._voice_link.front_end if site == config.site else None
            satellite_listen = self.satellite_listen if site != config.site else None
            if voice is None and satellite_listen is None:
                self._refuse(f"a request on {topic} to listen, but no voice front end is running")
                return
            now = self._clock()
            interval = config.commands.remote_listen_interval_s
            last = self._last_opened_s.get(site)
            if last is not None and now - last < interval:
                self._refuse(f"a request on {topic} to listen {now - last:.1f} s after the last "
                             f"one; ignored (at most one every {interval:g} s: commands.remote_listen_interval_s)")
                return
            self._last_opened_s[site] = now
            self.opened += 1
        if satellite_listen is not None:
            if satellite_listen(site):
                logger.warning("satellite %s was opened remotely over %s", site, topic)
            return
        assert voice is not None
        logger.warning("the microphone was opened remotely over %s (with the chime)", topic)
        self._voice_link.opened_remotely(topic)
        voice.push_to_talk()

    def _refuse(self, why: str) -> None:
        """Count one ignored request; log at most one line a second (a flood must not flood the log)."""
        self.refused += 1
        now = self._clock()
        if now - self._last_refused_log_s >= 1.0:
            self._last_refused_log_s = now
            logger.warning("%s (%d ignored so far)", why, self.refused)
