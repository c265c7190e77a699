"""Timers plugin through the action registry: start, find, pause, change, status, and the announcement;
durable timers: the file in the state directory, restarts, reloads, timers that ended meanwhile, a
corrupt file; and the same through the real daemon (SIGTERM, start again, SIGHUP) on the real broker."""

from __future__ import annotations

import json
import logging
import queue
import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MosquittoBroker, MqttRecorder
from tests.daemon.test_runner import DaemonProcess, NotifySocket, needs_model, write_home
from homeslm import ActionResult, Intent
from homeslm.config.model import Config, HermesConfig, Satellite
from homeslm.mqtt import MqttClient
from homeslm.plugins import ActionRegistry, build_plugin_manager, default_state_dir
from homeslm.default_plugins.timers import AWAY_AFTER_S, Timers, spoken_ago, spoken_duration

SITE = "kitchen"


class Kitchen:
    """A registry with only the timers plugin, started like the daemon starts it; ``state_dir`` as the
    daemon gives it (``None``: memory only, like one-shot commands)."""

    def __init__(self, state_dir: Path | None = None) -> None:
        self.announcements: queue.Queue[str] = queue.Queue()
        pm = build_plugin_manager(["homeslm.default_plugins.timers"], load_entry_points=False)
        self.registry = ActionRegistry(pm, Config(site=SITE), announce=self.announcements.put, state_dir=state_dir)
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


@pytest.mark.parametrize(("seconds", "spoken"), [
    (2.5, "2 seconds"), (59.9, "59 seconds"), (60, "1 minute"), (185, "3 minutes"), (7530, "2 hours and 6 minutes"),
])
def test_spoken_ago(seconds: float, spoken: str) -> None:
    assert spoken_ago(seconds) == spoken


def test_named_timer_ends_with_an_announcement(kitchen: Kitchen) -> None:
    started = kitchen.do("start_timer", "pasta", 0.2, "s")
    assert started.ok and started.speech == "Pasta timer set for 1 second."
    assert kitchen.announced() == "Your pasta timer is done."
    assert kitchen.do("timer_status").speech == "You have no timers running."


def test_unnamed_timer_is_announced_by_its_length(kitchen: Kitchen) -> None:
    assert kitchen.do("start_timer", None, 0.2, "s").speech == "Timer set for 1 second."
    assert kitchen.announced() == "Your 1 second timer is done."
    assert kitchen.do("start_timer", None, 300, "s").speech == "Timer set for 5 minutes."
    assert (kitchen.do("timer_status").speech or "").endswith("left on your timer.")


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
    assert (kitchen.do("timer_status", "timer:300s").speech or "").endswith("left on your timer.")


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


# --------------------------------------------------------------------------------------------------
# Durable timers: the file in the state directory


def timers_file(state_dir: Path) -> Path:
    return state_dir / f"timers-{SITE}.json"


def saved(state_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(timers_file(state_dir).read_text())
    return data


def timers_of(kitchen: Kitchen) -> Timers:
    return kitchen.registry.state_for("timers").resource("timers", Timers)


@pytest.fixture
def kitchens(tmp_path: Path) -> Iterator[Callable[[], Kitchen]]:
    """``kitchens()``: a new daemon's timers on the same state directory (``tmp_path / "state"``)."""
    made: list[Kitchen] = []

    def make() -> Kitchen:
        made.append(Kitchen(tmp_path / "state"))
        return made[-1]

    yield make
    for k in made:
        k.registry.daemon_stopping()


def test_the_state_directory_is_systemds_then_xdgs() -> None:
    assert default_state_dir({"STATE_DIRECTORY": "/var/lib/homeslm", "XDG_STATE_HOME": "/x"}) == Path("/var/lib/homeslm")
    assert default_state_dir({"STATE_DIRECTORY": "/var/lib/homeslm:/var/lib/other"}) == Path("/var/lib/homeslm")
    assert default_state_dir({"XDG_STATE_HOME": "/srv/state", "HOME": "/home/cook"}) == Path("/srv/state/homeslm")
    assert default_state_dir({"XDG_STATE_HOME": "relative", "HOME": "/home/cook"}) == Path("/home/cook/.local/state/homeslm")
    assert default_state_dir({"HOME": "/home/cook"}) == Path("/home/cook/.local/state/homeslm")


def test_every_change_is_saved_in_the_documented_format(tmp_path: Path, kitchens: Callable[[], Kitchen]) -> None:
    state = tmp_path / "state"
    kitchen = kitchens()
    assert not state.exists()  # nothing is written before there is something to keep
    before = time.time()
    kitchen.do("start_timer", "pasta", 600, "s")
    kitchen.do("start_timer", None, 300, "s")
    data = saved(state)
    assert data["version"] == 1 and data["site"] == SITE
    pasta, unnamed = data["timers"]
    assert pasta["name"] == "pasta" and pasta["length_s"] == 600 and pasta["left_s"] is None
    assert before + 600 <= pasta["ends_at"] <= time.time() + 600
    assert unnamed["name"] is None and unnamed["length_s"] == 300

    kitchen.do("pause_timer")  # the most recent: the unnamed one
    paused = saved(state)["timers"][1]
    assert paused["ends_at"] is None and 299 < paused["left_s"] <= 300
    kitchen.do("cancel_timer", "pasta")
    assert [t["name"] for t in saved(state)["timers"]] == [None]
    kitchen.do("increase_timer", None, 60, "s")
    assert 359 < saved(state)["timers"][0]["left_s"] <= 360
    kitchen.do("cancel_all_timers")
    assert saved(state)["timers"] == []
    assert [p.name for p in state.iterdir()] == [timers_file(state).name]  # no temporary file left behind


def test_a_restart_keeps_running_timers_running_and_paused_ones_paused(kitchens: Callable[[], Kitchen]) -> None:
    first = kitchens()
    first.do("start_timer", "pasta", 600, "s")
    first.do("start_timer", "bread", 100, "s")
    first.do("pause_timer", "bread")
    first.registry.daemon_stopping()  # SIGTERM
    assert first.do("timer_status").speech == "You have no timers running."

    second = kitchens()  # the next start
    status = second.do("timer_status")
    # the bread timer ran for as long as the pause took to arrive (a fraction of a second on a loaded machine)
    assert re.fullmatch(r"You have 2 timers: 10 minutes left on your pasta timer and your bread timer is paused "
                        r"with 1 minute and (40|39) seconds left\.", status.speech or ""), status.speech
    pasta, bread = status.state["timers"]  # type: ignore[index]
    assert 595 < pasta["left_s"] <= 600 and not pasta["paused"]
    assert {k: v for k, v in bread.items() if k != "left_s"} == {"timer": "bread", "length_s": 100, "paused": True,
                                                                  "area": None}
    assert 98 < bread["left_s"] <= 100
    assert second.do("cancel_timer").speech == "Your bread timer is cancelled."  # still the most recent


def test_a_restored_timer_ends_once(tmp_path: Path, kitchens: Callable[[], Kitchen]) -> None:
    first = kitchens()
    first.do("start_timer", "soup", 1.0, "s")
    first.registry.daemon_stopping()
    second = kitchens()
    assert second.do("timer_status").speech == "1 second left on your soup timer."
    assert second.announced() == "Your soup timer is done."
    assert saved(tmp_path / "state")["timers"] == []  # announced once: the next start has nothing to announce
    assert kitchens().do("timer_status").speech == "You have no timers running."


def test_a_reload_keeps_timers_running_and_ends_them_once(kitchens: Callable[[], Kitchen]) -> None:
    old = kitchens()
    old.do("start_timer", "eggs", 1.5, "s")
    old.do("start_timer", "rice", 900, "s")
    old_countdowns = [t.handle for t in timers_of(old).all()]
    # What Daemon.reload does between two utterances: stop the old plugin state, start the new one.
    old.registry.daemon_stopping()
    new = kitchens()
    speech = new.do("timer_status").speech
    assert re.fullmatch(r"You have 2 timers: (2 seconds|1 second) left on your eggs timer and 15 minutes left on your "
                        r"rice timer\.", speech or ""), speech
    assert new.announced() == "Your eggs timer is done."
    for countdown in old_countdowns:  # cancelled: they end at once, without announcing
        assert countdown is not None
        countdown.join(5.0)
        assert not countdown.is_alive()
    assert old.announcements.empty()
    rice = new.do("timer_status")
    assert rice.speech is not None and rice.speech.endswith("left on your rice timer.")
    assert rice.state is not None and 890 < rice.state["left_s"] < 900


def write_saved(state_dir: Path, timers: list[dict[str, Any]]) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    timers_file(state_dir).write_text(json.dumps({"version": 1, "site": SITE, "timers": timers}))


def test_a_timer_that_ended_while_the_daemon_was_away_is_announced_once(tmp_path: Path, kitchens: Callable[[], Kitchen]) -> None:
    state = tmp_path / "state"
    now = time.time()
    write_saved(state, [{"name": "pasta", "length_s": 600, "ends_at": now - 185, "left_s": None},
                        {"name": None, "length_s": 300, "ends_at": now + 120, "left_s": None},
                        {"name": "bread", "length_s": 900, "ends_at": None, "left_s": 30}])
    kitchen = kitchens()
    assert kitchen.announced() == "Your pasta timer finished 3 minutes ago, while I was away."
    assert [t["name"] for t in saved(state)["timers"]] == [None, "bread"]  # dropped, so announced only once
    assert kitchen.do("timer_status").speech == ("You have 2 timers: 2 minutes left on your 5 minute timer and your "
                                                 "bread timer is paused with 30 seconds left.")
    kitchen.registry.daemon_stopping()
    again = kitchens()
    assert len(again.do("timer_status").state["timers"]) == 2  # type: ignore[index]
    assert again.announcements.empty()


def test_a_timer_too_far_ahead_is_capped_at_a_day(tmp_path: Path, kitchens: Callable[[], Kitchen],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    write_saved(tmp_path / "state", [{"name": "stew", "length_s": 7200, "ends_at": time.time() + 10 * 86400, "left_s": None}])
    with caplog.at_level(logging.WARNING, logger="homeslm.default_plugins.timers"):
        kitchen = kitchens()
    assert "the clock seems to have gone back" in caplog.text
    assert kitchen.do("timer_status").speech == "24 hours left on your stew timer."


@pytest.mark.parametrize("content", [
    b"{not json", b"\xff\xfe\x00", b"[]", b'{"version": 2, "timers": []}',
    b'{"version": 1, "timers": [{"name": "x", "length_s": -1, "ends_at": null, "left_s": 3}]}',
    b'{"version": 1, "timers": [{"name": "x", "length_s": 60, "ends_at": 17e8, "left_s": 3}]}',
    b'{"version": 1, "timers": [{"name": "x", "length_s": 60, "ends_at": null, "left_s": null}]}',
    b'{"version": 1, "timers": ["pasta"]}',
], ids=["not-json", "not-utf8", "a-list", "version-2", "negative-length", "running-and-paused", "no-time", "not-an-object"])
def test_a_corrupt_file_is_moved_aside_and_the_daemon_starts_with_no_timers(
    tmp_path: Path, kitchens: Callable[[], Kitchen], caplog: pytest.LogCaptureFixture, content: bytes,
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    path = timers_file(state)
    path.write_bytes(content)
    with caplog.at_level(logging.ERROR, logger="homeslm.default_plugins.timers"):
        kitchen = kitchens()
    assert f"timers file {path}: " in caplog.text and f"moved it to {path}.bad" in caplog.text
    assert not path.exists() and Path(f"{path}.bad").read_bytes() == content
    assert kitchen.do("timer_status").speech == "You have no timers running."
    kitchen.do("start_timer", "tea", 240, "s")  # a fresh file from the next change on
    assert [t["name"] for t in saved(state)["timers"]] == ["tea"]


def test_a_huge_file_is_not_read(tmp_path: Path, kitchens: Callable[[], Kitchen], caplog: pytest.LogCaptureFixture) -> None:
    path = timers_file(tmp_path / "state")
    path.parent.mkdir()
    path.write_bytes(b" " * 2_000_000)
    with caplog.at_level(logging.ERROR, logger="homeslm.default_plugins.timers"):
        kitchens()
    assert f"timers file {path}: larger than 1000000 bytes" in caplog.text and Path(f"{path}.bad").exists()


def test_temporary_files_of_an_interrupted_save_are_removed(tmp_path: Path, kitchens: Callable[[], Kitchen]) -> None:
    state = tmp_path / "state"
    write_saved(state, [{"name": "pasta", "length_s": 600, "ends_at": time.time() + 600, "left_s": None}])
    leftover = state / f".{timers_file(state).name}.k2j4x9.tmp"
    leftover.write_text('{"version": 1, "ti')
    kitchen = kitchens()
    assert not leftover.exists()
    assert (kitchen.do("timer_status").speech or "").endswith("left on your pasta timer.")


def test_an_unreadable_file_is_moved_aside(tmp_path: Path, kitchens: Callable[[], Kitchen],
                                           caplog: pytest.LogCaptureFixture) -> None:
    path = timers_file(tmp_path / "state")
    path.mkdir(parents=True)  # reading it fails (a directory): not a crash
    with caplog.at_level(logging.ERROR, logger="homeslm.default_plugins.timers"):
        kitchen = kitchens()
    assert f"timers file {path}: cannot read it" in caplog.text
    assert Path(f"{path}.bad").is_dir() and not path.exists()
    assert kitchen.do("start_timer", "tea", 240, "s").ok


def test_a_state_directory_that_cannot_be_written_is_logged_and_timers_still_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the directory should be")
    with caplog.at_level(logging.ERROR, logger="homeslm.default_plugins.timers"):
        kitchen = Kitchen(blocked)
        try:
            assert kitchen.do("start_timer", "tea", 0.2, "s").ok
            assert kitchen.announced() == "Your tea timer is done."
        finally:
            kitchen.registry.daemon_stopping()
    assert f"could not save the timers to {timers_file(blocked)}" in caplog.text
    assert "will not survive a restart" in caplog.text
    assert blocked.read_text() == "a file where the directory should be"


def test_without_a_state_directory_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("STATE_DIRECTORY", "XDG_STATE_HOME", "HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    kitchen = Kitchen()  # a one-shot command: timers end with it
    try:
        kitchen.do("start_timer", "pasta", 600, "s")
    finally:
        kitchen.registry.daemon_stopping()
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# The real daemon: SIGTERM and start again, SIGHUP, a timer that ends while no daemon runs

DAEMON_TIMEOUT_S = 30.0
"""Generous: each start imports the plugins and loads the model on a busy 2-core machine."""
START_TIMEOUT_S = 90.0
"""Until READY: a start under load took over 30 s once (2 cores, a benchmark running beside the tests)."""

SPEAKER = """\
from homeslm import hookimpl


@hookimpl
def speak(text):
    with open({path!r}, "a", encoding="utf-8") as spoken:
        spoken.write(text + "\\n")
    return True
"""


class TimerDaemons:
    """Starts ``homeslm run`` on a home whose ``speak`` plugin writes what is spoken to a file, with
    ``$STATE_DIRECTORY`` set as systemd sets it; asks it things over MQTT and reads the answers."""

    def __init__(self, tmp_path: Path, broker: MosquittoBroker, recorder: MqttRecorder, uid: str) -> None:
        self.tmp_path, self.recorder = tmp_path, recorder
        self.site = f"test-{uid}"
        self.state_dir = tmp_path / "state"
        self.spoken_file = tmp_path / "spoken.txt"
        plugin_dir = tmp_path / "plugins"
        plugin_dir.mkdir()
        (plugin_dir / "speaker.py").write_text(SPEAKER.format(path=str(self.spoken_file)))
        self.config = write_home(tmp_path / "home.yaml", broker, uid, extra=f"  paths: [{plugin_dir}]\n")
        self.client = MqttClient(broker.mqtt_config(), site=f"cook-{uid}", availability=False)
        self.client.start()
        if not self.client.wait_connected(DAEMON_TIMEOUT_S):
            pytest.fail("the test's MQTT client did not connect")
        self.daemons: list[DaemonProcess] = []
        self.sockets: list[NotifySocket] = []

    def start(self) -> tuple[DaemonProcess, NotifySocket]:
        notify = NotifySocket()
        self.sockets.append(notify)
        daemon = DaemonProcess(self.config, notify, self.tmp_path / f"daemon{len(self.daemons)}.log")
        self.daemons.append(daemon)
        notify.wait_for(lambda line: line == "READY=1", START_TIMEOUT_S, "READY=1")
        return daemon, notify

    def ask(self, text: str, request_id: str) -> str:
        """Send a command and return the daemon's answer to it (``homeslm/<site>/response`` with its id)."""
        if not self.client.publish(f"homeslm/{self.site}/command", {"text": text, "id": request_id}, qos=1).wait(DAEMON_TIMEOUT_S):
            pytest.fail("the broker did not acknowledge a command")
        answer = self.recorder.wait_for(
            lambda m: m.topic == f"homeslm/{self.site}/response" and m.json().get("id") == request_id, DAEMON_TIMEOUT_S)
        return str(answer.json()["text"])

    def announced(self, pattern: str) -> str:
        """The first announcement (a response without an id) matching ``pattern``, waiting for it."""
        found = self.recorder.wait_for(lambda m: m.topic == f"homeslm/{self.site}/response" and "id" not in m.json()
                                       and re.fullmatch(pattern, m.json()["text"]) is not None, DAEMON_TIMEOUT_S)
        return str(found.json()["text"])

    def responses(self) -> list[str]:
        return [m.json()["text"] for m in self.recorder.messages(f"homeslm/{self.site}/response")]

    def spoken(self) -> list[str]:
        return self.spoken_file.read_text(encoding="utf-8").splitlines() if self.spoken_file.exists() else []

    def saved(self) -> list[dict[str, Any]]:
        timers: list[dict[str, Any]] = json.loads((self.state_dir / f"timers-{self.site}.json").read_text())["timers"]
        return timers

    def stop(self, daemon: DaemonProcess) -> None:
        daemon.signal(signal.SIGTERM)
        assert daemon.wait(DAEMON_TIMEOUT_S) == 0

    def close(self) -> None:
        for daemon in self.daemons:
            daemon.kill()
        for notify in self.sockets:
            notify.close()
        self.client.stop()


@pytest.fixture
def timer_daemons(tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder, uid: str,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[TimerDaemons]:
    if not mosquitto.running:
        mosquitto.start()
    daemons = TimerDaemons(tmp_path, mosquitto, mqtt_recorder, uid)
    monkeypatch.setenv("STATE_DIRECTORY", str(daemons.state_dir))  # what systemd sets (StateDirectory=homeslm)
    yield daemons
    daemons.close()


def seconds_left(answer: str, timer: str) -> int:
    match = re.fullmatch(rf"(?:(\d+) minutes?(?: and )?)?(?:(\d+) seconds?)? left on your {timer} timer\.", answer)
    if match is None:
        pytest.fail(f"not a timer status: {answer!r}")
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def wait_until_wall_clock(when: float, timeout_s: float) -> None:
    """Wait until ``time.time()`` has passed ``when`` (a saved timer's end while no daemon runs: the
    clock itself is the condition, there is nothing else to wait on), at most ``timeout_s``."""
    wait_s = when - time.time()
    if wait_s > timeout_s:
        pytest.fail(f"{wait_s:.1f} s is longer than the {timeout_s} s this test waits")
    if wait_s > 0:
        time.sleep(wait_s)


@needs_model
def test_the_daemon_keeps_timers_across_a_restart_and_a_reload(timer_daemons: TimerDaemons) -> None:
    t = timer_daemons
    first, _ = t.start()
    assert t.ask("set a pasta timer for 20 seconds", "pasta") == "Pasta timer set for 20 seconds."
    assert t.ask("start a tea timer for 3 seconds", "tea") == "Tea timer set for 3 seconds."
    t.stop(first)  # SIGTERM
    assert "timer tea timer ended" not in first.log(), "the daemon took longer to stop than the tea timer runs"
    assert [timer["name"] for timer in t.saved()] == ["pasta", "tea"]

    # The tea timer ends while no daemon runs; the next start announces it once, spoken and published.
    wait_until_wall_clock(t.saved()[1]["ends_at"] + AWAY_AFTER_S + 0.5, timeout_s=10.0)
    second, notify = t.start()
    away = t.announced(r"Your tea timer finished \d+ seconds ago, while I was away\.")
    left = seconds_left(t.ask("how much time is left on the pasta timer", "left"), "pasta")
    assert 0 < left < 20

    # A reload (SIGHUP) keeps it running.
    second.signal(signal.SIGHUP)
    notify.wait_for(lambda line: line.startswith("STATUS=configuration reloaded"), DAEMON_TIMEOUT_S, "reloaded")
    assert 0 < seconds_left(t.ask("how long is left on my timer", "after reload"), "pasta") <= left

    t.announced(r"Your pasta timer is done\.")
    t.stop(second)
    assert t.responses().count("Your pasta timer is done.") == 1  # not once per generation of the plugins
    assert t.responses().count(away) == 1
    assert away in t.spoken() and "Your pasta timer is done." in t.spoken()
    assert t.saved() == []
    assert "restored 2 timer(s) from" in second.log()


# --------------------------------------------------------------------------------------------------
# Timers by room: a timer remembers the room whose microphone started it


class House:
    """The timers plugin of a hub in the living room serving two satellites (kitchen, bedroom), its
    announcements published on ``homeslm/<site>/response`` through the real broker, as the daemon does."""

    def __init__(self, broker: MosquittoBroker, uid: str, state_dir: Path | None = None) -> None:
        self.hub, self.kitchen, self.bedroom = f"hub-{uid}", f"kitchen-{uid}", f"bedroom-{uid}"
        config = Config(site=self.hub, area="living room", mqtt=broker.mqtt_config(), hermes=HermesConfig(
            satellites=(Satellite(self.kitchen, "kitchen"), Satellite(self.bedroom, "bedroom"))))
        self.client = MqttClient(broker.mqtt_config(), site=self.hub, availability=False)
        self.client.start()
        if not self.client.wait_connected(10.0):
            pytest.fail("the hub's MQTT client did not connect")
        pm = build_plugin_manager(["homeslm.default_plugins.timers"], load_entry_points=False)
        self.registry = ActionRegistry(pm, config, mqtt=self.client, announce_at=self._announce, state_dir=state_dir)
        self.registry.daemon_started()

    def _announce(self, text: str, site: str) -> None:
        self.client.publish(f"homeslm/{site}/response", {"text": text}, qos=1)

    def do(self, site: str, action: str, timer: str | None = None, value: Any = None, *, area: str | None = None,
           said_in: str | None = None) -> ActionResult:
        """``action`` said at ``site`` (``area``: the room the sentence names; ``said_in``: the room sent with it)."""
        intent = Intent(action=action, device=timer, area=area, domain="timer", value=value, unit="s" if value else None)
        return self.registry.execute(intent, None, timeout_s=5.0, site=site, area=said_in)

    def close(self) -> None:
        self.registry.daemon_stopping()
        self.client.stop()


@pytest.fixture
def house(mosquitto: MosquittoBroker, uid: str) -> Iterator[House]:
    h = House(mosquitto, uid)
    yield h
    h.close()


def test_timers_of_two_rooms_are_checked_paused_changed_and_cancelled_by_room(house: House) -> None:
    assert house.do(house.kitchen, "start_timer", None, 600).speech == "Timer set for 10 minutes."
    assert house.do(house.bedroom, "start_timer", None, 1200).speech == "Timer set for 20 minutes."
    assert house.do(house.hub, "timer_status").speech == (
        "You have 2 timers: 10 minutes left on your kitchen timer and 20 minutes left on your bedroom timer.")
    kitchen = house.do(house.hub, "timer_status", area="kitchen")
    assert kitchen.speech == "10 minutes left on your kitchen timer." and kitchen.state is not None
    assert kitchen.state["area"] == "kitchen" and 599 < kitchen.state["left_s"] <= 600
    assert house.do(house.hub, "pause_timer", area="bedroom").speech == "Your bedroom timer is paused with 20 minutes left."
    assert house.do(house.hub, "increase_timer", None, 300, area="kitchen").speech == (
        "Added 5 minutes: 15 minutes left on your kitchen timer.")
    assert house.do(house.hub, "resume_timer", area="Bedroom").speech == (
        "Your bedroom timer is running again with 20 minutes left.")
    assert house.do(house.bedroom, "cancel_timer", area="kitchen").speech == "Your kitchen timer is cancelled."
    gone = house.do(house.hub, "timer_status", area="kitchen")
    assert not gone.ok and gone.speech == "There is no timer in the kitchen to check."
    assert house.do(house.hub, "timer_status").speech == "20 minutes left on your timer."  # one room left: no room said


def test_a_timer_ends_on_the_satellite_of_its_room(house: House, mqtt_recorder: MqttRecorder) -> None:
    house.do(house.kitchen, "start_timer", None, 600)
    house.do(house.bedroom, "start_timer", None, 0.3)
    done = mqtt_recorder.wait_for(f"homeslm/{house.bedroom}/response", timeout_s=10.0)
    assert json.loads(done.payload) == {"text": "Your bedroom timer is done."}
    assert not mqtt_recorder.messages(f"homeslm/{house.kitchen}/response")
    assert house.do(house.hub, "timer_status", area="kitchen").ok


def test_a_name_or_a_length_and_the_room_must_both_fit(house: House) -> None:
    house.do(house.kitchen, "start_timer", "pasta", 600)
    house.do(house.bedroom, "start_timer", None, 300)
    wrong = house.do(house.hub, "cancel_timer", "pasta", area="bedroom")
    assert not wrong.ok and wrong.speech == "You have no pasta timer in the bedroom."
    assert not house.do(house.hub, "cancel_timer", "timer:300s", area="kitchen").ok
    assert house.do(house.hub, "cancel_timer", "timer:300s", area="bedroom").speech == "Your bedroom timer is cancelled."
    assert house.do(house.hub, "timer_status", "pasta", area="kitchen").speech == "10 minutes left on your pasta timer."


def test_the_kitchen_timer_is_the_one_named_kitchen_when_none_was_started_there(house: House) -> None:
    house.do(house.bedroom, "start_timer", "kitchen", 600)
    house.do(house.bedroom, "start_timer", None, 60)
    assert house.do(house.hub, "timer_status", area="kitchen").speech == "10 minutes left on your kitchen timer."
    house.do(house.kitchen, "start_timer", None, 120)  # now one was started there: that one
    assert house.do(house.hub, "cancel_timer", area="kitchen").speech == "Your kitchen timer is cancelled."
    assert [t.name for t in house.registry.state_for("timers").resource("timers", Timers).all()] == ["kitchen", None]


def test_several_timers_in_the_room_are_named_back_and_none_is_touched(house: House) -> None:
    house.do(house.kitchen, "start_timer", None, 300)
    house.do(house.kitchen, "start_timer", "eggs", 420)
    house.do(house.bedroom, "start_timer", None, 600)
    asked = house.do(house.hub, "cancel_timer", area="kitchen")
    assert not asked.ok and asked.data == {"refusal": "ambiguous"}
    assert asked.speech == "There are 2 timers in the kitchen: the 5 minute timer and the eggs timer. Which one?"
    assert not house.do(house.hub, "pause_timer", area="kitchen").ok
    assert house.do(house.hub, "timer_status", area="kitchen").speech == (
        "You have 2 timers in the kitchen: 5 minutes left on your 5 minute timer and 7 minutes left on your eggs timer.")
    assert house.do(house.hub, "pause_timer", "eggs", area="kitchen").speech == "Your eggs timer is paused with 7 minutes left."
    assert house.do(house.hub, "cancel_all_timers", area="kitchen").speech == "All 2 timers in the kitchen are cancelled."
    assert house.do(house.hub, "timer_status").speech == "10 minutes left on your timer."


def test_the_timer_said_in_a_room_is_that_rooms(house: House) -> None:
    house.do(house.bedroom, "start_timer", None, 600)
    house.do(house.kitchen, "start_timer", None, 300)  # the most recent, but in another room
    assert house.do(house.bedroom, "cancel_timer").speech == "Your bedroom timer is cancelled."
    house.do(house.bedroom, "start_timer", None, 900)
    assert house.do(house.hub, "cancel_timer").speech == "Your bedroom timer is cancelled."  # none in the living room: the most recent


def test_the_room_sent_with_a_command_is_where_the_timer_starts(house: House) -> None:
    house.do(house.hub, "start_timer", None, 600, said_in="office")
    house.do(house.hub, "start_timer", None, 60)  # the hub's own room
    assert house.do(house.hub, "timer_status", area="office").speech == "10 minutes left on your office timer."
    assert house.do(house.hub, "timer_status", area="living room").speech == "1 minute left on your living room timer."


def test_a_restart_keeps_each_timers_room(tmp_path: Path, mosquitto: MosquittoBroker, uid: str) -> None:
    first = House(mosquitto, uid, tmp_path / "state")
    try:
        first.do(first.kitchen, "start_timer", None, 600)
        first.do(first.bedroom, "start_timer", "bread", 300)
        first.do(first.hub, "pause_timer", area="kitchen")
    finally:
        first.close()
    data = json.loads((tmp_path / "state" / f"timers-{first.hub}.json").read_text())
    assert [(t["name"], t["area"]) for t in data["timers"]] == [(None, "kitchen"), ("bread", "bedroom")]
    second = House(mosquitto, uid, tmp_path / "state")
    try:
        assert second.do(second.hub, "timer_status", area="kitchen").speech == (
            "Your kitchen timer is paused with 10 minutes left.")
        assert not second.do(second.hub, "cancel_timer", "bread", area="kitchen").ok
        assert second.do(second.hub, "cancel_timer", "bread", area="bedroom").speech == "Your bread timer is cancelled."
    finally:
        second.close()


def test_a_file_written_before_timers_had_rooms_loads(tmp_path: Path, kitchens: Callable[[], Kitchen]) -> None:
    write_saved(tmp_path / "state", [{"name": "pasta", "length_s": 600, "ends_at": time.time() + 600, "left_s": None},
                                     {"name": None, "length_s": 300, "ends_at": None, "left_s": 120}])
    kitchen = kitchens()
    assert re.fullmatch(r"You have 2 timers: (10 minutes|9 minutes and 5\d seconds) left on your pasta timer and your "
                        r"5 minute timer is paused with 2 minutes left\.", kitchen.do("timer_status").speech or "")
    assert not (tmp_path / "state" / f"timers-{SITE}.json.bad").exists()
    kitchen.do("cancel_timer", "pasta")  # the next save writes the room (none)
    assert saved(tmp_path / "state")["timers"] == [{"name": None, "length_s": 300, "ends_at": None, "left_s": 120,
                                                     "area": None}]


@pytest.mark.parametrize("area", [3, "", " ", ["kitchen"]])
def test_a_saved_room_that_is_not_a_name_is_a_bad_file(tmp_path: Path, kitchens: Callable[[], Kitchen], area: Any) -> None:
    write_saved(tmp_path / "state", [{"name": None, "length_s": 300, "ends_at": None, "left_s": 120, "area": area}])
    kitchen = kitchens()
    assert kitchen.do("timer_status").speech == "You have no timers running."
    assert (tmp_path / "state" / f"timers-{SITE}.json.bad").exists()
