"""The intent schema of docs/DESIGN.md section 3: what `homeslm parse --json` prints.

An :class:`Intent` always has the seven keys ``action device area floor domain value unit``, and an eighth,
``quantifier``, only when a question over a group says one (``all``/``count``/``which``; absent is "any").
This module holds only the data types and their validation; resolving names against the configured
home lives in :mod:`homeslm.understanding.resolve`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.outcomes import RefusalKind

#: Built-in actions (docs/DESIGN.md section 3), one row each in :data:`homeslm.actions.BUILTIN_ACTIONS`.
#: Plugins may add more through the ``register_actions`` hook.
ACTIONS: frozenset[str] = frozenset(a.name for a in BUILTIN_ACTIONS)

#: Device types (docs/DESIGN.md section 2), Home Assistant's domain names.
DEVICE_TYPES: frozenset[str] = frozenset(
    {
        "light", "switch", "fan", "cover", "valve", "climate", "lock", "media_player",
        "sensor", "binary_sensor", "vacuum", "scene", "script", "person",
    }
)

#: Domains an intent may carry besides device types.
EXTRA_DOMAINS: frozenset[str] = frozenset({"timer"})

INTENT_KEYS: tuple[str, ...] = ("action", "device", "area", "floor", "domain", "value", "unit")

UNITS: frozenset[str] = frozenset({"%", "K", "s", "°C", "°F"})

#: What a question over a group asks of it (docs/DESIGN.md section 3): "are all the windows closed" (``all``),
#: "how many windows are open" (``count``), "which windows are open" (``which``); none is "is any".
QUANTIFIERS: tuple[str, ...] = ("all", "count", "which")

Value = int | float | str | None


@dataclass(frozen=True)
class Intent:
    """One thing to do, in the schema of docs/DESIGN.md section 3."""

    action: str
    """One of :data:`ACTIONS` or an action a plugin registered."""
    device: str | None = None
    """Canonical name of a configured device (after alias and fuzzy resolution), or ``None``."""
    area: str | None = None
    """Configured area name; ``None`` means no area constraint."""
    floor: str | None = None
    """Configured floor name; ``None`` means no floor constraint."""
    domain: str | None = None
    """Device type addressed, optionally ``type:device_class`` (``cover:curtain``), or ``timer``."""
    value: Value = None
    """Number (brightness, position, volume, temperature, kelvin, seconds), colour name, state asked about,
    or timer name."""
    unit: str | None = None
    """``%``, ``K``, ``s``, ``°C``, ``°F`` or ``None``."""
    quantifier: str | None = None
    """What a question over a group asks (:data:`QUANTIFIERS`: ``all``, ``count``, ``which``); ``None`` is
    "is any" (today's reading). Only on ``get_state`` of a domain with no device."""

    def __post_init__(self) -> None:
        problem = quantifier_problem(self.action, self.device, self.domain, self.quantifier)
        if problem:
            raise ValueError(problem)

    def to_dict(self) -> dict[str, Any]:
        """The seven keys, and ``quantifier`` only when set (so every reader of the seven keys is unchanged)."""
        out = {k: getattr(self, k) for k in INTENT_KEYS}
        if self.quantifier is not None:
            out["quantifier"] = self.quantifier
        return out

    @classmethod
    def from_dict(cls, data: Any) -> "Intent":
        """Build an intent from a mapping with exactly the seven keys (and ``quantifier`` where it applies);
        raise ``ValueError`` otherwise."""
        if not isinstance(data, dict):
            raise ValueError(f"an intent must be an object, got {type(data).__name__}")
        keys = set(data) - {"quantifier"}
        if keys != set(INTENT_KEYS):
            missing = sorted(set(INTENT_KEYS) - keys)
            extra = sorted(keys - set(INTENT_KEYS))
            raise ValueError(f"an intent has exactly the keys {', '.join(INTENT_KEYS)} (missing {missing}, extra {extra})")
        action = data["action"]
        if not isinstance(action, str) or not action:
            raise ValueError("intent.action must be a non-empty string")
        for key in ("device", "area", "floor", "domain", "unit"):
            if data[key] is not None and not isinstance(data[key], str):
                raise ValueError(f"intent.{key} must be a string or null, got {data[key]!r}")
        value = data["value"]
        if value is not None and not isinstance(value, (int, float, str)) or isinstance(value, bool):
            raise ValueError(f"intent.value must be a number, a string or null, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("intent.value must be finite")
        quantifier = data.get("quantifier")
        if quantifier is not None and not isinstance(quantifier, str):
            raise ValueError(f"intent.quantifier must be a string or null, got {quantifier!r}")
        return cls(**{k: data[k] for k in INTENT_KEYS}, quantifier=quantifier)


def quantifier_problem(action: str, device: str | None, domain: str | None, quantifier: str | None) -> str | None:
    """Why ``quantifier`` cannot be on this intent, or ``None`` when it can: one of :data:`QUANTIFIERS`, only on
    a question over a group (``get_state`` of a domain, no device)."""
    if quantifier is None:
        return None
    if quantifier not in QUANTIFIERS:
        return f"intent.quantifier must be one of {', '.join(QUANTIFIERS)} or null, got {quantifier!r}"
    if action != "get_state" or device is not None or not domain or domain in ("timer", "all"):
        return (f"intent.quantifier {quantifier!r} is only for a question over a group (get_state of a domain with "
                f"no device), not {action} of {device or domain or 'nothing'}")
    return None


@dataclass(frozen=True)
class ParseResult:
    """What the understanding stage returns for one utterance (docs/DESIGN.md section 3).

    ``intents`` is empty when the text was not understood, out of domain, or named something the home
    does not have; ``response`` then says so politely and nothing is executed.
    """

    text: str
    intents: tuple[Intent, ...]
    response: str
    confidence: float
    """0..1, from the model's token scores."""
    refusal: RefusalKind | None = None
    """Why nothing is executed, machine-readable (:class:`homeslm.outcomes.RefusalKind`: ``not_understood``,
    ``low_confidence``, ``unknown_device``, ``unsupported``, ...); ``None`` when understood."""
    needs_confirmation: bool = False
    """True when some action waits for a yes (unlocking a lock marked ``confirm: true``; locking it does
    not): :func:`homeslm.understanding.confirmation.asks_before`. The daemon asks about that part and runs the rest."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intents": [i.to_dict() for i in self.intents],
            "response": self.response,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True)
class ActionResult:
    """What a plugin's action handler returns."""

    ok: bool
    """Whether the command was carried out (published, or the state was read)."""
    speech: str | None = None
    """A phrase to speak instead of the model's acknowledgement (state reads, errors); ``None`` keeps it."""
    state: dict[str, Any] | None = None
    """Device state the handler read or set, for the ``intent`` topic's results."""
    data: dict[str, Any] = field(default_factory=dict)
    """Anything else worth publishing with the result (e.g. the topic and payload sent)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "speech": self.speech}
        if self.state is not None:
            out["state"] = self.state
        out.update(self.data)
        return out
