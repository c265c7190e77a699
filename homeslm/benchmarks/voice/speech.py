"""Synthesised speech for ``homeslm bench voice``: espeak-ng and Flite voices, pink noise at a chosen SNR, and the
chatter sentences that are not commands."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np

RATE_HZ = 16000
FLOOR_SNR_DB = 40.0

#: Everyday sentences that are not commands (a few mention rooms and devices, as people do).
CHATTER: tuple[str, ...] = (
    "i need to call the dentist tomorrow morning",
    "the children are playing in the garden",
    "we are out of bread and eggs again",
    "did you remember to buy some milk",
    "the train was late again this morning",
    "what should we have for dinner tonight",
    "my sister is coming to visit next weekend",
    "i think it is going to rain this afternoon",
    "have you seen my reading glasses anywhere",
    "the football match starts at eight",
    "can you believe how expensive petrol is now",
    "i finished the book you lent me",
    "the cat knocked a glass off the table",
    "we should paint the fence this summer",
    "my phone battery is almost empty",
    "the meeting ran over by half an hour",
    "i left my keys at the office",
    "the neighbours are having a party on saturday",
    "this soup needs a little more salt",
    "let me tell you about my day",
    "the doctor said everything looks fine",
    "we could go to the beach if it stays sunny",
    "i am not sure where i put the receipt",
    "the dog needs a walk before it gets dark",
    "our flight leaves early on friday",
    "he fixed the bike chain yesterday",
    "the kids have homework to finish first",
    "that film was much better than i expected",
    "i will pick up the parcel on my way home",
    "the bakery on the corner closed down",
    "she started a new job last month",
    "the garden looks lovely in the spring",
    "i can never remember her husband's name",
    "the printer at work is broken again",
    "we need a new mattress for the spare room",
    "the traffic on the motorway was terrible",
    "my back hurts from carrying those boxes",
    "let us invite them for lunch on sunday",
    "the coffee here is too strong for me",
    "there is a spider in the bath",
    "he plays the guitar in a band",
    "i wonder if the post has come yet",
    "the museum is free on the first monday",
    "tomorrow is my grandmother's birthday",
    "the bus was completely full this morning",
    "the kitchen light was flickering yesterday evening",
    "i turned the heating off before we left",
    "the bedroom is much warmer than the living room",
    "the front door was open when i got home",
    "we should buy a new lamp for the hallway",
    "the music at the party was far too loud",
    "my brother put new blinds in his kitchen",
    "the television in the hotel did not work",
    "i like the colour of your new curtains",
    "who left the window open in the bathroom",
    "the kettle at work takes ages to boil",
    "she is learning to play the piano",
    "we watched the fireworks from the bridge",
    "the shop was out of fresh strawberries",
    "our holiday photos came out really well",
)


# --------------------------------------------------------------------------------------------------
# Synthesised speech (the same recipe as the tests' audio: espeak-ng, sox, pink noise floor)


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


def espeak(text: str, voice: str) -> np.ndarray:
    """``text`` spoken by espeak-ng in ``voice``, as 16 kHz mono int16 (no padding, no noise)."""
    speech = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], check=True, capture_output=True,
                            timeout=60).stdout
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-r", str(RATE_HZ), "-c", "1", "-b", "16", "-e", "signed-integer", "-"],
        input=speech, check=True, capture_output=True, timeout=60,
    ).stdout
    return np.frombuffer(raw, dtype=np.int16).copy()


FLITE_PREFIX = "flite:"
"""Voices named ``flite:NAME`` are spoken by Debian's ``flite`` (CMU Flite: kal, kal16, awb, rms, slt), the
others by espeak-ng."""


def flite(text: str, voice: str) -> np.ndarray:
    """``text`` spoken by CMU Flite's ``voice`` (``flite -lv`` lists them), as 16 kHz mono int16."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="homeslm-flite-") as tmp:
        wav = f"{tmp}/speech.wav"
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", wav], check=True, capture_output=True, timeout=60)
        raw = subprocess.run(["sox", wav, "-t", "raw", "-r", str(RATE_HZ), "-c", "1", "-b", "16", "-e",
                              "signed-integer", "-"], check=True, capture_output=True, timeout=60).stdout
    return np.frombuffer(raw, dtype=np.int16).copy()


def synthesise(text: str, voice: str) -> np.ndarray:
    """``text`` in ``voice``: ``flite:NAME`` by Flite, anything else an espeak-ng voice."""
    if voice.startswith(FLITE_PREFIX):
        return flite(text, voice[len(FLITE_PREFIX):])
    return espeak(text, voice)


def voice_problem(voice: str) -> str | None:
    """Why ``voice`` cannot be spoken here (``None`` when it can)."""
    if voice.startswith(FLITE_PREFIX):
        if shutil.which("flite") is None:
            return f"{voice!r} needs Debian's flite (apt install flite)"
        listed = subprocess.run(["flite", "-lv"], capture_output=True, text=True, timeout=30).stdout
        if voice[len(FLITE_PREFIX):] not in listed.split():
            return f"flite has no voice {voice[len(FLITE_PREFIX):]!r} ({listed.strip()})"
        return None
    if subprocess.run(["espeak-ng", "-v", voice, "-q", "x"], capture_output=True, timeout=30).returncode != 0:
        return f"espeak-ng has no voice {voice!r} (espeak-ng --voices lists them)"
    return None


def speech_rms(samples: np.ndarray) -> float:
    """RMS over the voiced 20 ms frames (above 1% of the peak): the reference level for SNR."""
    x = samples.astype(np.float64)
    if x.size == 0:
        return 0.0
    n = x.size // 320 * 320
    frames = x[:n].reshape(-1, 320) if n else x.reshape(1, -1)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    voiced = rms[rms > 0.01 * float(np.max(np.abs(x)))]
    return float(np.sqrt(np.mean(voiced**2))) if voiced.size else float(np.sqrt(np.mean(x**2)))


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS 1/f noise above 50 Hz (room noise as a microphone picks it up)."""
    white = rng.standard_normal(n + 1)
    spectrum = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(n + 1, 1.0 / RATE_HZ)
    shaped = np.where(freqs >= 50.0, spectrum / np.sqrt(np.maximum(freqs, 1.0)), 0.0)
    pink = np.fft.irfft(shaped, n=n + 1)[:n]
    return pink / (np.sqrt(np.mean(pink**2)) or 1.0)


def add_noise(samples: np.ndarray, snr_db: float | None, ref_rms: float, seed: int) -> np.ndarray:
    """``samples`` plus a pink noise floor 40 dB below ``ref_rms`` and, with ``snr_db``, pink noise at that SNR.

    espeak-ng pads with digital silence, which no microphone produces and which throws the recogniser off.
    """
    rng = np.random.default_rng(seed)
    ref = max(ref_rms, 300.0)
    x = samples.astype(np.float64)
    x += pink_noise(x.size, rng) * ref / 10 ** (FLOOR_SNR_DB / 20)
    if snr_db is not None:
        x += pink_noise(x.size, rng) * ref / 10 ** (snr_db / 20)
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


def zeros(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE_HZ), np.int16)


def snr_label(snr_db: float | None) -> str:
    return "clean" if snr_db is None else f"{snr_db:g} dB"


def parse_snrs(text: str) -> list[float | None]:
    out: list[float | None] = []
    for part in text.split(","):
        part = part.strip().lower().removesuffix("db").strip()
        if part == "clean":
            out.append(None)
            continue
        try:
            out.append(float(part))
        except ValueError:
            raise SystemExit(f"--snr: {part!r} is neither 'clean' nor a number of dB (e.g. clean,20,10)") from None
    if not out:
        raise SystemExit("--snr: give at least one level, e.g. clean,20,10")
    return out


class SpeechBank:
    """Clean synthesised speech (espeak-ng, or Flite for ``flite:`` voices), once per (text, voice)."""

    def __init__(self) -> None:
        self._clean: dict[tuple[str, str], np.ndarray] = {}

    def clean(self, text: str, voice: str) -> np.ndarray:
        key = (text, voice)
        if key not in self._clean:
            self._clean[key] = synthesise(text, voice)
        return self._clean[key]
