"""The speaker's pitch, to choose a vocal tract length normalisation before recognition.

pocketsphinx's English acoustic model hears men's voices best; higher voices (most women's, all
children's) have their formants higher up and are recognised worse. Warping the frequency axis of the
features (``warp_type inverse_linear``) by a factor that depends on the speaker undoes part of that.
The factor is chosen from the median fundamental frequency of the first voiced part of the utterance,
which a plain autocorrelation finds reliably (men about 85-155 Hz, women 165-255 Hz).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from homeslm.voice.asr.base import RATE_HZ

FRAME = 640  # 40 ms: two periods of the lowest pitch sought
HOP = 320
MIN_HZ, MAX_HZ = 70.0, 400.0
VOICING = 0.4  # normalised autocorrelation peak above which a frame counts as voiced


class PitchTracker:
    """Median F0 over the voiced frames of the audio fed so far (int16 at 16 kHz), in Hz."""

    def __init__(self, rate: int = RATE_HZ) -> None:
        self.rate = rate
        self._buffer = np.zeros(0, dtype=np.float32)
        self._pitches: list[float] = []
        self._peak_rms = 0.0
        self._lags = (int(rate / MAX_HZ), int(rate / MIN_HZ))

    @property
    def voiced_frames(self) -> int:
        return len(self._pitches)

    def feed(self, samples: np.ndarray) -> None:
        self._buffer = np.concatenate([self._buffer, samples.astype(np.float32)])
        while len(self._buffer) >= FRAME:
            frame, self._buffer = self._buffer[:FRAME], self._buffer[HOP:]
            self._frame(frame)

    def _frame(self, frame: np.ndarray) -> None:
        frame = frame - frame.mean()
        rms = float(np.sqrt(np.mean(frame * frame)))
        self._peak_rms = max(self._peak_rms, rms)
        if rms < max(0.3 * self._peak_rms, 30.0):  # quiet: noise or a consonant
            return
        spectrum = np.fft.rfft(frame, 2 * FRAME)
        ac = np.fft.irfft(spectrum * np.conj(spectrum))[:FRAME]
        if ac[0] <= 0:
            return
        lo, hi = self._lags
        segment = ac[lo:hi] / ac[0]
        k = int(np.argmax(segment))
        if segment[k] > VOICING:
            self._pitches.append(self.rate / (lo + k))

    def pitch(self) -> float | None:
        """The median F0 in Hz, ``None`` with fewer than 3 voiced frames."""
        return float(np.median(self._pitches)) if len(self._pitches) >= 3 else None


def warp_for(pitch: float | None, table: Sequence[tuple[float, float]]) -> float:
    """The warp factor of the last ``(from_hz, warp)`` row of ``table`` whose ``from_hz`` the pitch
    reaches (rows in rising order; an unknown pitch takes the first row)."""
    warp = table[0][1]
    if pitch is None:
        return warp
    for from_hz, factor in table:
        if pitch >= from_hz:
            warp = factor
    return warp
