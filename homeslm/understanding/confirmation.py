"""Confirmation: which actions ask first, and how the question is said.

Confirmation guards the risky direction of a device, not the device or the sentence: with
``confirm: true`` on the front door, "dim the kitchen lights to 30 percent and unlock the front door"
dims at once and asks "Do you want me to unlock the front door?"; "lock the front door" just locks it.

The policy is data (:data:`RISKY_ACTIONS`) applied by one function, :func:`asks_before`; a device's
``confirm:`` key chooses (:attr:`homeslm.config.model.Device.confirm`):

- ``true``: the risky actions of its kind (:func:`guarded_actions`); kinds without a risky direction
  in the table (a switch, or an alarm panel a plugin drives) ask before every change, as
  ``confirm: true`` always meant for them;
- a list (``[unlock, open]``, ``[disarm]``): exactly those actions, built-in or a plugin's own;
- ``false`` (the default): never.

Reading a state (:data:`READ_ONLY_ACTIONS`) never asks, and setting a cover's position to 0 closes it,
so it never asks either. :func:`split_plans` cuts a sentence's plans into what runs now and what waits
for a yes (a fan-out over several devices can be cut in two); the question, its acknowledgement and
the "OK, I won't ..." are renderings of the same parts (action, devices, value), never a response
string parsed back (:func:`request`, :func:`confirmation_question`, :func:`declined_answer`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.config.model import with_article
from homeslm.understanding.notation import Frame
from homeslm.understanding.responses import describe_frame, sentence, spoken_list

if TYPE_CHECKING:
    from homeslm.config.model import Device
    from homeslm.understanding.resolve import Plan
    from homeslm.schema import Intent

#: Actions that only read: never asked about (:attr:`homeslm.actions.BuiltinAction.read_only`).
READ_ONLY_ACTIONS: frozenset[str] = frozenset(a.name for a in BUILTIN_ACTIONS if a.read_only)


def changes(action: str) -> bool:
    """Whether ``action`` changes something: not a read (:data:`READ_ONLY_ACTIONS`), not ``cancel``."""
    return action not in READ_ONLY_ACTIONS and action != "cancel"


_DOOR_LIKE = frozenset({"open", "set_position", "toggle"})
#: The risky direction of each kind of device, by ``(type, device_class)`` (``None``: any class):
#: what ``confirm: true`` guards. Toggling is risky where it may be the risky direction.
RISKY_ACTIONS: dict[tuple[str, str | None], frozenset[str]] = {
    ("lock", None): frozenset({"unlock", "open", "toggle"}),  # ``open`` unlatches a lock that can
    ("cover", "garage"): _DOOR_LIKE,
    ("cover", "door"): _DOOR_LIKE,
    ("cover", "gate"): _DOOR_LIKE,
}


def guarded_actions(device: Device) -> frozenset[str] | None:
    """The actions that ask first on ``device``; ``None`` means every change (``confirm: true`` on a
    kind without a risky direction)."""
    if device.confirm is False or device.confirm == ():
        return frozenset()
    if device.confirm is True:
        risky = RISKY_ACTIONS.get((device.type, device.device_class), RISKY_ACTIONS.get((device.type, None)))
        return risky
    return frozenset(device.confirm)


def asks_before(device: Device, intent: Intent) -> bool:
    """Whether ``intent`` on ``device`` waits for a yes."""
    if intent.action in READ_ONLY_ACTIONS:
        return False
    guarded = guarded_actions(device)
    if guarded is not None and intent.action not in guarded:
        return False
    closing = intent.action == "set_position" and isinstance(intent.value, (int, float)) and intent.value <= 0
    return not closing


def describe_guard(device: Device) -> str:
    """What ``homeslm check`` says of a device's ``confirm:`` (``""`` when it never asks)."""
    guarded = guarded_actions(device)
    if guarded is None:
        return "asks before every change"
    return f"asks before: {', '.join(sorted(guarded))}" if guarded else ""


def split_plans(plans: Sequence[Plan]) -> list[tuple[Plan | None, Plan | None]]:
    """Per plan, ``(what runs now, what waits for a yes)``; either is ``None`` when empty. A plan
    without devices (timers) always runs now."""
    out: list[tuple[Plan | None, Plan | None]] = []
    for plan in plans:
        held = tuple(d for d in plan.devices if asks_before(d, plan.intent))
        if not held:
            out.append((plan, None))
        elif len(held) == len(plan.devices):
            out.append((None, plan))
        else:
            now = tuple(d for d in plan.devices if d not in held)
            out.append((dataclasses.replace(plan, devices=now), dataclasses.replace(plan, devices=held)))
    return out


# -- what is said ----------------------------------------------------------------------------------


def _target(plan: Plan) -> str:
    """"the front door", "the garage door and the gate" (device names are unique in a home); scenes and
    scripts are said without "the"."""
    return " and ".join(d.name if d.type in ("scene", "script") else with_article(d.name) for d in plan.devices)


def _frame(plan: Plan) -> Frame:
    intent = plan.intent
    fr = Frame(intent.action, device=_target(plan) or None)
    if isinstance(intent.value, (int, float)) and not isinstance(intent.value, bool):
        fr.number = f"{intent.value:g}"
    elif isinstance(intent.value, str):
        fr.word = intent.value
    return fr


def request(plan: Plan) -> str:
    """What the plan asks of its devices, in the infinitive: ``"unlock the front door"``."""
    return describe_frame(_frame(plan), infinitive=True)


def acknowledgement(plan: Plan) -> str:
    """The plan's acknowledgement built from its parts: ``"Opening the garage door."``."""
    return sentence(describe_frame(_frame(plan)))


def _joined(plans: Sequence[Plan]) -> str:
    return spoken_list([request(p) for p in plans])


def confirmation_question(plans: Sequence[Plan]) -> str:
    """``"Do you want me to unlock the front door?"`` for the plans that wait for a yes."""
    return f"Do you want me to {_joined(plans)}?" if plans else "Do you want me to do that?"


def declined_answer(plans: Sequence[Plan]) -> str:
    """``"OK, I won't unlock the front door."``: said on a no, when the question runs out of time, or
    when the next command does not answer it."""
    return f"OK, I won't {_joined(plans)}." if plans else "OK, I won't."


def what_waits(plans: Sequence[Plan]) -> str:
    """What of ``plans`` would wait for a yes, in the infinitive ("unlock the front door"); ``""`` for
    nothing (``homeslm parse`` and ``homeslm do`` say it)."""
    held = [h for _, h in split_plans(plans) if h is not None]
    return _joined(held) if held else ""
