"""Wake phrase (pocketsphinx keyword spotting) and end of speech, on espeak-ng speech."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from homeslm.errors import AudioError
from homeslm.voice.wake import (
    EndOfSpeech,
    EndOfSpeechSettings,
    EndReason,
    KeywordSpotter,
    NoiseSuppressor,
    chime,
    phrase_phones,
    sensitivity_to_threshold,
)

import audio_synth
from audio_synth import concat, synth

pytest.importorskip("pocketsphinx")
needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox are needed to synthesise speech")

CHATTER = [
    "what a lovely day it is outside",
    "did you remember to buy some milk",
    "the train was late again this morning",
    "have you seen my glasses anywhere",
    "turn on the porch light",
    "we should go for a walk later",
]


def detections(spotter: KeywordSpotter, audio: np.ndarray, chunk: int = 1600) -> list[float]:
    """Times (s) at which the wake phrase was reported."""
    out = []
    for i in range(0, len(audio), chunk):
        if spotter.process(audio[i : i + chunk]):
            out.append((i + chunk) / 16000)
    return out


@needs_espeak
def test_wake_word_is_found_in_a_longer_stream_and_not_in_chatter() -> None:
    spotter = KeywordSpotter("computer")
    voices = ["en-us", "en-gb", "en-us+m3", "en-gb-x-rp"]
    parts = []
    wake_ends = []
    t = 0.0
    for i, voice in enumerate(voices):
        chatter = synth(CHATTER[i], voice)
        wake = synth("computer", voice, tail_s=0.2)
        command = synth("turn off the arc lamp", voice, lead_s=0.1)
        parts += [chatter, wake, command]
        t += (len(chatter) + len(wake)) / 16000
        wake_ends.append(t)
        t += len(command) / 16000
    stream = concat(parts)
    found = detections(spotter, stream)
    hits = [end for end in wake_ends if any(end - 0.6 <= f <= end + 0.8 for f in found)]
    assert len(hits) >= len(wake_ends) - 1, f"wake word heard at {found}, said ending at {wake_ends}"
    assert len(found) <= len(wake_ends), f"false alarms: heard at {found}, said ending at {wake_ends}"

    spotter.reset()
    chatter_only = concat([synth(text, voices[i % len(voices)]) for i, text in enumerate(CHATTER)], gap_s=0.3)
    assert detections(spotter, chatter_only) == [], "no wake word in chatter"


@needs_espeak
def test_lower_sensitivity_hears_less() -> None:
    audio = concat([synth("computer", v, snr_db=10, tail_s=0.2) for v in ("en-us", "en-gb", "en+f3", "en-us+m3")], gap_s=0.5)
    eager = len(detections(KeywordSpotter("computer", sensitivity=1.0), audio))
    strict = len(detections(KeywordSpotter("computer", sensitivity=0.0), audio))
    assert eager >= strict and eager >= 2


@needs_espeak
def test_noise_suppression_lets_the_wake_word_be_heard_in_loud_noise() -> None:
    voices = ("en-us", "en-gb", "en+f3", "en-us+m3")
    audio = concat([synth("computer", v, snr_db=10, lead_s=0.8, tail_s=0.4, seed=i) for i, v in enumerate(voices)],
                   gap_s=0.6)
    plain = len(detections(KeywordSpotter("computer", denoise=False), audio))
    denoised = len(detections(KeywordSpotter("computer"), audio))
    assert denoised >= 3 and denoised >= plain, f"heard {denoised}/4 with noise suppression, {plain}/4 without"


def test_noise_suppressor_removes_steady_noise_and_keeps_a_tone() -> None:
    rng = np.random.default_rng(1)
    n = 16000 * 6
    noise = audio_synth.pink_noise(n, rng) * 600
    t = np.arange(n) / 16000
    tone = np.where(((t > 1.0) & (t < 2.0)) | ((t > 4.0) & (t < 5.0)), 6000 * np.sin(2 * np.pi * 500 * t), 0.0)
    ns = NoiseSuppressor()
    out = np.concatenate([ns.process(chunk) for chunk in np.array_split(np.round(noise + tone).astype(np.int16), 300)])
    assert len(out) == n // ns.hop * ns.hop
    out = out.astype(np.float64)

    def rms(x: np.ndarray, start_s: float, end_s: float, delay: int = 0) -> float:
        return float(np.sqrt(np.mean(x[int(start_s * 16000) + delay : int(end_s * 16000) + delay] ** 2)))

    # Before anything louder than the noise was heard, nothing is suppressed (a quiet room stays as it is).
    assert 0.9 < rms(out, 0.2, 0.9, ns.hop) / rms(noise, 0.2, 0.9) < 1.1
    # Once the "speech" (the tone, 17 dB above the noise) set the level, the noise between is brought
    # down towards 35 dB below it; the tone passes.
    assert rms(out, 2.8, 3.8, ns.hop) < rms(noise, 2.8, 3.8) / 4, "steady noise is suppressed"
    assert 0.8 < rms(out, 4.2, 4.8, ns.hop) / rms(tone, 4.2, 4.8) < 1.2, "a tone well above the noise is kept"


@needs_espeak
def test_the_wake_word_inside_a_sentence_needs_a_pause_before_it() -> None:
    sentence = synth("we bought a computer yesterday", "en-us", lead_s=1.0, tail_s=0.5)
    addressed = concat([synth("we bought it yesterday", "en-us", lead_s=1.0, tail_s=0.0),
                        synth("computer", "en-us", lead_s=0.6, tail_s=0.5)])
    strict = KeywordSpotter("computer")
    assert detections(strict, sentence) == [] and strict.rejected["no pause before"] >= 1
    assert len(detections(KeywordSpotter("computer"), addressed)) == 1
    assert len(detections(KeywordSpotter("computer", pause_s=0), sentence)) == 1


@needs_espeak
def test_too_short_detections_are_refused() -> None:
    audio = synth("computer", "en-us", lead_s=0.8)
    eager = KeywordSpotter("computer", min_phone_s=0.5)  # 4 s for 8 phones: nothing said is that long
    assert detections(eager, audio) == [] and eager.rejected["too short"] == 1
    assert eager.min_duration_s == pytest.approx(4.0)
    assert len(detections(KeywordSpotter("computer"), audio)) == 1


@needs_espeak
def test_a_wake_word_said_across_a_search_restart_is_heard() -> None:
    audio = synth("computer", "en-us", lead_s=2.0, tail_s=0.5)
    word_start = 2.0
    for restart_s in (word_start + 0.2, word_start + 0.35):  # the restart falls inside the word
        spotter = KeywordSpotter("computer", restart_s=restart_s, overlap_s=1.5)
        found = detections(spotter, audio, chunk=320)
        assert len(found) == 1, f"restart at {restart_s} s: heard at {found}"


def test_phrase_phones_counts_the_shortest_pronunciation() -> None:
    text = "computer K AH M P Y UW T ER\nhey HH EY\nhey(2) HH EY IY\n"
    assert phrase_phones("hey computer", text) == 10


def test_sensitivity_maps_to_threshold() -> None:
    assert sensitivity_to_threshold(0.0) > sensitivity_to_threshold(0.5) > sensitivity_to_threshold(1.0)
    assert sensitivity_to_threshold(0.5) == pytest.approx(1e-35)
    with pytest.raises(AudioError, match="wake_sensitivity must be between 0 and 1"):
        sensitivity_to_threshold(1.5)


def test_unpronounceable_wake_phrase_is_refused() -> None:
    with pytest.raises(AudioError, match="wake_phrase: no pronunciation for qzxvbn"):
        KeywordSpotter("hey qzxvbn")
    with pytest.raises(AudioError, match="wake_phrase is empty"):
        KeywordSpotter("  ")


def feed(eos: EndOfSpeech, audio: np.ndarray, chunk: int = 1600) -> tuple[EndReason | None, float]:
    eos.reset()
    for i in range(0, len(audio), chunk):
        reason = eos.feed(audio[i : i + chunk])
        if reason is not None:
            return reason, (i + chunk) / 16000
    return None, len(audio) / 16000


@needs_espeak
@pytest.mark.parametrize("snr_db", [None, 20, 10])
def test_end_of_speech_after_silence(snr_db: float | None) -> None:
    speech = synth("set the living room lights to fifty percent", "en-us", snr_db=snr_db, lead_s=0.2, tail_s=2.5)
    clean = synth("set the living room lights to fifty percent", "en-us", lead_s=0.2, tail_s=2.5)
    frames = np.abs(clean[: len(clean) // 320 * 320].astype(float)).reshape(-1, 320).max(axis=1)
    speech_end = (np.nonzero(frames > 0.02 * frames.max())[0][-1] + 1) * 320 / 16000
    eos = EndOfSpeech(EndOfSpeechSettings(silence_s=0.7, max_s=10))
    eos.observe(speech[:3200])  # the room before the utterance
    reason, at = feed(eos, speech)
    assert reason is EndReason.SILENCE
    assert speech_end + 0.4 <= at <= speech_end + 1.2, f"ended at {at:.2f} s, speech ended at {speech_end:.2f} s"


@needs_espeak
def test_pauses_between_words_do_not_end_the_utterance() -> None:
    audio = concat([synth("turn on", "en-us", tail_s=0.0), synth("the porch light", "en-us", lead_s=0.0, tail_s=1.5)], gap_s=0.35)
    reason, at = feed(EndOfSpeech(EndOfSpeechSettings(silence_s=0.7)), audio)
    assert reason is EndReason.SILENCE and at > len(audio) / 16000 - 1.5


@needs_espeak
def test_max_length_and_no_speech() -> None:
    long_speech = concat([synth(t, "en-us", lead_s=0, tail_s=0.1) for t in CHATTER])
    reason, at = feed(EndOfSpeech(EndOfSpeechSettings(max_s=3.0)), long_speech)
    assert reason is EndReason.MAX_LENGTH and at == pytest.approx(3.0, abs=0.11)
    reason, at = feed(EndOfSpeech(EndOfSpeechSettings(no_speech_s=1.5)), audio_synth.silence(3.0))
    assert reason is EndReason.NO_SPEECH and at == pytest.approx(1.5, abs=0.11)


def test_chime_is_short_and_click_free() -> None:
    c = chime()
    assert c.dtype == np.int16 and 0.1 < len(c) / 16000 < 0.3
    assert abs(int(c[0])) < 500 and abs(int(c[-1])) < 500 and int(np.abs(c).max()) > 5000


@needs_espeak
def test_bench_voice_wake_only_reports_detections_and_false_alarms(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from homeslm.benchmarks.voice import add_arguments, run

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "wake.json"
    args = parser.parse_args(["--wake-only", "--count", "2", "--voices", "en-us", "--snr", "clean,10",
                              "--wake-minutes", "0.4", "--json", str(out)])
    assert run(args) == 0
    wake = json.loads(out.read_text())["wake"]
    assert wake["phrase"] == "computer" and wake["inserted"] >= 2
    assert set(wake["by_condition"]) == {"en-us/clean", "en-us/10 dB"}
    assert wake["detected"] >= wake["inserted"] - 1 and wake["false_alarms"] <= 1
    assert wake["denoise"] is True and wake["min_duration_s"] == pytest.approx(0.48) and wake["pause_s"] > 0
    assert 0 < wake["real_time_factor"] < 1
    printed = capsys.readouterr().out
    assert "| wake phrase 'computer' detected |" in printed and "| en-us |" in printed
