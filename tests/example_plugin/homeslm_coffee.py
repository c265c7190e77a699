"""homeslm-coffee: a complete example homeslm plugin (see docs/plugins.md).

It drives coffee machines that speak a small MQTT protocol, configured as ``switch`` devices::

    devices:
      - name: coffee machine
        area: kitchen
        type: switch
        plugin: coffee
        topic: kitchen/coffee
    plugins:
      coffee: {strength: strong}        # optional: mild | normal | strong (default normal)

The machine listens on ``<topic>/power`` (``ON`` / ``OFF``) and ``<topic>/brew``
(``{"cups": 2, "strength": "strong"}``) and publishes its state as JSON on ``<topic>/state``
(``{"power": "ON", "status": "brewing"}``).

Besides ``turn_on``, ``turn_off`` and ``get_state`` it adds a new action, ``brew_coffee``, with
example sentences so that ``homeslm train`` teaches the intent model to understand it.

For a microphone next to the coffee machine it also provides a speech recogniser that hears only
coffee orders and a wake engine that wakes on a whistle instead of a wake word::

    voice: {recognizer: coffee, wake_engine: whistle}
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from homeslm import (
    ActionResult,
    AudioError,
    Config,
    Device,
    Intent,
    Partial,
    PluginContext,
    Recognizer,
    StateCache,
    Transcript,
    WakeDetector,
    hookimpl,
)

__version__ = "1.0.0"

logger = logging.getLogger(__name__)

STRENGTHS = ("mild", "normal", "strong")
MAX_CUPS = 6


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    """Declare what coffee machines can do (and check this plugin's settings)."""
    for key in settings:
        if key != "strength":
            raise config.error(f"plugins.coffee.{key}", "unknown setting of plugin 'coffee'; known: strength")
    strength = settings.get("strength", "normal")
    if strength not in STRENGTHS:
        raise config.error("plugins.coffee.strength", f"expected one of {', '.join(STRENGTHS)}, got {strength!r}")
    register("switch", "turn_on", power)
    register("switch", "turn_off", power)
    register("switch", "get_state", get_state)
    register(
        "switch",
        "brew_coffee",
        brew,
        examples=[
            "brew a coffee on the {device}",
            "make me a coffee with the {device}",
            "can the {device} make a coffee please",
            ("brew {value} cups of coffee on the {device}", {"value": [1, 2, 3, 4]}),
            ("make {value} coffees with the {device}", {"value": [2, 3]}),
        ],
    )


@hookimpl
def daemon_started(context: PluginContext) -> None:
    """Follow the state of every configured coffee machine."""
    if context.mqtt is None:
        return
    for device in context.config.devices:
        if device.plugin == context.plugin and device.topic:
            context.mqtt.subscribe(f"{device.topic}/state", _state_listener(device.name, context.state))


def _state_listener(name: str, state: StateCache) -> Callable[[str, bytes], None]:
    def on_state(topic: str, payload: bytes) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            logger.warning("coffee machine %s: state on %s is not JSON: %r", name, topic, payload[:100])
            return
        if isinstance(data, dict):
            state.update(name, data)

    return on_state


def power(intent: Intent, device: Device, mqtt: Any) -> ActionResult:
    """``turn_on`` / ``turn_off``: ``ON`` or ``OFF`` on ``<topic>/power``."""
    if not device.topic:
        return ActionResult(ok=False, speech=f"The {device.name} has no topic configured.")
    payload = "ON" if intent.action == "turn_on" else "OFF"
    mqtt.publish(f"{device.topic}/power", payload, qos=1, retain=False)
    return ActionResult(ok=True, data={"topic": f"{device.topic}/power", "payload": payload})


def brew(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any]) -> ActionResult:
    """``brew_coffee``: ``{"cups": n, "strength": ...}`` on ``<topic>/brew``."""
    if not device.topic:
        return ActionResult(ok=False, speech=f"The {device.name} has no topic configured.")
    cups = 1 if intent.value is None else intent.value
    if not isinstance(cups, (int, float)) or isinstance(cups, bool) or not 1 <= cups <= MAX_CUPS or cups != int(cups):
        return ActionResult(ok=False, speech=f"The {device.name} can brew 1 to {MAX_CUPS} cups at a time.")
    payload = {"cups": int(cups), "strength": settings.get("strength", "normal")}
    mqtt.publish(f"{device.topic}/brew", payload, qos=1, retain=False)
    what = "a coffee" if cups == 1 else f"{int(cups)} coffees"
    return ActionResult(ok=True, speech=f"Brewing {what}.", data={"topic": f"{device.topic}/brew", "payload": payload})


def get_state(device: Device, state: StateCache) -> ActionResult:
    """``get_state``: from the last state the machine published."""
    current = state.get(device.name)
    if current is None:
        return ActionResult(ok=False, speech=f"I don't know the state of the {device.name} yet.")
    if current.get("power") == "OFF":
        return ActionResult(ok=True, speech=f"The {device.name} is off.", state=current)
    status = current.get("status", "on")
    return ActionResult(ok=True, speech=f"The {device.name} is {status}.", state=current)


# --- voice: a recogniser for coffee orders, a whistle as the wake sound ---------------------------


@hookimpl
def register_recognizers(register: Callable[..., None]) -> None:
    """``voice.recognizer: coffee``."""
    register("coffee", CoffeeRecognizer, description="coffee orders only (a pocketsphinx grammar)")


@hookimpl
def register_wake_engines(register: Callable[..., None]) -> None:
    """``voice.wake_engine: whistle``."""
    register("whistle", WhistleWake, description="a whistle of about half a second (1 to 3 kHz)")


AMOUNTS = ["a coffee", "one coffee"] + [f"{n} {unit}" for n in ("two", "three", "four", "five", "six")
                                        for unit in ("coffees", "cups of coffee")]


def orders(machines: Sequence[str]) -> list[str]:
    """Every sentence the coffee recogniser can hear, for these machine names."""
    out = []
    for please in ("", "please "):
        for verb in ("brew", "make", "make me"):
            for amount in AMOUNTS:
                out.append(f"{please}{verb} {amount}")
                out += [f"{please}{verb} {amount} {on} the {m}" for on in ("on", "with") for m in machines]
        for verb in ("turn", "switch"):
            for state in ("on", "off"):
                out += [f"{please}{verb} {state} the {m}" for m in machines]
                out += [f"{please}{verb} the {m} {state}" for m in machines]
    return out


class CoffeeRecognizer(Recognizer):
    """Hears coffee orders and nothing else: a grammar of this plugin's commands, decoded by pocketsphinx
    with the English model of its wheel. Speech that is not one whole order gives an empty transcript."""

    name = "coffee"

    def __init__(self, config: Config) -> None:
        try:
            import pocketsphinx
        except ImportError as exc:
            raise AudioError("the coffee recogniser needs pocketsphinx: pip install pocketsphinx") from exc
        self._model = Path(pocketsphinx.get_model_path()) / "en-us"
        self._decoder: Any = None
        self._orders: set[str] = set()
        self._last = ""
        names = [n for d in config.devices if d.plugin == "coffee" for n in (d.name, *d.aliases)]
        self.set_vocabulary(names or ["coffee machine"])

    def set_vocabulary(self, phrases: Sequence[str]) -> None:
        """The coffee machines' names (each word must be in pocketsphinx's English dictionary)."""
        from pocketsphinx import Decoder

        names = sorted({" ".join(p.lower().split()) for p in phrases if p.strip()})
        sentences = orders(names)
        grammar = "#JSGF V1.0;\ngrammar coffee;\npublic <order> = " + " | ".join(sentences) + ";\n"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "coffee.gram")
            Path(path).write_text(grammar, encoding="utf-8")
            decoder = Decoder(hmm=str(self._model / "en-us"), dict=str(self._model / "cmudict-en-us.dict"),
                              jsgf=path, samprate=16000, logfn=os.devnull)
        unknown = sorted({w for n in names for w in n.split() if decoder.lookup_word(w) is None})
        if unknown:
            raise AudioError(f"coffee recogniser: no pronunciation for {', '.join(unknown)}; rename the machine")
        self._decoder, self._orders = decoder, set(sentences)

    def start_utterance(self) -> None:
        self._decoder.start_utt()
        self._last = ""

    def accept(self, samples: np.ndarray) -> Partial | None:
        self._decoder.process_raw(np.ascontiguousarray(samples, dtype=np.int16).tobytes(), False, False)
        hyp = self._decoder.hyp()
        if hyp is None or not hyp.hypstr or hyp.hypstr == self._last:
            return None
        self._last = hyp.hypstr
        return Partial(hyp.hypstr)

    def finish(self) -> Transcript:
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        # When speech leaves the grammar, pocketsphinx returns the best path so far ("brew two cups").
        if hyp is None or hyp.hypstr not in self._orders:
            return Transcript("", 0.0)
        # The confidence is the least certain word's posterior probability.
        words = [float(seg.prob) for seg in self._decoder.seg() if seg.word[0] not in "<["]
        return Transcript(hyp.hypstr, min(words, default=0.0))


class WhistleWake(WakeDetector):
    """Wakes on a whistle: 20 ms frames whose energy sits in one narrow peak between 1 and 3 kHz, held
    for a while. Speech spreads its energy over many harmonics, so it does not wake it.

    :param sensitivity: 0..1 (``voice.wake_sensitivity``): higher accepts shorter, less pure whistles.
    """

    phrase = "(whistle)"
    frame = 320  # 20 ms at 16 kHz

    def __init__(self, sensitivity: float = 0.5) -> None:
        self.frames_needed = round((0.5 - 0.3 * sensitivity) / 0.02)  # 0.5 s strict .. 0.2 s eager
        self.purity = 0.6 - 0.2 * sensitivity  # share of a frame's energy in the peak
        freqs = np.fft.rfftfreq(self.frame, 1 / 16000)
        self._in_band = (freqs >= 1000) & (freqs <= 3000)
        self._window = np.hanning(self.frame)
        self.reset()

    def reset(self) -> None:
        self._rest = np.zeros(0)
        self._run = 0

    def process(self, samples: np.ndarray) -> bool:
        data = np.concatenate([self._rest, np.asarray(samples, dtype=np.float64)])
        n = len(data) // self.frame * self.frame
        self._rest = data[n:]
        for frame in data[:n].reshape(-1, self.frame):
            power = np.abs(np.fft.rfft(frame * self._window)) ** 2
            peak = int(np.argmax(power))
            loud = np.sqrt(np.mean(frame**2)) > 100  # about -50 dBFS
            pure = power[max(peak - 2, 0) : peak + 3].sum() >= self.purity * power.sum()
            self._run = self._run + 1 if loud and pure and self._in_band[peak] else 0
            if self._run >= self.frames_needed:
                self.reset()
                return True
        return False
