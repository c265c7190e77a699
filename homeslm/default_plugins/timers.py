"""Kitchen timers: the device-less ``timer`` domain.

A timer is named in the intent's ``device`` field by its name (``"pasta"``), by its length
(``"timer:300s"``, "the five minute timer"), or not at all (``None``: "the" timer, meaning the only one
or else the most recently started; of those started in the room it is said in, when there are any).
``value`` carries seconds: the length for ``start_timer``, the change for ``increase_timer`` /
``decrease_timer``.

A timer remembers the room it was started in (the handler's ``area``: the satellite's or the daemon's
room). The intent's ``area`` ("cancel the kitchen timer") picks the timers started there, with the name or
length too when it has one; "the kitchen timer" when none was started in the kitchen is the timer NAMED
kitchen. Several timers in that room and nothing to tell them apart: the answer names them and nothing is
done. When timers run in several rooms, answers call an unnamed one by its room ("your kitchen timer").

When a timer ends, the plugin announces "Your pasta timer is done." through ``announce`` (spoken and
published on ``homeslm/<site>/response``).

Timers survive restarts and reloads. When the daemon gives a state directory (``context.state_dir``:
systemd's ``$STATE_DIRECTORY``, else ``$XDG_STATE_HOME/homeslm``), every change is written atomically
(temporary file, fsync, rename) to ``timers-<site>.json`` there (:class:`TimerFile`)::

    {"version": 1, "site": "kitchen",
     "timers": [{"name": "pasta", "length_s": 600.0, "ends_at": 1763805600.25, "left_s": null, "area": "kitchen"},
                {"name": null, "length_s": 300.0, "ends_at": null, "left_s": 120.0, "area": null}]}

``ends_at`` is the wall-clock end (Unix seconds) of a running timer; a paused one has ``ends_at: null``
and the seconds ``left_s``; ``area`` is the room it was started in (optional: files written before
timers had rooms load with none); list order is start order ("the timer" means the most recent).
``daemon_stopping`` stops the countdowns without touching the file; ``daemon_started`` re-arms running
timers with what is left of them and keeps paused ones paused. A timer that ended while the daemon was
away is announced once ("Your pasta timer finished 3 minutes ago, while I was away.") and dropped.
A SIGHUP reload is a stop of the old plugin state and a start of the new one a moment later, so
running timers go on (none is lost or announced twice). A file that cannot be read or understood is
logged with its path, moved aside to ``timers-<site>.json.bad``, and the daemon starts with no timers.
Without a state directory (one-shot commands, tests) timers live in memory and end with the process.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeslm import ActionResult, Intent, PluginContext, StateCache, hookimpl, with_article
from homeslm.default_plugins.common import number, refuse
from homeslm.default_plugins.timer_file import MAX_TIMER_S, TimerFile, TimerFileError

logger = logging.getLogger(__name__)

PLUGIN_NAME = "timers"

#: A restored timer that ended more than this long ago is announced as having ended "while I was away"
#: (a reload takes milliseconds: a timer ending during one is just "done").
AWAY_AFTER_S = 2.0
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


def spoken_ago(seconds: float) -> str:
    """How long ago, as said: whole seconds under a minute, else to the nearest minute (``185`` -> ``"3 minutes"``)."""
    if seconds < 60:
        return spoken_duration(math.floor(seconds))
    return spoken_duration(round(seconds / 60) * 60)


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
    ends_at: float | None = None
    """``time.time()`` when it ends (what the file keeps); ``None`` while paused."""
    away_s: float | None = None
    """Restored after having ended this many seconds ago (while the daemon was away)."""
    area: str | None = None
    """The room it was started in (the microphone's), ``None`` when none is configured."""

    def label(self, *, with_length: bool = True) -> str:
        """``"pasta timer"``, ``"5 minute timer"`` or ``"timer"``."""
        if self.name:
            return f"{self.name} timer"
        return f"{_length_label(self.length_s)} timer" if with_length else "timer"

    def left_s(self) -> float:
        if self.deadline is None:
            return self.paused_left_s or 0.0
        return max(0.0, self.deadline - time.monotonic())


def _room(area: str) -> str:
    """A room's name as compared: ``" Laundry  Room"`` -> ``"laundry room"``."""
    return re.sub(r"\s+", " ", area.strip().lower())


def _in_room(timer: Timer, area: str) -> bool:
    return timer.area is not None and _room(timer.area) == _room(area)


def _label(timer: Timer, timers: list[Timer], *, with_length: bool = True) -> str:
    """How answers call ``timer`` among ``timers`` (those running, it included): by its name; else, while
    timers run in several rooms, by its room (``"kitchen timer"``; ``"5 minute timer in the kitchen"`` when
    the room has several unnamed ones); else by its length when ``with_length``."""
    if timer.name:
        return f"{timer.name} timer"
    if timer.area is not None and len({_room(t.area) for t in timers if t.area is not None}) > 1:
        twins = [t for t in timers if not t.name and _in_room(t, timer.area)]
        return f"{_length_label(timer.length_s)} timer in {with_article(timer.area)}" if len(twins) > 1 else f"{timer.area} timer"
    return timer.label(with_length=with_length)


def _restored_summary(timer: Timer) -> str:
    """``"pasta timer (4 minutes left)"``, for the log line of :meth:`Timers.restore`."""
    if timer.away_s is not None:
        return f"{timer.label()} (ended {spoken_ago(timer.away_s)} ago)"
    paused = "paused, " if timer.deadline is None else ""
    return f"{timer.label()} ({paused}{spoken_duration(timer.left_s())} left)"


class Timers:
    """The timers of one daemon, each ended by its own :class:`threading.Timer`; every change is saved
    to the :class:`TimerFile` given to :meth:`restore` (none: memory only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timers: dict[int, Timer] = {}
        self._next_id = 1
        self._file: TimerFile | None = None
        self._site = ""
        self._closed = False

    # -- persistence (callers hold the lock) --

    def _save(self) -> None:
        """Write every timer to the file; a failure is logged (the timers still run, in memory)."""
        if self._file is None or self._closed:
            return
        entries = [{"name": t.name, "length_s": t.length_s, "ends_at": t.ends_at,
                    "left_s": None if t.deadline is not None else round(t.left_s(), 3), "area": t.area}
                   for t in sorted(self._timers.values(), key=lambda t: t.id)]
        try:
            self._file.save(self._site, entries)
        except OSError as exc:
            logger.error("could not save the timers to %s: %s; they run, but will not survive a restart or reload",
                         self._file.path, exc)

    def restore(self, timer_file: TimerFile, site: str, announce: Callable[[str], None]) -> None:
        """Take the timers saved in ``timer_file`` (the daemon starts or reloads) and save every change there.

        Running timers are re-armed with what is left until their saved end, paused ones stay paused;
        those that ended meanwhile are announced (:data:`AWAY_AFTER_S`) and dropped. An unusable file is
        logged with its path and moved aside; the daemon then starts with no saved timers.
        """
        timer_file.remove_leftovers()
        try:
            entries = timer_file.load()
        except TimerFileError as exc:
            try:
                bad = timer_file.move_aside()
            except OSError as move_exc:
                logger.error("timers file %s: %s; starting with no timers (it could not be moved aside either: %s)",
                             timer_file.path, exc, move_exc)
            else:
                logger.error("timers file %s: %s; moved it to %s and starting with no timers", timer_file.path, exc, bad)
            entries = []
        now = time.time()
        restored: list[Timer] = []
        with self._lock:
            self._file, self._site = timer_file, site
            for entry in entries:
                timer = Timer(id=self._next_id, name=entry["name"], length_s=entry["length_s"], deadline=None,
                              paused_left_s=entry["left_s"], announce=announce, area=entry["area"])
                self._next_id += 1
                self._timers[timer.id] = timer
                restored.append(timer)
                if entry["ends_at"] is not None:
                    left = entry["ends_at"] - now
                    if left < -AWAY_AFTER_S:
                        timer.away_s = -left
                    if left > 2 * MAX_TIMER_S:  # none runs that long: the clock went back (a Pi without RTC at boot)
                        logger.warning("the %s would end in %.0f s: the clock seems to have gone back; it ends in %.0f s",
                                       timer.label(), left, MAX_TIMER_S)
                        self._arm(timer, MAX_TIMER_S)
                        continue
                    self._arm(timer, max(0.0, left), ends_at=entry["ends_at"])
            if restored:
                logger.info("restored %d timer(s) from %s: %s", len(restored), timer_file.path,
                            ", ".join(_restored_summary(t) for t in restored))

    def close(self) -> int:
        """The daemon stops or reloads: stop every countdown, forget the timers here and keep the file as it
        is (the next :meth:`restore` takes them up). Returns how many there were."""
        with self._lock:
            self._closed = True
            count = len(self._timers)
            for timer in list(self._timers.values()):
                self._drop(timer)
            return count

    @property
    def saved_to(self) -> Path | None:
        """The file the timers are saved in, or ``None`` (memory only)."""
        return self._file.path if self._file is not None else None

    # -- countdowns --

    def _arm(self, timer: Timer, left_s: float, *, ends_at: float | None = None) -> None:
        """(Re)start the countdown of ``timer``; caller holds the lock."""
        if timer.handle is not None:
            timer.handle.cancel()
        timer.deadline = time.monotonic() + left_s
        timer.ends_at = ends_at if ends_at is not None else time.time() + left_s
        timer.paused_left_s = None
        if self._closed:  # a late handler call after stopping: nothing runs any more
            return
        handle = threading.Timer(left_s, self._fire, args=(timer.id, timer.deadline))
        handle.daemon = True
        handle.name = f"homeslm-timer-{timer.id}"
        timer.handle = handle
        handle.start()

    def _fire(self, timer_id: int, deadline: float) -> None:
        with self._lock:
            timer = self._timers.get(timer_id)
            if self._closed or timer is None or timer.deadline != deadline:  # cancelled, paused, changed, stopped
                return
            label = _label(timer, sorted(self._timers.values(), key=lambda t: t.id))
            del self._timers[timer_id]
            self._save()
        if timer.away_s is not None:
            text = f"Your {label} finished {spoken_ago(timer.away_s)} ago, while I was away."
            logger.info("timer %s ended %.0f s ago, while the daemon was away", label, timer.away_s)
        else:
            text = f"Your {label} is done."
            logger.info("timer %s ended", label)
        try:
            timer.announce(text)
        except Exception:  # boundary: the timer thread
            logger.exception("announcing the end of the %s failed", timer.label())

    def start(self, name: str | None, length_s: float, announce: Callable[[str], None],
              area: str | None = None) -> tuple[Timer, bool]:
        """Start a timer in room ``area``; one of the same name is replaced. Returns the timer and whether it
        replaced one."""
        with self._lock:
            replaced = False
            if name:
                for old in [t for t in self._timers.values() if t.name == name]:
                    self._drop(old)
                    replaced = True
            timer = Timer(id=self._next_id, name=name, length_s=length_s, deadline=None, paused_left_s=None,
                          announce=announce, area=area)
            self._next_id += 1
            self._timers[timer.id] = timer
            self._arm(timer, length_s)
            self._save()
            return timer, replaced

    def _drop(self, timer: Timer) -> None:
        if timer.handle is not None:
            timer.handle.cancel()
        self._timers.pop(timer.id, None)

    def all(self) -> list[Timer]:
        with self._lock:
            return sorted(self._timers.values(), key=lambda t: t.id)

    def matching(self, ref: str | None, area: str | None = None, here: str | None = None) -> list[Timer]:
        """The timers ``ref`` (name, ``timer:<n>s`` or ``None``) and ``area`` (the room the sentence names)
        fit, in start order. With ``area``: those started there that ``ref`` fits; none there and no ``ref``:
        the timer named ``area`` ("the kitchen timer"). Neither: those started in ``here`` (the room it is
        said in), when any, else all."""
        every = self.all()
        timers = every
        if ref is not None:
            match = _BY_LENGTH.match(ref.strip().lower())
            if match:
                length = float(match.group(1))
                timers = [t for t in timers if abs(t.length_s - length) < 0.5]
            else:
                wanted = _clean_name(ref)
                timers = [t for t in timers if t.name == wanted]
        if area is not None:
            in_room = [t for t in timers if _in_room(t, area)]
            if in_room or ref is not None:
                return in_room
            return [t for t in every if t.name == _clean_name(area)]
        if ref is None and here is not None:
            return [t for t in timers if _in_room(t, here)] or timers
        return timers

    def find(self, ref: str | None, area: str | None = None) -> Timer | None:
        """The timer ``ref`` and ``area`` name (:meth:`matching`); the most recent when several fit."""
        timers = self.matching(ref, area)
        return timers[-1] if timers else None

    def cancel(self, timer: Timer) -> None:
        with self._lock:
            self._drop(timer)
            self._save()

    def pause(self, timer: Timer) -> bool:
        """False when it was already paused."""
        with self._lock:
            if timer.deadline is None:
                return False
            left = timer.left_s()
            if timer.handle is not None:
                timer.handle.cancel()
            timer.deadline, timer.ends_at, timer.paused_left_s = None, None, left
            self._save()
            return True

    def resume(self, timer: Timer) -> bool:
        """False when it was not paused."""
        with self._lock:
            if timer.deadline is not None:
                return False
            self._arm(timer, timer.paused_left_s or 0.0)
            self._save()
            return True

    def adjust(self, timer: Timer, delta_s: float) -> float:
        """Add ``delta_s`` (negative: take off); returns the seconds left (0: it ended, silently)."""
        with self._lock:
            left = timer.left_s() + delta_s
            if left <= 0:
                self._drop(timer)
                self._save()
                return 0.0
            if timer.deadline is None:
                timer.paused_left_s = left
            else:
                self._arm(timer, left)
            self._save()
            return left

    def stop_all(self, area: str | None = None) -> int:
        """Cancel every timer ("cancel all timers"), or every one started in ``area`` ("all the kitchen
        timers"); returns how many there were."""
        with self._lock:
            gone = [t for t in self._timers.values() if area is None or _in_room(t, area)]
            for timer in gone:
                self._drop(timer)
            self._save()
            return len(gone)


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


def timer_file(state_dir: Path, site: str) -> TimerFile:
    """The timers file of ``site`` in the daemon's state directory: ``<state_dir>/timers-<site>.json``."""
    return TimerFile(state_dir / f"timers-{site}.json")


@hookimpl
def daemon_started(context: PluginContext) -> None:
    if context.state_dir is None:
        return  # a one-shot command or a test: timers live in memory
    _timers(context.state).restore(timer_file(context.state_dir, context.config.site), context.config.site,
                                   context.announce)


@hookimpl
def daemon_stopping(context: PluginContext) -> None:
    timers = _timers(context.state)
    count = timers.close()
    if count and timers.saved_to is not None:
        logger.info("%d timer(s) kept in %s for the next start", count, timers.saved_to)
    elif count:
        logger.info("%d timer(s) dropped at shutdown", count)


def start_timer(intent: Intent, state: StateCache, announce: Callable[[str], None], area: str | None) -> ActionResult:
    """Start a timer in the room the command was said in (``area``; the intent's own ``area`` stays null)."""
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
    timer, replaced = _timers(state).start(name or None, length, announce, area)
    label = timer.label(with_length=False)
    verb = "restarted" if replaced else "set"
    speech = f"{label[0].upper()}{label[1:]} {verb} for {spoken_duration(length)}."
    return ActionResult(ok=True, speech=speech, state=_describe(timer))


def _describe(timer: Timer) -> dict[str, Any]:
    return {"timer": timer.name, "length_s": timer.length_s, "left_s": round(timer.left_s(), 1),
            "paused": timer.deadline is None, "area": timer.area}


def _missing(ref: str | None, area: str | None, what: str) -> ActionResult:
    where = f" in {with_article(area)}" if area else ""
    if ref is None:
        return refuse(f"There is no timer{where} to {what}." if area else f"There is no timer to {what}.", "no_timer")
    match = _BY_LENGTH.match(ref.strip().lower())
    label = f"{_length_label(float(match.group(1)))} timer" if match else f"{_clean_name(ref)} timer"
    return refuse(f"You have no {label}{where}.", "no_timer")


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _chosen(intent: Intent, timers: Timers, here: str | None, what: str) -> tuple[Timer, str] | ActionResult:
    """The timer the intent means and how to call it; else the refusal: none fits, or the sentence names a
    room with several timers and nothing to tell them apart (nothing is done to a timer that may be the wrong one)."""
    found = timers.matching(intent.device, intent.area, here)
    if not found:
        return _missing(intent.device, intent.area, what)
    running = timers.all()
    if len(found) > 1 and intent.area is not None and intent.device is None:
        labels = [with_article(t.label()) for t in found]
        return refuse(f"There are {len(found)} timers in {with_article(intent.area)}: {_listed(labels)}. Which one?", "ambiguous")
    timer = found[-1]
    return timer, _label(timer, running, with_length=len(running) > 1)


def cancel_timer(intent: Intent, state: StateCache, area: str | None) -> ActionResult:
    timers = _timers(state)
    chosen = _chosen(intent, timers, area, "cancel")
    if isinstance(chosen, ActionResult):
        return chosen
    timer, label = chosen
    timers.cancel(timer)
    return ActionResult(ok=True, speech=f"Your {label} is cancelled.")


def cancel_all_timers(intent: Intent, state: StateCache) -> ActionResult:
    """Every timer, or with the intent's ``area`` every timer started in that room."""
    count = _timers(state).stop_all(intent.area)
    where = f" in {with_article(intent.area)}" if intent.area is not None else ""
    if count == 0:
        return ActionResult(ok=True, speech=f"You have no timers running{where}.")
    return ActionResult(ok=True, speech=f"Your timer{where} is cancelled." if count == 1
                        else f"All {count} timers{where} are cancelled.")


def pause_timer(intent: Intent, state: StateCache, area: str | None) -> ActionResult:
    timers = _timers(state)
    chosen = _chosen(intent, timers, area, "pause")
    if isinstance(chosen, ActionResult):
        return chosen
    timer, label = chosen
    if not timers.pause(timer):
        return ActionResult(ok=True, speech=f"Your {label} is already paused.", state=_describe(timer))
    return ActionResult(ok=True, speech=f"Your {label} is paused with {spoken_duration(timer.left_s())} left.", state=_describe(timer))


def resume_timer(intent: Intent, state: StateCache, area: str | None) -> ActionResult:
    timers = _timers(state)
    chosen = _chosen(intent, timers, area, "resume")
    if isinstance(chosen, ActionResult):
        return chosen
    timer, label = chosen
    if not timers.resume(timer):
        return ActionResult(ok=True, speech=f"Your {label} is already running.", state=_describe(timer))
    return ActionResult(ok=True, speech=f"Your {label} is running again with {spoken_duration(timer.left_s())} left.",
                        state=_describe(timer))


def change_timer(intent: Intent, state: StateCache, area: str | None) -> ActionResult:
    """``increase_timer`` / ``decrease_timer`` by ``value`` seconds."""
    delta = number(intent.value)
    if delta is None or delta <= 0:
        return refuse("By how much should I change the timer?", "missing_value")
    timers = _timers(state)
    chosen = _chosen(intent, timers, area, "change")
    if isinstance(chosen, ActionResult):
        return chosen
    timer, label = chosen
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
    """How long is left: on the timer named; on each timer of the room named; on every timer (a question, never
    an action: "how long is left on the timer" said in the bedroom lists the kitchen's too)."""
    timers = _timers(state)
    running = timers.all()
    found = timers.matching(intent.device, intent.area)
    if intent.device is not None or intent.area is not None or len(running) == 1:
        if not found:
            return _missing(intent.device, intent.area, "check")
        if len(found) == 1 or intent.device is not None:
            timer = found[-1]
            phrase = _status_phrase(timer, _label(timer, running, with_length=len(running) > 1))
            return ActionResult(ok=True, speech=phrase[0].upper() + phrase[1:] + ".", state=_describe(timer))
    if not running:
        return ActionResult(ok=True, speech="You have no timers running.", state={"timers": []})
    where = f" in {with_article(intent.area)}" if intent.area is not None else ""
    phrases = [_status_phrase(t, t.label() if intent.area is not None else _label(t, running)) for t in found]
    speech = f"You have {len(found)} timers{where}: " + _listed(phrases) + "."
    return ActionResult(ok=True, speech=speech, state={"timers": [_describe(t) for t in found]})
