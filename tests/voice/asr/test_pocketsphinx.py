"""The default recogniser: pocketsphinx's English acoustic model with a language model built for the home.

Real audio: commands spoken by espeak-ng in several voices, with a noise floor and some with 20 dB noise.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

import pytest

from homeslm.daemon.build import speech_engines
from homeslm.voice.asr import spoken_form
from homeslm.voice.asr.base import Recognizer
from homeslm.voice.asr.base import NameCorrector, home_phrases, transcribe_samples
from homeslm.voice.asr.language_model import build_arpa, common_words, english_background
from homeslm.voice.asr.pocketsphinx import PocketsphinxRecognizer, PocketsphinxSettings, comfort_noise
from homeslm.voice.asr.pronunciation import build_dictionary, default_model_dir, read_cmudict
from homeslm.config.model import Config, Device, Floor
from homeslm.voice.loop import VoiceSettings

import audio_synth

pytest.importorskip("pocketsphinx")
needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox are needed to synthesise speech")


def home() -> Config:
    return Config(
        site="study", area="study",
        areas=("lounge", "kitchen", "study", "porch", "nursery", "landing"),
        floors=(Floor("downstairs", ("lounge", "kitchen", "study", "porch")), Floor("upstairs", ("nursery", "landing"))),
        devices=(
            Device("arc lamp", "light", "zigbee2mqtt", area="lounge", topic="lounge_arc"),
            Device("soundbar", "media_player", "mqtt", area="lounge", topic="lounge/soundbar"),
            Device("porch light", "light", "tasmota", area="porch", topic="porch"),
            Device("smart lock", "lock", "zigbee2mqtt", area="porch", aliases=("door lock",), topic="lock"),
            Device("shutters", "cover", "tasmota", area="lounge", device_class="shutter", topic="shutters"),
            Device("cot light", "light", "zigbee2mqtt", area="nursery", aliases=("crib light",), topic="cot"),
            Device("radiator", "climate", "zigbee2mqtt", area="lounge", topic="trv"),
            Device("fountain pump", "switch", "tasmota", area="porch", topic="fountain"),
        ),
    )


# ---------------------------------------------------------------- the language model itself


def arpa_model(text: str) -> tuple[int, dict[tuple[str, ...], tuple[float, float]]]:
    grams: dict[tuple[str, ...], tuple[float, float]] = {}
    order = 0
    section = 0
    for line in text.splitlines():
        m = re.match(r"\\(\d)-grams:", line)
        if m:
            section = int(m.group(1))
            order = max(order, section)
            continue
        parts = line.split()
        if section and len(parts) >= section + 1 and not line.startswith("\\"):
            bow = float(parts[section + 1]) if len(parts) > section + 1 else 0.0
            grams[tuple(parts[1 : section + 1])] = (float(parts[0]), bow)
    return order, grams


def logprob(grams: dict[tuple[str, ...], tuple[float, float]], words: tuple[str, ...]) -> float:
    """log10 P(w | history) by ARPA back-off."""
    if words in grams:
        return grams[words][0]
    bow = grams.get(words[:-1], (0.0, 0.0))[1]
    return bow + logprob(grams, words[1:])


def test_language_model_is_normalised_arpa() -> None:
    sentences = ["turn on the porch light", "turn off the porch light", "turn on the arc lamp",
                 "open the shutters", "set the radiator to twenty degrees"]
    text = build_arpa(sentences, order=3)
    order, grams = arpa_model(text)
    assert order == 3
    counts = {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"ngram (\d)=(\d+)", text)}
    assert counts[1] == sum(1 for g in grams if len(g) == 1)
    vocab = [g[0] for g in grams if len(g) == 1 and g[0] != "<s>"]
    for history in [("<s>", "turn"), ("turn", "on"), ("the",), ("<s>",), ("zzz", "the")]:
        total = sum(10 ** logprob(grams, (*history[-2:], w)) for w in vocab)
        assert math.isclose(total, 1.0, rel_tol=1e-3), f"P(. | {history}) sums to {total}"
    assert logprob(grams, ("turn", "on", "the")) > logprob(grams, ("turn", "on", "shutters"))


def test_background_words_take_their_share() -> None:
    bg = common_words(500)
    assert "the" in bg and len(bg) == 500
    _, plain = arpa_model(build_arpa(["open the shutters"]))
    _, mixed = arpa_model(build_arpa(["open the shutters"], background=bg, background_weight=0.3))
    assert ("think",) not in plain and ("think",) in mixed
    assert math.isclose(sum(10 ** v[0] for g, v in mixed.items() if len(g) == 1 and g[0] != "<s>"), 1.0, rel_tol=1e-3)


def test_english_background_is_a_normalised_bigram_model() -> None:
    bg = english_background(2000)
    assert len(bg.unigrams) == 2002 and "weather" in bg.unigrams  # with <s> and </s>
    assert math.isclose(sum(bg.unigrams.values()), 1.0, rel_tol=1e-6)
    for previous in ("the", "i", "<s>", "weather"):
        assert math.isclose(sum(bg.prob(w, previous) for w in bg.unigrams), 1.0, rel_tol=1e-6), previous
    assert bg.prob("think", "i") > 20 * bg.prob("think")
    small = bg.restricted(["i", "think", "the", "weather"])
    assert set(small.unigrams) == {"i", "think", "the", "weather", "<s>", "</s>"}
    assert math.isclose(sum(small.prob(w, "i") for w in small.unigrams), 1.0, rel_tol=1e-6)


def test_background_english_is_interpolated_into_a_normalised_model() -> None:
    sentences = ["turn on the porch light", "turn off the porch light", "open the shutters"]
    _, plain = arpa_model(build_arpa(sentences))
    _, mixed = arpa_model(build_arpa(sentences, background=english_background(2000), background_weight=0.3))
    vocab = [g[0] for g in mixed if len(g) == 1 and g[0] != "<s>"]
    for history in [("<s>", "turn"), ("turn", "on"), ("the",), ("<s>",), ("i",), ("porch",), ("zzz", "the")]:
        total = sum(10 ** logprob(mixed, (*history, w)) for w in vocab)
        assert math.isclose(total, 1.0, rel_tol=2e-3), f"P(. | {history}) sums to {total}"
    # The home's commands keep most of their weight; everyday English becomes possible, as English.
    assert logprob(mixed, ("turn", "on", "the")) > math.log10(0.6)
    assert ("i", "think") in mixed and logprob(mixed, ("i", "think")) > logprob(mixed, ("the", "think")) + 1
    assert ("think",) not in plain


def test_comfort_noise_is_a_seamless_pink_loop_at_the_asked_level() -> None:
    import numpy as np

    noise = comfort_noise(100.0, seconds=2.0)
    assert len(noise) == 32000 and math.isclose(float(np.sqrt(np.mean(noise**2))), 100.0, rel_tol=1e-3)
    power = np.abs(np.fft.rfft(noise)) ** 2
    freqs = np.fft.rfftfreq(len(noise), 1 / 16000)
    assert power[(freqs > 100) & (freqs < 400)].mean() > 5 * power[(freqs > 3000) & (freqs < 6000)].mean()
    looped = np.concatenate([noise, noise])
    step = np.abs(np.diff(looped))
    assert step[len(noise) - 1] < 6 * float(np.mean(step)), "no click where the loop wraps"


def test_dictionary_spells_compounds_and_reports_unknown_words() -> None:
    cmudict = read_cmudict(default_model_dir() / "cmudict-en-us.dict")
    text, missing = build_dictionary(["soundbar", "light", "qzxvbn"], cmudict, {"zigbee": "Z IH G B IY"})
    lines = dict(line.split(" ", 1) for line in text.strip().splitlines())
    assert lines["soundbar"] == f"{cmudict['sound'][0]} {cmudict['bar'][0]}"
    assert lines["light"] == "L AY T"
    assert missing == ["qzxvbn"]
    text, _ = build_dictionary(["zigbee"], cmudict, {"zigbee": "z ih g b iy"})
    assert text.strip() == "zigbee Z IH G B IY"


def test_spoken_form_spells_numbers() -> None:
    assert spoken_form("Dim the lounge to 30 %") == "dim the lounge to thirty percent"
    assert spoken_form("set a timer for 5 minutes") == "set a timer for five minutes"


def test_name_corrector_pulls_near_misses_to_home_names() -> None:
    fix = NameCorrector(home_phrases(home()))
    assert fix.correct("turn on the arc lamb") == "turn on the arc lamp"
    assert fix.correct("pause the sound bar") == "pause the soundbar"
    assert fix.correct("turn on the fountain bump") == "turn on the fountain pump"
    assert fix.correct("turn on the porch lights") == "turn on the porch lights", "plurals keep their meaning"
    assert fix.correct("turn on the porch light") == "turn on the porch light"
    assert fix.correct("what a lovely day") == "what a lovely day"


def test_home_phrases_cover_names_aliases_areas_and_floors() -> None:
    phrases = home_phrases(home())
    for p in ("arc lamp", "door lock", "crib light", "nursery", "upstairs", "study"):
        assert p in phrases


# ---------------------------------------------------------------- real speech

COMMANDS = [
    "turn on the porch light",
    "turn off the arc lamp",
    "open the shutters",
    "lock the smart lock",
    "turn off the lights in the nursery",
    "set the radiator to twenty degrees",
    "pause the soundbar",
    "turn on the fountain pump",
]
VOICES = ["en-us", "en-gb", "en+f3", "en-us+m3"]
STOP = {"the", "a", "an", "to", "in", "for", "please", "of"}


def content(text: str) -> list[str]:
    """The words that carry the command (what the intent model needs), plurals folded."""
    return [w.rstrip("s") for w in text.split() if w not in STOP]


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    """What the daemon builds by default: grammar sentences, core command forms and the home's names."""
    return speech_engines(home()).make_recognizer(VoiceSettings(recognizer="pocketsphinx"))  # the built-in plugin


@needs_espeak
def test_commands_in_several_voices_are_recognised(recognizer: Recognizer) -> None:
    results: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for i, text in enumerate(COMMANDS):
        for voice in VOICES[:2] if i % 2 else VOICES[2:]:
            audio = audio_synth.synth(text, voice)
            got = transcribe_samples(recognizer, audio)
            ok = content(got.text) == content(text)
            results[voice].append(ok)
            if not ok:
                misses.append((voice, text, got.text))
    total = sum(sum(v) for v in results.values())
    n = sum(len(v) for v in results.values())
    # en+f3, the one high voice, is the acoustic model's weakest by far (11% of `homeslm bench voice`
    # commands executed correctly against 27-50% for the others): the lower voices must each be nearly
    # always right, the high one may miss
    for voice in ("en-us", "en-gb", "en-us+m3"):
        assert sum(results[voice]) >= len(results[voice]) - 1, f"{voice}: {results[voice]}; misses: {misses}"
    assert total >= n - 4, f"{total}/{n} commands recognised; misses: {misses}"


@needs_espeak
def test_commands_in_20_db_noise_are_mostly_recognised(recognizer: Recognizer) -> None:
    ok = 0
    misses = []
    for i, text in enumerate(COMMANDS):
        got = transcribe_samples(recognizer, audio_synth.synth(text, VOICES[i % 2], snr_db=20, seed=i))
        ok += content(got.text) == content(text)
        if content(got.text) != content(text):
            misses.append((text, got.text))
    assert ok >= len(COMMANDS) - 2, f"{ok}/{len(COMMANDS)} in 20 dB noise; misses: {misses}"


@needs_espeak
def test_partials_arrive_while_speaking(recognizer: Recognizer) -> None:
    audio = audio_synth.synth("turn on the porch light", "en-us")
    recognizer.start_utterance()
    partials = [p.text for i in range(0, len(audio), 1600) if (p := recognizer.accept(audio[i : i + 1600])) is not None]
    final = recognizer.finish()
    assert partials, "partial results while the utterance is spoken"
    assert len(set(partials)) == len(partials), "a partial is only reported when it changed"
    assert final.text == "turn on the porch light"
    assert 0.0 < final.confidence <= 1.0


@needs_espeak
def test_vocabulary_update_adds_new_names() -> None:
    config = home()
    rec = PocketsphinxRecognizer(["turn on the porch light", "turn off the porch light"], home_phrases(config))
    audio = audio_synth.synth("turn on the aquarium heater", "en-us")
    assert "aquarium" not in transcribe_samples(rec, audio).text
    rec.set_vocabulary([*home_phrases(config), "aquarium heater", "turn on the aquarium heater"])
    assert transcribe_samples(rec, audio).text == "turn on the aquarium heater"


def test_words_without_pronunciation_are_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    rec = PocketsphinxRecognizer(["turn on the qzxvbn"], ["qzxvbn lamp"], PocketsphinxSettings(order=2))
    assert rec.missing_words == ["qzxvbn"]
    assert "no pronunciation for qzxvbn" in caplog.text


CHATTER = [
    "did you remember to buy some milk",
    "i think the meeting got moved to thursday",
    "my sister is coming over for dinner tonight",
    "the children are playing in the garden",
    "i need to call the dentist tomorrow",
    "we are out of bread and eggs",
]


@needs_espeak
def test_confidence_separates_commands_from_chatter(recognizer: Recognizer) -> None:
    """Chatter is forced into the home's words, but some word of it always has a low posterior."""
    threshold = VoiceSettings().min_confidence
    chatter = [recognizer.transcribe(audio_synth.synth(t, v)) for t, v in zip(CHATTER, VOICES * 2)]
    accepted = [c.text for c in chatter if c.confidence >= threshold]
    assert len(accepted) <= 1, f"chatter taken as commands: {accepted}"
    commands = [recognizer.transcribe(audio_synth.synth(t, "en-us")) for t in COMMANDS[:4]]
    assert [c.text for c in commands if c.confidence >= threshold] == COMMANDS[:4]


def test_word_salad_of_the_homes_words_is_implausible_in_its_language_model(recognizer: Recognizer) -> None:
    """The confidence is lowered by how unlikely the words are as a command (``lm_mean_floor``)."""
    assert isinstance(recognizer, PocketsphinxRecognizer)
    floor = recognizer.settings.lm_mean_floor
    assert floor is not None

    def mean(text: str) -> float:
        logprobs = recognizer.word_logprobs(text.split())
        assert len(logprobs) == len(text.split()) + 1  # and the end of the sentence
        return sum(logprobs) / len(logprobs)

    for command in ("turn off the arc lamp", "open the shutters in the study", "set the heating to twenty degrees"):
        assert mean(command) >= floor, command
    for salad in ("lamp the off arc turn", "my soundbar to you have the", "shutters lamp the study off heating"):
        assert mean(salad) < floor, salad


@needs_espeak
def test_whole_file_decoding_needs_no_warm_up() -> None:
    """The first utterance of a fresh recogniser (``homeslm transcribe``) is decoded with its own cepstral mean."""
    rec = speech_engines(home()).make_recognizer(VoiceSettings(lm_sentences=300))
    assert rec.transcribe(audio_synth.synth("turn off the arc lamp", "en-gb")).text == "turn off the arc lamp"


@needs_espeak
def test_transcribe_command_prints_the_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from homeslm import cli

    config = tmp_path / "homeslm.yaml"
    config.write_text("site: study\nareas: [lounge, porch]\nvoice: {lm_sentences: 300}\ndevices:\n"
                      "  - {name: arc lamp, area: lounge, type: light, plugin: zigbee2mqtt, topic: arc}\n"
                      "  - {name: porch light, area: porch, type: light, plugin: tasmota, topic: porch}\n")
    wav = audio_synth.synth_wav("turn off the arc lamp", "en-gb", directory=tmp_path)
    assert cli.main(["transcribe", "--config", str(config), str(wav)]) == 0
    assert capsys.readouterr().out == "turn off the arc lamp\n"
    assert cli.main(["transcribe", "--config", str(config), str(tmp_path / "missing.wav")]) == 1
    assert "missing.wav: cannot read" in capsys.readouterr().err


def test_language_model_sentences_are_cached_per_home_and_grammar(tmp_path: Path) -> None:
    from dataclasses import replace

    from homeslm.voice.asr import command_sentences

    cache = tmp_path / "cache"
    first = command_sentences(home(), 40, cache_dir=cache)
    files = list(cache.glob("lm-sentences-*.txt"))
    assert len(first) == 40 and len(files) == 1 and files[0].read_text().splitlines() == first
    # the next start reads the file instead of drawing (a marked file proves it)
    marked = [f"turn on the arc lamp {i}" for i in range(40)]
    files[0].write_text("\n".join(marked) + "\n")
    assert command_sentences(home(), 40, cache_dir=cache) == marked
    # another home is another key: drawn afresh, and the old draw is dropped
    bigger = replace(home(), devices=(*home().devices, Device("bubble machine", "switch", "tasmota", area="porch", topic="bub")))
    third = command_sentences(bigger, 40, cache_dir=cache)
    assert third != marked and [f.read_text().splitlines() for f in cache.glob("lm-sentences-*.txt")] == [third]
    # a cache that cannot be written costs only the time
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert len(command_sentences(home(), 40, cache_dir=blocked / "cache")) == 40


def test_pitch_tracker_finds_the_fundamental_of_a_voiced_sound() -> None:
    import numpy as np

    from homeslm.voice.asr.pitch import PitchTracker, warp_for

    t = np.arange(16000) / 16000
    vowel = sum(np.sin(2 * np.pi * 180 * k * t) / k for k in range(1, 6))  # a 180 Hz buzz with harmonics
    tracker = PitchTracker()
    tracker.feed((vowel * 4000).astype(np.int16))
    assert tracker.pitch() == pytest.approx(180, rel=0.03)
    silent = PitchTracker()
    silent.feed(np.zeros(16000, dtype=np.int16))
    assert silent.pitch() is None  # nothing voiced: no pitch, and the first row's warp
    table = ((0.0, 0.9), (160.0, 1.2))
    assert (warp_for(None, table), warp_for(110.0, table), warp_for(180.0, table)) == (0.9, 0.9, 1.2)


@needs_espeak
def test_a_high_voice_is_decoded_with_its_own_frequency_warp() -> None:
    from homeslm.voice.asr.pitch import PitchTracker

    low, high = audio_synth.synth("turn on the porch light", "en-us"), audio_synth.synth("turn on the porch light", "en+f3")
    pitches = []
    for audio in (low, high):
        tracker = PitchTracker()
        tracker.feed(audio)
        pitches.append(tracker.pitch())
    assert pitches[0] is not None and pitches[1] is not None and pitches[0] < 160 < pitches[1], pitches
    settings = PocketsphinxSettings(pitch_warps=((0.0, 0.9), (160.0, 1.2)))
    rec = PocketsphinxRecognizer(["turn on the porch light", "turn off the porch light", "open the garage door"],
                                 ["porch light", "garage door"], settings)
    got = []
    for audio in (high, low, high):  # streamed: the warp is chosen once the first voiced frames are heard
        rec.start_utterance()
        for i in range(0, len(audio), 1600):
            rec.accept(audio[i : i + 1600])
        got.append((rec.finish().text, rec.warp))
    assert [warp for _, warp in got] == [1.2, 0.9, 1.2]
    assert got[1][0] == "turn on the porch light" and all(text.endswith("porch light") for text, _ in got), got


def test_pitch_warps_from_the_config_are_checked() -> None:
    from homeslm.voice.asr import pocketsphinx_settings
    from homeslm.errors import ConfigError

    ok = pocketsphinx_settings(VoiceSettings(pocketsphinx={"pitch_warps": [[0, 0.9], [160, 1.25]]}))
    assert ok.pitch_warps == ((0.0, 0.9), (160.0, 1.25))
    assert pocketsphinx_settings(VoiceSettings(pocketsphinx={"pitch_warps": []})).pitch_warps == ()  # off
    for bad, says in (([[160, 1.3], [0, 0.9]], "must rise"), ([[0, "fast"]], "not a \\[from_hz, warp\\] pair"),
                      ([[0, 3.0]], "outside 0.7..1.6")):
        with pytest.raises(ConfigError, match=says) as caught:
            pocketsphinx_settings(VoiceSettings(pocketsphinx={"pitch_warps": bad}))
        assert "voice.pocketsphinx" in str(caught.value)
