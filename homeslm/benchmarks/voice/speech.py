"""Synthesised speech for ``homeslm bench voice``: espeak-ng, Flite and Festival voices (and the English ones
installed: :func:`english_voices`), pink noise at a chosen SNR, and the chatter sentences that are not commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

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
"""Voices named ``flite:NAME`` are spoken by Debian's ``flite`` (CMU Flite: kal, kal16, awb, rms, slt)."""

FESTIVAL_PREFIX = "festival:"
"""Voices named ``festival:NAME`` are spoken by Debian's ``festival`` (``text2wave``); NAME as ``(voice.list)``
gives it, e.g. ``cmu_us_slt_arctic_hts``."""

FESTIVAL_PACKAGES: dict[str, str] = {
    "cmu_us_slt_arctic_hts": "festvox-us-slt-hts",  # US female, HTS (statistical parametric), 32 kHz
    "kal_diphone": "festvox-kallpc16k",  # US male, residual-excited LPC diphones, 16 kHz
    "ked_diphone": "festvox-kdlpc16k",  # US male, residual-excited LPC diphones, 16 kHz
    "rab_diphone": "festvox-rablpc16k",  # British male (older Debian releases; not in Debian 12)
    "don_diphone": "festvox-don",  # British male (older Debian releases; not in Debian 12)
}
"""Festival's English voices and the Debian packages that install them (``scripts/bootstrap.sh test`` installs
the first three)."""

ESPEAK_VARIANTS: tuple[str, ...] = ("en+f3", "en-us+m3", "en-us+f2", "en-gb+f4", "en-us+klatt")
"""espeak-ng voices with a variant (``espeak-ng --voices=variant``) that ``--voices all`` adds to its English
accents: female, lower male and Klatt-synthesised speech."""

_NAME = re.compile(r"[A-Za-z0-9_]+")


def _to_16k(wav: str) -> np.ndarray:
    """The WAV file ``wav`` (any rate) as 16 kHz mono int16, resampled by sox."""
    raw = subprocess.run(["sox", wav, "-t", "raw", "-r", str(RATE_HZ), "-c", "1", "-b", "16", "-e",
                          "signed-integer", "-"], check=True, capture_output=True, timeout=60).stdout
    return np.frombuffer(raw, dtype=np.int16).copy()


def flite(text: str, voice: str) -> np.ndarray:
    """``text`` spoken by CMU Flite's ``voice`` (``flite -lv`` lists them), as 16 kHz mono int16."""
    with tempfile.TemporaryDirectory(prefix="homeslm-flite-") as tmp:
        wav = f"{tmp}/speech.wav"
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", wav], check=True, capture_output=True, timeout=60)
        return _to_16k(wav)


def festival(text: str, voice: str) -> np.ndarray:
    """``text`` spoken by Festival's ``voice`` (:func:`festival_voices` lists them) through ``text2wave``, as
    16 kHz mono int16 (the HTS voices speak at 32 kHz: sox resamples)."""
    if not _NAME.fullmatch(voice):
        raise ValueError(f"not a Festival voice name: {voice!r}")
    with tempfile.TemporaryDirectory(prefix="homeslm-festival-") as tmp:
        wav = f"{tmp}/speech.wav"
        subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", wav], input=text.encode(), check=True,
                       capture_output=True, timeout=60)
        return _to_16k(wav)


def synthesise(text: str, voice: str) -> np.ndarray:
    """``text`` in ``voice``: ``flite:NAME`` by Flite, ``festival:NAME`` by Festival, anything else an espeak-ng
    voice."""
    if voice.startswith(FLITE_PREFIX):
        return flite(text, voice[len(FLITE_PREFIX):])
    if voice.startswith(FESTIVAL_PREFIX):
        return festival(text, voice[len(FESTIVAL_PREFIX):])
    return espeak(text, voice)


def flite_voices() -> list[str]:
    """Flite's voices (``flite -lv``) that speak any text: not the limited-domain ``*_time`` ones (times only);
    empty without flite."""
    if shutil.which("flite") is None:
        return []
    listed = subprocess.run(["flite", "-lv"], capture_output=True, text=True, timeout=30).stdout
    return [v for v in listed.removeprefix("Voices available:").split() if not v.endswith("_time")]


def festival_voices() -> dict[str, str]:
    """Festival's installed voices and their language (``(voice.list)``, ``(voice.description NAME)``); empty
    without festival."""
    if shutil.which("festival") is None or shutil.which("text2wave") is None:
        return {}
    script = ("(mapcar (lambda (v) (print (list v (cadr (assoc 'language (cadr (voice.description v)))))))"
              " (voice.list))")
    out = subprocess.run(["festival", "--pipe"], input=script, capture_output=True, text=True, timeout=60).stdout
    return {m[1]: m[2] for m in re.finditer(r"^\((\S+) (\S+)\)$", out, flags=re.MULTILINE)}


def espeak_english_voices() -> list[str]:
    """espeak-ng's own English accents (``espeak-ng --voices=en``; not its MBROLA voices, which need mbrola) and
    :data:`ESPEAK_VARIANTS`; empty without espeak-ng."""
    if shutil.which("espeak-ng") is None:
        return []
    listed = subprocess.run(["espeak-ng", "--voices=en"], capture_output=True, text=True, timeout=30).stdout
    accents: list[str] = []
    for line in listed.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5 and fields[1].startswith("en") and fields[4].startswith("gmw/"):
            if fields[1] not in accents:
                accents.append(fields[1])
    return accents + [v for v in ESPEAK_VARIANTS if v not in accents]


def english_voices() -> list[str]:
    """Every English voice installed here, as ``--voices`` names them: espeak-ng's (:func:`espeak_english_voices`),
    every Flite voice (``flite:NAME``) and every English Festival voice (``festival:NAME``)."""
    return (espeak_english_voices() + [FLITE_PREFIX + v for v in flite_voices()]
            + [FESTIVAL_PREFIX + v for v, language in festival_voices().items() if language == "english"])


def expand_voices(names: list[str]) -> list[str]:
    """``--voices`` with ``all`` (every English voice installed), ``flite:all`` and ``festival:all`` expanded, each
    voice once, in order."""
    out: list[str] = []
    for name in names:
        if name == "all":
            found = english_voices()
        elif name == FLITE_PREFIX + "all":
            found = [FLITE_PREFIX + v for v in flite_voices()]
        elif name == FESTIVAL_PREFIX + "all":
            found = [FESTIVAL_PREFIX + v for v, language in festival_voices().items() if language == "english"]
        else:
            found = [name]
        out += [v for v in found if v not in out]
    return out


def voice_problem(voice: str) -> str | None:
    """Why ``voice`` cannot be spoken here (``None`` when it can), naming the Debian package to install."""
    if voice.startswith(FLITE_PREFIX):
        if shutil.which("flite") is None:
            return f"{voice!r} needs Debian's flite (apt install flite)"
        listed = subprocess.run(["flite", "-lv"], capture_output=True, text=True, timeout=30).stdout
        if voice[len(FLITE_PREFIX):] not in listed.split():
            return f"flite has no voice {voice[len(FLITE_PREFIX):]!r} ({listed.strip()})"
        return None
    if voice.startswith(FESTIVAL_PREFIX):
        name = voice[len(FESTIVAL_PREFIX):]
        package = FESTIVAL_PACKAGES.get(name)
        if shutil.which("festival") is None or shutil.which("text2wave") is None:
            return (f"{voice!r} needs Debian's festival and a voice for it (apt install festival "
                    f"{package or 'festvox-us-slt-hts'})")
        installed = festival_voices()
        if name not in installed:
            fix = f"apt install {package}" if package else \
                "Festival's English voices in Debian: " + ", ".join(f"{v} ({p})" for v, p in FESTIVAL_PACKAGES.items())
            return f"festival has no voice {name!r} (installed: {', '.join(installed) or 'none'}); {fix}"
        return None
    if subprocess.run(["espeak-ng", "-v", voice, "-q", "x"], capture_output=True, timeout=30).returncode != 0:
        return f"espeak-ng has no voice {voice!r} (espeak-ng --voices lists them)"
    return None


def voice_engine(voice: str) -> str:
    """The program that speaks ``voice``, with its Debian package for Festival's voices."""
    if voice.startswith(FLITE_PREFIX):
        return "flite"
    if voice.startswith(FESTIVAL_PREFIX):
        package = FESTIVAL_PACKAGES.get(voice[len(FESTIVAL_PREFIX):])
        return f"festival ({package})" if package else "festival"
    return "espeak-ng"


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
    """Clean synthesised speech (espeak-ng, Flite for ``flite:`` voices, Festival for ``festival:`` ones), once
    per (text, voice)."""

    def __init__(self) -> None:
        self._clean: dict[tuple[str, str], np.ndarray] = {}

    def clean(self, text: str, voice: str) -> np.ndarray:
        key = (text, voice)
        if key not in self._clean:
            self._clean[key] = synthesise(text, voice)
        return self._clean[key]
