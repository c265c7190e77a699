"""Kitchen timers: the device-less ``timer`` domain.

A timer is named in the intent's ``device`` field by its name (``"pasta"``), by its length
(``"timer:300s"``, "the five minute timer"), or not at all (``None``: "the" timer, meaning the only one
or else the most recently started). ``value`` carries seconds: the length for ``start_timer``, the
change for ``increase_timer`` / ``decrease_timer``.

When a timer ends, the plugin announces "Your pasta timer is done." through ``announce`` (spoken and
published on ``homeslm/<site>/response``). Timers live in memory: they do not survive a restart.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeslm import ActionResult, Intent, PluginContext, StateCache, hookimpl
from plugins.common import number, refuse

logger = logging.getLogger(__name__)

PLUGIN_NAME = "timers"

MAX_TIMER_S = 24 * 3600.0
_BY_LENGTH = re.compile(r"^timer:(\d+(?:\.\d+)?)s$")


def spoken_duration(seconds: float) -> str:
    """``250`` -> ``"4 minutes and 10 seconds"`` (rounded up to whole seconds)."""
    total = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if n]
    if not parts:
        return "0 seconds"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _length_label(seconds: float) -> str:
    """``300`` -> ``"5 minute"`` (as in "your 5 minute timer")."""
    s = max(1, round(seconds))
    if s % 3600 == 0:
        return f"{s // 3600} hour"
    if s % 60 == 0:
        return f"{s // 60} minute"
    return f"{s} second"


@dataclass
class Timer:
    id: int
    name: str | None
    length_s: float
    """The length it was started with (how "the five minute timer" finds it)."""
    deadline: float | None
    """``time.monotonic()`` when it ends; ``None`` while paused."""
    paused_left_s: float | None
    announce: Callable[[str], None]
    handle: threading.Timer | None = None

    def label(self, *, with_length: bool = True) -> str:
        """``"pasta timer"``, ``"5 minute timer"`` or ``"timer"``."""
        if self.name:
            return f"{self.name} timer"
        return f"{_length_label(self.length_s)} timer" if with_length else "timer"

    def left_s(self) -> float:
        if self.deadline is None:
            return self.paused_left_s or 0.0
        return max(0.0, self.deadline - time.monotonic())


class Timers:
    """The running timers of one daemon, each ended by its own :class:`threading.Timer`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timers: dict[int, Timer] = {}
        self._next_id = 1

    def _arm(self, timer: Timer, left_s: float) -> None:
        """(Re)start the countdown of ``timer``; caller holds the lock."""
        if timer.handle is not None:
            timer.handle.cancel()
        timer.deadline = time.monotonic() + left_s
        timer.paused_left_s = None
        handle = threading.Timer(left_s, self._fire, args=(timer.id, timer.deadline))
        handle.daemon = True
        handle.name = f"homeslm-timer-{timer.id}"
        timer.handle = handle
        handle.start()

    def _fire(self, timer_id: int, deadline: float) -> None:
        with self._lock:
            timer = self._timers.get(timer_id)
            if timer is None or timer.deadline != deadline:  # cancelled, paused or changed meanwhile
                return
            del self._timers[timer_id]
        text = f"Your {timer.label()} is done."
        logger.info("timer %s ended", timer.label())
        try:
            timer.announce(text)
        except Exception:  # boundary: the timer thread
            logger.exception("announcing the end of the %s failed", timer.label())

    def start(self, name: str | None, length_s: float, announce: Callable[[str], None]) -> tuple[Timer, bool]:
        """Start a timer; one of the same name is replaced. Returns the timer and whether it replaced one."""
        with self._lock:
            replaced = False
            if name:
                for old in [t for t in self._timers.values() if t.name == name]:
                    self._drop(old)
                    replaced = True
            timer = Timer(id=self._next_id, name=name, length_s=length_s, deadline=None, paused_left_s=None, announce=announce)
            self._next_id += 1
            self._timers[timer.id] = timer
            self._arm(timer, length_s)
            return timer, replaced

    def _drop(self, timer: Timer) -> None:
        if timer.handle is not None:
            timer.handle.cancel()
        self._timers.pop(timer.id, None)

    def all(self) -> list[Timer]:
        with self._lock:
            return sorted(self._timers.values(), key=lambda t: t.id)

    def find(self, ref: str | None) -> Timer | None:
        """The timer ``ref`` names (name, ``timer:<n>s`` or ``None``); the most recent when several fit."""
        timers = self.all()
        if ref is not None:
            match = _BY_LENGTH.match(ref.strip().lower())
            if match:
                length = float(match.group(1))
                timers = [t for t in timers if abs(t.length_s - length) < 0.5]
            else:
                wanted = _clean_name(ref)
                timers = [t for t in timers if t.name == wanted]
        return timers[-1] if timers else None

    def cancel(self, timer: Timer) -> None:
        with self._lock:
            self._drop(timer)

    def pause(self, timer: Timer) -> bool:
        """False when it was already paused."""
        with self._lock:
            if timer.deadline is None:
                return False
            left = timer.left_s()
            if timer.handle is not None:
                timer.handle.cancel()
            timer.deadline, timer.paused_left_s = None, left
            return True

    def resume(self, timer: Timer) -> bool:
        """False when it was not paused."""
        with self._lock:
            if timer.deadline is not None:
                return False
            self._arm(timer, timer.paused_left_s or 0.0)
            return True

    def adjust(self, timer: Timer, delta_s: float) -> float:
        """Add ``delta_s`` (negative: take off); returns the seconds left (0: it ended, silently)."""
        with self._lock:
            left = timer.left_s() + delta_s
            if left <= 0:
                self._drop(timer)
                return 0.0
            if timer.deadline is None:
                timer.paused_left_s = left
            else:
                self._arm(timer, left)
            return left

    def stop_all(self) -> int:
        with self._lock:
            count = len(self._timers)
            for timer in list(self._timers.values()):
                self._drop(timer)
            return count


def _clean_name(name: str) -> str:
    """``"The Pasta timer"`` -> ``"pasta"``."""
    text = re.sub(r"\s+", " ", name.strip().lower())
    text = re.sub(r"^(the|my|your) ", "", text)
    return re.sub(r" timer$", "", text).strip()


def _timers(state: StateCache) -> Timers:
    return state.resource("timers", Timers)


_ACTIONS = ("start_timer", "cancel_timer", "cancel_all_timers", "pause_timer", "resume_timer",
            "increase_timer", "decrease_timer", "timer_status")


@hookimpl
def register_actions(register: Callable[..., None]) -> None:
    handlers: dict[str, Callable[..., ActionResult]] = {
        "start_timer": start_timer, "cancel_timer": cancel_timer, "cancel_all_timers": cancel_all_timers,
        "pause_timer": pause_timer, "resume_timer": resume_timer, "increase_timer": change_timer,
        "decrease_timer": change_timer, "timer_status": timer_status,
    }
    for action in _ACTIONS:
        register("timer", action, handlers[action])


@hookimpl
def daemon_stopping(context: PluginContext) -> None:
    count = _timers(context.state).stop_all()
    if count:
        logger.info("%d timer(s) dropped at shutdown", count)


def start_timer(intent: Intent, state: StateCache, announce: Callable[[str], None]) -> ActionResult:
    ref = intent.device
    by_length = _BY_LENGTH.match(ref.strip().lower()) if ref else None
    length = number(intent.value)
    if length is None and by_length:
        length = float(by_length.group(1))
    if length is None:
        return refuse("How long should the timer be?", "missing_value")
    if not 0 < length <= MAX_TIMER_S:
        return refuse("Timers can be from one second to 24 hours long.", "out_of_range")
    name = _clean_name(ref) if ref and not by_length else None
    timer, replaced = _timers(state).start(name or None, length, announce)
    label = timer.label(with_length=False)
    verb = "restarted" if replaced else "set"
    speech = f"{label[0].upper()}{label[1:]} {verb} for {spoken_duration(length)}."
    return ActionResult(ok=True, speech=speech, state=_describe(timer))


def _describe(timer: Timer) -> dict[str, Any]:
    return {"timer": timer.name, "length_s": timer.length_s, "left_s": round(timer.left_s(), 1),
            "paused": timer.deadline is None}


def _missing(ref: str | None, what: str) -> ActionResult:
    if ref is None:
        return refuse(f"There is no timer to {what}.", "no_timer")
    match = _BY_LENGTH.match(ref.strip().lower())
    label = f"{_length_label(float(match.group(1)))} timer" if match else f"{_clean_name(ref)} timer"
    return refuse(f"You have no {label}.", "no_timer")


def cancel_timer(intent: Intent, state: StateCache) -> ActionResult:
    timers = _timers(state)
    timer = timers.find(intent.device)
    if timer is None:
        return _missing(intent.device, "cancel")
    label = timer.label(with_length=len(timers.all()) > 1)
    timers.cancel(timer)
    return ActionResult(ok=True, speech=f"Your {label} is cancelled.")


def cancel_all_timers(state: StateCache) -> ActionResult:
    count = _timers(state).stop_all()
    if count == 0:
        return ActionResult(ok=True, speech="You have no timers running.")
    return ActionResult(ok=True, speech="Your timer is cancelled." if count == 1 else f"All {count} timers are cancelled.")


def pause_timer(intent: Intent, state: StateCache) -> ActionResult:
    timers = _timers(state)
    timer = timers.find(intent.device)
    if timer is None:
        return _missing(intent.device, "pause")
    label = timer.label(with_length=len(timers.all()) > 1)
    if not timers.pause(timer):
        return ActionResult(ok=True, speech=f"Your {label} is already paused.", state=_describe(timer))
    return ActionResult(ok=True, speech=f"Your {label} is paused with {spoken_duration(timer.left_s())} left.", state=_describe(timer))


def resume_timer(intent: Intent, state: StateCache) -> ActionResult:
    timers = _timers(state)
    timer = timers.find(intent.device)
    if timer is None:
        return _missing(intent.device, "resume")
    label = timer.label(with_length=len(timers.all()) > 1)
    if not timers.resume(timer):
        return ActionResult(ok=True, speech=f"Your {label} is already running.", state=_describe(timer))
    return ActionResult(ok=True, speech=f"Your {label} is running again with {spoken_duration(timer.left_s())} left.",
                        state=_describe(timer))


def change_timer(intent: Intent, state: StateCache) -> ActionResult:
    """``increase_timer`` / ``decrease_timer`` by ``value`` seconds."""
    delta = number(intent.value)
    if delta is None or delta <= 0:
        return refuse("By how much should I change the timer?", "missing_value")
    timers = _timers(state)
    timer = timers.find(intent.device)
    if timer is None:
        return _missing(intent.device, "change")
    label = timer.label(with_length=len(timers.all()) > 1)
    sign = 1 if intent.action == "increase_timer" else -1
    left = timers.adjust(timer, sign * delta)
    if left <= 0:
        return ActionResult(ok=True, speech=f"Your {label} is done.", state={"timer": timer.name, "left_s": 0.0})
    done = "Added" if sign > 0 else "Took off"
    return ActionResult(ok=True, speech=f"{done} {spoken_duration(delta)}: {spoken_duration(left)} left on your {label}.",
                        state=_describe(timer))


def _status_phrase(timer: Timer, label: str) -> str:
    if timer.deadline is None:
        return f"your {label} is paused with {spoken_duration(timer.left_s())} left"
    return f"{spoken_duration(timer.left_s())} left on your {label}"


def timer_status(intent: Intent, state: StateCache) -> ActionResult:
    timers = _timers(state)
    running = timers.all()
    if intent.device is not None or len(running) == 1:
        timer = timers.find(intent.device)
        if timer is None:
            return _missing(intent.device, "check")
        phrase = _status_phrase(timer, timer.label(with_length=len(running) > 1))
        return ActionResult(ok=True, speech=phrase[0].upper() + phrase[1:] + ".", state=_describe(timer))
    if not running:
        return ActionResult(ok=True, speech="You have no timers running.", state={"timers": []})
    phrases = [_status_phrase(t, t.label()) for t in running]
    speech = f"You have {len(running)} timers: " + ", ".join(phrases[:-1]) + " and " + phrases[-1] + "."
    return ActionResult(ok=True, speech=speech, state={"timers": [_describe(t) for t in running]})
