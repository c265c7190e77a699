"""Outcomes as values: why an utterance was refused and what became of it.

Both are closed sets, and both are part of the MQTT contract (the ``refusal`` and ``status`` fields of
``homeslm/<site>/intent``, and of ``homeslm parse --json``; README's MQTT table). They are
:class:`~enum.StrEnum` members, so a payload carries exactly the string it always did, while mypy checks
every place that makes or reads one. A refusal travels with its spoken text, the way wyoming's
``Error(text, code)`` does: :class:`homeslm.understanding.resolve.Refusal` (raised by resolution) and
:class:`homeslm.schema.ParseResult` (``refusal`` and ``response``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["RefusalKind", "Status"]


class RefusalKind(StrEnum):
    """Why nothing of an utterance is executed (``ParseResult.refusal``, the ``refusal`` field)."""

    NOT_UNDERSTOOD = "not_understood"
    """The model's reading did not parse, named something the sentence does not contain, or did not resolve."""
    LOW_CONFIDENCE = "low_confidence"
    """The model was less sure than ``model.threshold``."""
    OUT_OF_DOMAIN = "out_of_domain"
    """Not a command for the home ("what is the capital of France")."""
    UNKNOWN_DEVICE = "unknown_device"
    """The sentence names a device the home does not have."""
    UNSUPPORTED = "unsupported"
    """The devices named cannot do the action (a lock asked to dim)."""
    INVALID_VALUE = "invalid_value"
    """A value out of its action's range (brightness 150 percent, a timer of two days)."""
    NO_DEVICES = "no_devices"
    """Nothing of the kind asked for where it was asked ("the blinds in the bathroom" where there are none)."""
    AMBIGUOUS = "ambiguous"
    """Several devices share the name said and nothing tells which: asked back ("Which ceiling light: the
    kitchen or the bedroom one?"); the answer ("the kitchen one") is a follow-up."""


class Status(StrEnum):
    """What became of one utterance (``Outcome.status``, the ``status`` field)."""

    EXECUTED = "executed"
    """Every action succeeded."""
    FAILED = "failed"
    """At least one action failed (refused by its plugin, raised, timed out)."""
    REFUSED = "refused"
    """Not understood, or named something the home does not have: nothing executed."""
    ASKED = "confirm"
    """A risky action waits for a yes: the question was asked; the rest of the sentence was executed."""
    DECLINED = "declined"
    """The user said no to the question."""
    EXPIRED = "expired"
    """Nobody answered the question within the follow-up window."""
    ERROR = "error"
    """The utterance failed inside homeslm (logged with a traceback)."""
    UNDERSTOOD = "understood"
    """``homeslm parse`` only: understood and resolved, nothing executed (parse never executes)."""
