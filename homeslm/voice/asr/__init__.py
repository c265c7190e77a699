"""Speech recognisers behind one interface (:mod:`homeslm.voice.asr.base`), and what biases them to a home.

* What biases a recogniser to the home: its names (:func:`homeslm.voice.asr.base.home_phrases`) and
  command sentences drawn from the grammar (:func:`home_sentences`, :func:`command_sentences`); the
  plugin that provides a recogniser (``register_recognizers``) builds it with them, found by name through
  :func:`homeslm.daemon.build.speech_engines`; nothing here builds one.
* :func:`transcribe_file` is ``homeslm transcribe FILE.wav``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from homeslm.voice.asr.base import (
    Partial,
    Recognizer,
    Transcript,
    engine_settings,
    home_phrases,
    normalise_text,
    transcribe_samples,
)
from homeslm.config.model import Config

if TYPE_CHECKING:
    from homeslm.voice.asr.pocketsphinx import PocketsphinxSettings
    from homeslm.config.voice import VoiceSettings

logger = logging.getLogger(__name__)

__all__ = [
    "Partial",
    "Recognizer",
    "Transcript",
    "command_sentences",
    "home_phrases",
    "home_sentences",
    "spoken_form",
    "transcribe_file",
    "transcribe_samples",
]


def spoken_form(sentence: str) -> str:
    """A sentence as it is spoken: digits as words ("30 percent" -> "thirty percent"), ``%`` as "percent"."""
    from homeslm.grammar.data import spell

    text = sentence.lower().replace("%", " percent ").replace("°c", " degrees ").replace("°f", " degrees ")

    def number(match: re.Match[str]) -> str:
        value = float(match.group(0))
        return f" {spell(value)} " if value <= 9999 else match.group(0)

    text = re.sub(r"\d+(?:\.\d+)?", number, text)
    return normalise_text(text)


def command_sentences(config: Config, n: int, seed: int = 0, cache_dir: Path | None = None) -> list[str]:
    """``n`` spoken command sentences for this home, from the intent model's training grammar.

    Drawing them is most of a recogniser's start-up (about 7 s for 20000 on an idle x86 core, several
    times that on a Pi), so they are kept in ``cache_dir`` (default: ``cache/`` in the daemon's state
    directory) under a key made of the home, ``n``, ``seed`` and the grammar's source: a change to any
    of them draws afresh. A cache that cannot be read or written only costs the time."""
    if n <= 0:
        return []
    from homeslm.grammar.data import sample_commands
    from homeslm.grammar.homes import home_from_config

    if cache_dir is None:
        from homeslm.plugins import default_state_dir

        cache_dir = default_state_dir() / "cache"
    key = hashlib.sha256(repr((home_from_config(config), n, seed, _grammar_digest())).encode()).hexdigest()[:20]
    path = cache_dir / f"lm-sentences-{key}.txt"
    try:
        cached = path.read_text(encoding="utf-8").splitlines()
        if len(cached) == n:
            logger.debug("language model sentences from %s", path)
            return cached
    except OSError:
        pass
    sentences = [spoken_form(s) for s in sample_commands(config, n, seed=seed)]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        for old in cache_dir.glob("lm-sentences-*.txt"):  # one home per daemon: keep only the current draw
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        logger.info("cannot cache the language model sentences in %s (%s): drawn again at every start", cache_dir, exc)
    return sentences


def _grammar_digest() -> str:
    """A digest of the source that draws command sentences (the grammar with its phrases/ package, the
    word lists it shares with the runtime, the normaliser)."""
    import homeslm.grammar
    import homeslm.understanding.textnorm
    import homeslm.understanding.vocab

    files = (sorted(Path(homeslm.grammar.__file__).parent.rglob("*.py"))
             + [Path(homeslm.understanding.vocab.__file__), Path(homeslm.understanding.textnorm.__file__), Path(__file__)])
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


COLOURS = ("red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "warm white", "cool white")


def core_commands(config: Config) -> list[str]:
    """The most common command forms for every configured name, spoken ("turn on the porch light").

    The training grammar phrases commands in many ways (for the intent model's sake), which spreads
    a language model thin; these plain forms give the recogniser's language model the weight of what
    people mostly say. Measured on the 41 commands of the intent model's development set spoken by
    espeak-ng (4 voices, half in 20 dB noise), words of the command right: 18 with 3000 grammar
    sentences alone, 24 with 1000 sentences plus these forms counted 10 times (the defaults).
    """
    from homeslm.grammar.data import spell

    out: list[str] = []
    percents = [spell(n) for n in (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100)]
    degrees = [spell(n) for n in range(16, 27)]
    minutes = [spell(n) for n in (1, 2, 3, 5, 10, 15, 20, 30, 45)]
    kelvins = [spell(n) for n in (2700, 3000, 4000, 5000, 6500)]
    for dev in config.devices:
        for name in (dev.name, *dev.aliases):
            name = normalise_text(name)
            if dev.type in ("scene", "script"):
                out += [f"turn on {name}", f"activate {name}", f"start {name}"]
                continue
            if dev.type in ("sensor", "binary_sensor", "person"):
                out += [f"is the {name} open", f"what is the {name}", f"what does the {name} say"]
                continue
            out += [f"turn on the {name}", f"turn off the {name}", f"switch on the {name}", f"switch off the {name}",
                    f"turn the {name} on", f"turn the {name} off", f"is the {name} on"]
            if dev.type == "light":
                out += [f"set the {name} to {p} percent" for p in percents]
                out += [f"dim the {name}", f"brighten the {name}"]
                out += [f"make the {name} {colour}" for colour in COLOURS]
                out += [f"set the {name} to {k} kelvin" for k in kelvins]
            elif dev.type in ("cover", "valve"):
                out += [f"open the {name}", f"close the {name}"] + [f"set the {name} to {p} percent" for p in percents[::3]]
            elif dev.type == "lock":
                out += [f"lock the {name}", f"unlock the {name}", f"is the {name} locked"]
            elif dev.type == "media_player":
                out += [f"pause the {name}", f"play the {name}", f"next song on the {name}",
                        f"set the {name} volume to {percents[4]} percent"]
            elif dev.type == "climate":
                out += [f"set the {name} to {d} degrees" for d in degrees]
            elif dev.type == "vacuum":
                out += [f"start the {name}", f"send the {name} home"]
    areas = {normalise_text(a) for a in (*config.areas, *(a for f in config.floors for a in f.areas))}
    for area in sorted(areas):
        out += [f"turn on the lights in the {area}", f"turn off the lights in the {area}",
                f"turn on the {area} lights", f"turn off the {area} lights",
                f"what is the temperature in the {area}", f"set the temperature in the {area} to {degrees[4]} degrees",
                f"dim the {area} lights to {percents[5]} percent", f"close the blinds in the {area}"]
    out += [f"set a timer for {m} minutes" for m in minutes]
    out += [f"start a timer for {m} minutes" for m in minutes]
    out += [f"set a {m} minute timer" for m in minutes]
    out += ["cancel the timer", "stop the timer", "pause the timer", "resume the timer", "how long is left on the timer",
            "never mind", "turn on the lights", "turn off the lights", "set the volume to fifty percent",
            "next song", "previous song", "stop", "cancel", "pause", "resume"]
    return out


def pocketsphinx_settings(settings: "VoiceSettings", config: Config | None = None) -> "PocketsphinxSettings":
    """``voice.pocketsphinx`` as :class:`PocketsphinxSettings` (unknown keys refused with file and line)."""
    from homeslm.voice.asr.pocketsphinx import PocketsphinxSettings

    return engine_settings(PocketsphinxSettings, "pocketsphinx", settings.pocketsphinx, config)


def home_sentences(config: Config, settings: "VoiceSettings") -> list[str]:
    """The spoken command sentences a recogniser is biased to: ``voice.lm_sentences`` drawn from the
    training grammar plus the core command forms counted ``voice.core_weight`` times."""
    return command_sentences(config, settings.lm_sentences) + core_commands(config) * settings.core_weight


def transcribe_file(path: str | Path, recognizer: Recognizer) -> Transcript:
    """The transcript of one WAV file (converted to 16 kHz mono if needed) by ``recognizer`` (the CLI builds
    the configured one through the plugins: :func:`homeslm.daemon.build.speech_engines`)."""
    from homeslm.voice.audio import read_wav_file

    return recognizer.transcribe(read_wav_file(path))
