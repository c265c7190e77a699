"""Timers plugin through the action registry: start, find, pause, change, status, and the announcement."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import Any

import pytest

from homeslm import ActionResult, Intent
from homeslm.config import Config
from homeslm.plugins import ActionRegistry, build_plugin_manager
from plugins.timers import spoken_duration


class Kitchen:
    def __init__(self) -> None:
        self.announcements: queue.Queue[str] = queue.Queue()
        pm = build_plugin_manager(["plugins.timers"], load_entry_points=False)
        self.registry = ActionRegistry(pm, Config(), announce=self.announcements.put)
        self.registry.daemon_started()

    def do(self, action: str, timer: str | None = None, value: Any = None, unit: str | None = None) -> ActionResult:
        intent = Intent(action=action, device=timer, domain="timer", value=value, unit=unit)
        return self.registry.execute(intent, None, timeout_s=5.0)

    def announced(self, timeout_s: float = 5.0) -> str:
        try:
            return self.announcements.get(timeout=timeout_s)
        except queue.Empty:
            pytest.fail(f"nothing announced within {timeout_s} s")


@pytest.fixture
def kitchen() -> Iterator[Kitchen]:
    k = Kitchen()
    yield k
    k.registry.daemon_stopping()


@pytest.mark.parametrize(("seconds", "spoken"), [
    (0, "0 seconds"), (1, "1 second"), (59.2, "1 minute"), (60, "1 minute"), (250, "4 minutes and 10 seconds"),
    (3600, "1 hour"), (3725, "1 hour, 2 minutes and 5 seconds"), (7200 + 60, "2 hours and 1 minute"),
])
def test_spoken_duration(seconds: float, spoken: str) -> None:
    assert spoken_duration(seconds) == spoken


def test_named_timer_ends_with_an_announcement(kitchen: Kitchen) -> None:
    started = kitchen.do("start_timer", "pasta", 0.2, "s")
    assert started.ok and started.speech == "Pasta timer set for 1 second."
    assert kitchen.announced() == "Your pasta timer is done."
    assert kitchen.do("timer_status").speech == "You have no timers running."


def test_unnamed_timer_is_announced_by_its_length(kitchen: Kitchen) -> None:
    assert kitchen.do("start_timer", None, 0.2, "s").speech == "Timer set for 1 second."
    assert kitchen.announced() == "Your 1 second timer is done."
    assert kitchen.do("start_timer", None, 300, "s").speech == "Timer set for 5 minutes."
    assert kitchen.do("timer_status").speech.endswith("left on your timer.")


def test_status_of_the_only_timer(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", None, 250, "s")
    result = kitchen.do("timer_status")
    assert result.ok and result.speech == "4 minutes and 10 seconds left on your timer."
    assert result.state is not None and 249 < result.state["left_s"] <= 250


def test_status_of_several_timers(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "pasta", 600, "s")
    kitchen.do("start_timer", None, 60, "s")
    speech = kitchen.do("timer_status").speech
    assert speech == "You have 2 timers: 10 minutes left on your pasta timer and 1 minute left on your 1 minute timer."
    assert kitchen.do("timer_status", "pasta").speech == "10 minutes left on your pasta timer."


def test_timers_found_by_name_length_or_most_recent(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "pasta", 600, "s")
    kitchen.do("start_timer", None, 300, "s")
    kitchen.do("start_timer", "eggs", 420, "s")
    assert kitchen.do("cancel_timer", "timer:300s").speech == "Your 5 minute timer is cancelled."
    assert kitchen.do("cancel_timer", "the Pasta timer").speech == "Your pasta timer is cancelled."
    assert kitchen.do("cancel_timer", "timer:300s").speech == "You have no 5 minute timer."
    assert kitchen.do("cancel_timer").speech == "Your eggs timer is cancelled."  # the only one left
    result = kitchen.do("cancel_timer")
    assert not result.ok and result.speech == "There is no timer to cancel."


def test_the_timer_means_the_most_recent(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "pasta", 600, "s")
    kitchen.do("start_timer", "rice", 900, "s")
    assert kitchen.do("cancel_timer").speech == "Your rice timer is cancelled."


def test_start_by_length_only(kitchen: Kitchen) -> None:
    result = kitchen.do("start_timer", "timer:300s")
    assert result.ok and result.speech == "Timer set for 5 minutes."
    assert kitchen.do("timer_status", "timer:300s").speech.endswith("left on your timer.")


def test_same_name_restarts(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "tea", 180, "s")
    assert kitchen.do("start_timer", "tea", 240, "s").speech == "Tea timer restarted for 4 minutes."
    assert kitchen.do("timer_status").speech == "4 minutes left on your tea timer."


def test_pause_and_resume(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "bread", 1.0, "s")
    paused = kitchen.do("pause_timer")
    assert paused.ok and paused.speech == "Your bread timer is paused with 1 second left."
    assert kitchen.do("pause_timer").speech == "Your bread timer is already paused."
    assert kitchen.do("timer_status").speech == "Your bread timer is paused with 1 second left."
    with pytest.raises(queue.Empty):  # a paused timer does not end
        kitchen.announcements.get(timeout=0.6)
    assert kitchen.do("resume_timer").speech == "Your bread timer is running again with 1 second left."
    assert kitchen.do("resume_timer").speech == "Your bread timer is already running."
    assert kitchen.announced() == "Your bread timer is done."


def test_increase_and_decrease(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", None, 60, "s")
    assert kitchen.do("increase_timer", None, 30, "s").speech == "Added 30 seconds: 1 minute and 30 seconds left on your timer."
    assert kitchen.do("decrease_timer", None, 60, "s").speech == "Took off 1 minute: 30 seconds left on your timer."
    assert kitchen.do("decrease_timer", None, 120, "s").speech == "Your timer is done."
    assert kitchen.do("timer_status").speech == "You have no timers running."
    assert not kitchen.do("increase_timer", None, None).ok


def test_shortened_timer_ends_early(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "laundry", 3600, "s")
    assert kitchen.do("decrease_timer", "laundry", 3599, "s").speech == "Took off 59 minutes and 59 seconds: 1 second left on your laundry timer."
    assert kitchen.announced() == "Your laundry timer is done."


def test_cancel_all(kitchen: Kitchen) -> None:
    assert kitchen.do("cancel_all_timers").speech == "You have no timers running."
    kitchen.do("start_timer", "a", 60, "s")
    kitchen.do("start_timer", "b", 60, "s")
    assert kitchen.do("cancel_all_timers").speech == "All 2 timers are cancelled."
    assert kitchen.do("timer_status").speech == "You have no timers running."


@pytest.mark.parametrize(("value", "speech"), [(None, "How long should the timer be?"), (0, "Timers can be from one second to 24 hours long."),
                                               (90000, "Timers can be from one second to 24 hours long.")])
def test_invalid_lengths_are_refused(kitchen: Kitchen, value: Any, speech: str) -> None:
    result = kitchen.do("start_timer", None, value)
    assert not result.ok and result.speech == speech


def test_stopping_the_daemon_drops_timers(kitchen: Kitchen) -> None:
    kitchen.do("start_timer", "soup", 0.3, "s")
    kitchen.registry.daemon_stopping()
    assert kitchen.do("timer_status").speech == "You have no timers running."
    with pytest.raises(queue.Empty):
        kitchen.announcements.get(timeout=0.6)


def test_timers_of_two_daemons_are_separate() -> None:
    one, two = Kitchen(), Kitchen()
    try:
        one.do("start_timer", "pasta", 600, "s")
        assert two.do("timer_status").speech == "You have no timers running."
    finally:
        one.registry.daemon_stopping()
        two.registry.daemon_stopping()
