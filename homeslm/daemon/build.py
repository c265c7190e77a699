"""Builders: every part of the chain made from the config. Only the daemon, the CLI and the benchmarks
call them; the parts themselves (understanding, the voice front end, the plugins) build nothing.

:func:`build_understander` loads the intent model and builds the understander; :func:`speech_engines`
gathers the recognisers and wake engines the plugins provide; :func:`build_voice_loop` makes the
whole voice front end (microphone or WAV files, wake engine, recogniser); :func:`build_wake` the
built-in keyword spotter alone (the wake benchmark); :func:`build_satellite_loop` one Hermes satellite's
voice loop on the hub.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import pluggy

from homeslm.config.model import Config, Device, Satellite
from homeslm.config.voice import VoiceSettings
from homeslm.understanding.model import IntentModel
from homeslm.understanding.understander import Understander
from homeslm.voice.asr.base import Transcript
from homeslm.voice.audio import AudioSource
from homeslm.voice.engines import SpeechEngines
from homeslm.voice.loop import PartialCallback, VoiceLoop
from homeslm.voice.shared_models import SharedModels
from homeslm.voice.wake import WakeDetector


def build_understander(config: Config, supports: Callable[[Device, str], bool] | None = None, *,
                        model_dir: str | Path | None = None) -> Understander:
    """Load the intent model named by the config (or the shipped default; ``model_dir`` instead: the daemon's
    model retrained for the home) and build an understander."""
    model = IntentModel(model_dir if model_dir is not None else config.model.path, threads=config.model.threads)
    return Understander(config, model, supports=supports)


def build_wake(settings: VoiceSettings) -> WakeDetector | None:
    """The built-in pocketsphinx keyword spotter for ``voice.wake_phrase`` (``None`` when it is null).

    This is what the built-in ``pocketsphinx`` wake engine builds; the voice loop chooses its wake
    engine through the plugins (:func:`speech_engines`)."""
    if settings.wake_phrase is None:
        return None
    from homeslm.voice.asr import pocketsphinx_settings
    from homeslm.voice.wake import KeywordSpotter

    ps = pocketsphinx_settings(settings)
    return KeywordSpotter(settings.wake_phrase, threshold=settings.wake_threshold,
                          sensitivity=settings.wake_sensitivity, pronunciations=ps.pronunciations,
                          model_dir=ps.model_dir)


def speech_engines(config: Config, plugin_manager: pluggy.PluginManager | None = None) -> SpeechEngines:
    """The recognisers and wake engines the plugins provide (``register_recognizers`` /
    ``register_wake_engines``); ``plugin_manager``: the daemon's, or ``None`` to load the config's plugins."""
    from homeslm.plugins.manager import plugin_manager_from_config

    pm = plugin_manager if plugin_manager is not None else plugin_manager_from_config(config)
    return SpeechEngines(pm, config)


def build_voice_loop(
    config: Config,
    submit: Callable[[str, float | None], None],
    *,
    source: AudioSource | None = None,
    input_path: str | Path | None = None,
    realtime: bool = True,
    plugin_manager: pluggy.PluginManager | None = None,
    on_partial: PartialCallback | None = None,
    on_status: Callable[[str, str], None] | None = None,
    on_input_end: Callable[[], None] | None = None,
    meaning: Callable[[str], Hashable] | None = None,
) -> VoiceLoop:
    """The whole voice front end from the config: microphone (or WAV files), wake engine, recogniser.

    The recogniser (``voice.recognizer``) and the wake engine (``voice.wake_engine``) are built by the
    plugin that provides them (:func:`speech_engines`); a name no plugin provides is a
    :class:`homeslm.ConfigError` at that key listing the installed choices.

    :param submit: ``submit(text, confidence)`` for each accepted transcript (the daemon's worker).
    :param source: the audio to listen to instead of the microphone or ``input_path``.
    :param input_path: a WAV file or directory fed as if it were the microphone (`homeslm run --input`).
    :param realtime: feed ``input_path`` at real-time pace.
    :param plugin_manager: the plugins to take the engines from; ``None``: load the config's plugins.
    :param on_partial: partial results (published on MQTT by the daemon).
    :param on_status: microphone ``lost``/``ok`` reports.
    :param on_input_end: the end of ``input_path`` (a microphone never ends): see :class:`VoiceLoop`.
    :param meaning: what a transcript means (the daemon's intents for it): see :class:`VoiceLoop`.
    """
    from homeslm.voice.audio import MicrophoneSource, WavSource, play_samples
    from homeslm.voice.wake import chime

    settings = config.voice_settings
    engines = speech_engines(config, plugin_manager)
    wake = engines.make_wake_engine(settings)
    recognizer = engines.make_recognizer(settings)
    if source is None and input_path is not None:
        source = WavSource(input_path, realtime=realtime)
    elif source is None:
        source = MicrophoneSource(settings.input_device, on_status=on_status)
    sound = chime()

    def play_chime() -> None:
        play_samples(sound)

    # Push-to-talk (``homeslm/<site>/listen``) always chimes: the room hears that the microphone was opened.
    return VoiceLoop(source, wake, recognizer, lambda t: submit(t.text, t.confidence), on_partial,
                     on_wake=play_chime if settings.chime else None, on_push_to_talk=play_chime,
                     on_input_end=on_input_end, end_of_speech=settings.end_of_speech(),
                     followup_s=settings.followup_s, min_confidence=settings.min_confidence,
                     meaning=meaning, min_agreement=settings.min_agreement,
                     second_opinion_confidence=settings.second_opinion_confidence)


def build_satellite_loop(config: Config, satellite: Satellite, source: AudioSource,
                         on_transcript: Callable[[Transcript], None], on_wake: Callable[[], None], *,
                         plugin_manager: pluggy.PluginManager | None = None,
                         meaning: Callable[[str], Hashable] | None = None,
                         shared: SharedModels | None = None) -> VoiceLoop:
    """One Hermes satellite's voice loop on the hub (:class:`homeslm.hermes.sites.SatelliteAudio`): its own wake
    engine and recogniser, as the config's ``voice:`` settings say, for the whole home (the same language
    model as the hub's, so its sentences are drawn once and cached; the satellite's room is applied to what
    it says by the daemon, as the command's area); no chime (the satellite has the loudspeaker).

    ``shared``: the models loaded for the other satellites (:class:`SharedModels`, one for the whole hub): an
    engine whose plugin keeps its model there (the built-in Whisper and Vosk recognisers) shares one model
    with them, each satellite keeping its own recogniser (its own utterance); ``None``: loaded for it alone."""
    settings = config.voice_settings
    engines = speech_engines(config, plugin_manager)
    return VoiceLoop(source, engines.make_wake_engine(settings, shared=shared),
                     engines.make_recognizer(settings, shared=shared), on_transcript,
                     on_wake=on_wake, end_of_speech=settings.end_of_speech(), followup_s=settings.followup_s,
                     min_confidence=settings.min_confidence, meaning=meaning, min_agreement=settings.min_agreement,
                     second_opinion_confidence=settings.second_opinion_confidence)
