"""The daemon as a hub for Hermes satellites' audio (``hermes: {enabled: true, audio: true}`` with satellites):
builds :class:`homeslm.hermes.sites.SatelliteAudio` with one voice loop per satellite
(:func:`homeslm.daemon.build.build_satellite_loop`), their engines sharing one cache of loaded models (one
Whisper model for every satellite, each with its own recogniser: docs/DESIGN.md section 5), and connects it to
the daemon's queue and to the Hermes bridge (wake phrase, transcript, dropped utterance, answers played, a
satellite's own hotword).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable

import pluggy

from homeslm.config.model import Config, Satellite
from homeslm.hermes.bridge import HermesBridge
from homeslm.hermes.sites import SatelliteAudio
from homeslm.mqtt import MqttClient
from homeslm.mqtt.inbox import Command
from homeslm.voice.asr.base import Transcript
from homeslm.voice.audio import AudioSource
from homeslm.voice.loop import VoiceLoop
from homeslm.voice.shared_models import SharedModels

logger = logging.getLogger(__name__)


def start_satellite_audio(config: Config, mqtt: MqttClient, bridge: HermesBridge, *,
                          plugins: Callable[[], pluggy.PluginManager | None],
                          submit: Callable[[Command], bool],
                          publish_transcript: Callable[[str, float | None, str], None],
                          meaning: Callable[[str, str | None, str], Hashable] | None = None) -> SatelliteAudio | None:
    """Listen to the configured satellites' audio (``None`` when Hermes audio is off or there are none).

    :param plugins: the daemon's plugin manager now (the engines come from it; answers are synthesised by it).
    :param submit: queues a command for the worker.
    :param publish_transcript: ``(text, confidence, site)`` on ``homeslm/<site>/transcript``.
    :param meaning: ``(text, area, site)``: what a transcript said in that room at that site means, after that
        site's previous command (see :class:`VoiceLoop`).
    Raises what building a loop raises (an engine no plugin provides: :class:`homeslm.ConfigError`)."""
    if not (config.hermes.enabled and config.hermes.audio and config.hermes.satellites):
        return None
    from homeslm.daemon.build import build_satellite_loop
    from homeslm.plugins.bus import synthesize_with_plugins

    shared = SharedModels()  # the satellites' recognisers share their model: one copy in memory, not one each

    def make_loop(satellite: Satellite, source: AudioSource, on_transcript: Callable[[Transcript], None],
                  on_wake: Callable[[], None]) -> VoiceLoop:
        heard = (lambda text: meaning(text, satellite.area, satellite.site_id)) if meaning is not None else None
        return build_satellite_loop(config, satellite, source, on_transcript, on_wake, plugin_manager=plugins(),
                                    meaning=heard, shared=shared)

    def on_transcript(satellite: Satellite, text: str, confidence: float | None) -> None:
        site = satellite.site_id
        publish_transcript(text, confidence, site)
        if text.strip():
            bridge.captured(site, text, confidence)
            submit(Command(text=text, source="voice", area=satellite.area, site=site))

    def on_wake(site: str) -> None:
        bridge.woke(site)

    def synthesize(text: str) -> bytes | None:
        pm = plugins()
        return synthesize_with_plugins(pm, text) if pm is not None else None

    hub = SatelliteAudio(config, mqtt, make_loop=make_loop, on_transcript=on_transcript, on_wake=on_wake,
                         on_abandoned=bridge.abandoned, synthesize=synthesize)
    hub.start()
    bridge.listen = hub.listen
    bridge.play = hub.say
    return hub
