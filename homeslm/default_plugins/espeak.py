"""Built-in speaker: text to speech with espeak-ng, played through sounddevice (``speak``), or handed over as
a WAV file for a Hermes satellite to play (``synthesize_speech``).

Needs the ``espeak-ng`` program (Debian: ``apt install espeak-ng``) and an audio output device.
When either is missing it says so in the log and returns ``None`` from ``speak``, so another TTS
plugin may speak instead; the response is still published on MQTT by the daemon.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import wave

import numpy as np

from homeslm import hookimpl

logger = logging.getLogger(__name__)

DEFAULT_VOICE = "en-us"
DEFAULT_SPEED_WPM = 165


class SpeechUnavailable(Exception):
    """espeak-ng or the output device is missing (the message says how to fix it)."""


class EspeakSpeaker:
    """espeak-ng synthesis to a WAV in memory, played on an output device.

    :param voice: espeak-ng voice (``espeak-ng --voices``), e.g. ``en-us``, ``en-gb``, ``en+f3``.
    :param speed_wpm: words per minute.
    :param output_device: sounddevice output device (name or index); ``None``: the default.
    """

    def __init__(self, voice: str = DEFAULT_VOICE, speed_wpm: int = DEFAULT_SPEED_WPM,
                 output_device: str | int | None = None, executable: str = "espeak-ng") -> None:
        self.voice = voice
        self.speed_wpm = speed_wpm
        self.output_device = output_device
        self.executable = executable

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        """(int16 samples, rate in Hz) of ``text`` spoken; :class:`SpeechUnavailable` without espeak-ng."""
        exe = shutil.which(self.executable)
        if exe is None:
            raise SpeechUnavailable(f"{self.executable} is not installed: apt install espeak-ng (responses are "
                                    "still published on MQTT)")
        try:
            proc = subprocess.run([exe, "-v", self.voice, "-s", str(self.speed_wpm), "--stdout", text],
                                  capture_output=True, check=True, timeout=30)
        except subprocess.CalledProcessError as exc:
            raise SpeechUnavailable(f"espeak-ng failed (voice {self.voice!r}): "
                                    f"{exc.stderr.decode(errors='replace').strip()}") from exc
        except subprocess.TimeoutExpired as exc:
            raise SpeechUnavailable("espeak-ng did not finish within 30 s") from exc
        with wave.open(io.BytesIO(proc.stdout), "rb") as wav:
            rate = wav.getframerate()
            # espeak-ng writes an unknown length into the WAV header when writing to a pipe
            frames = wav.readframes(wav.getnframes() if 0 < wav.getnframes() < 2**31 - 1 else 2**31 - 1)
        return np.frombuffer(frames, dtype=np.int16).copy(), rate

    def play(self, samples: np.ndarray, rate_hz: int) -> None:
        """Play and wait until done; :class:`SpeechUnavailable` when there is no output device."""
        try:
            import sounddevice as sd
        except (ImportError, OSError) as exc:
            raise SpeechUnavailable(f"cannot play audio ({exc}): pip install sounddevice; apt install libportaudio2") from exc
        try:
            sd.play(samples, rate_hz, device=self.output_device, blocking=True)
        except (sd.PortAudioError, ValueError) as exc:
            raise SpeechUnavailable(f"no usable audio output device ({exc}): connect a speaker, or choose one "
                                    "with the espeak plugin's output_device setting") from exc

    def say(self, text: str) -> bool:
        """Speak ``text``; False (and a log line) when it cannot be spoken here."""
        if not text.strip():
            return False
        try:
            samples, rate = self.synthesize(text)
            self.play(samples, rate)
        except SpeechUnavailable as exc:
            logger.warning("not spoken (%s): %s", exc, text)
            return False
        return True


def wav_bytes(samples: np.ndarray, rate_hz: int) -> bytes:
    """Mono 16-bit samples as a complete WAV file (espeak-ng's own, written to a pipe, has no length)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate_hz)
        wav.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return out.getvalue()


@hookimpl
def synthesize_speech(text: str) -> bytes | None:
    """The answer as a WAV file, for a satellite to play; ``None`` without espeak-ng."""
    if not text.strip():
        return None
    try:
        samples, rate = EspeakSpeaker().synthesize(text)
    except SpeechUnavailable as exc:
        logger.warning("no audio for a satellite (%s): %s", exc, text)
        return None
    return wav_bytes(samples, rate)


@hookimpl
def speak(text: str) -> bool | None:
    """Speak the response with espeak-ng; ``None`` lets another speaker try when it cannot."""
    return True if EspeakSpeaker().say(text) else None
