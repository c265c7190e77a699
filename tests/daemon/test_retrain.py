"""homeslm.daemon.retrain and homeslm.daemon.model_upkeep: the daemon's background retrain (``model: {retrain: auto}``) with
the real daemon, broker, plugins (the example plugin ``coffee`` adds ``brew_coffee``, which the shipped model
never learned) and a real ``homeslm train`` child process, kept short by its smallest options (a 2-step
fine-tune of the shipped model: what is tested is the mechanism, not what the model learns)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.conftest import MosquittoBroker, MqttRecorder, RecordedMessage, wait_until
from homeslm.config.loader import load_config
from homeslm.daemon.runner import Daemon
from homeslm.understanding.model import default_model_dir
from homeslm.mqtt import MqttClient

pytest.importorskip("torch", reason="retraining needs the [train] extra")

TIMEOUT_S = 60.0
#: The smallest real run of ``homeslm train`` that writes a complete model (about 8 s on 2 cores).
FAST = ("--steps", "2", "--batch-size", "4", "--val-size", "4")


def _write_home(path: Path, broker: MosquittoBroker, site: str, uid: str) -> Path:
    path.write_text(
        f"site: {site}\n"
        "area: kitchen\n"
        f"mqtt: {{host: {broker.host}, port: {broker.port}, reconnect_min_s: 0.2, reconnect_max_s: 1.0}}\n"
        "areas: [kitchen, bedroom]\n"
        "model: {retrain: auto}\n"
        "devices:\n"
        "  - {name: ceiling light, area: kitchen, type: light, plugin: zigbee2mqtt, topic: kitchen_ceiling}\n"
        "  - {name: coffee machine, area: kitchen, type: switch, plugin: coffee, topic: kitchen/coffee}\n"
        "plugins:\n"
        "  disable: [espeak]\n"
        f"  zigbee2mqtt: {{base_topic: z2m-{uid}}}\n"
    )
    return path


class Running:
    """A daemon run in a thread of the test (stopped by :meth:`stop`)."""

    def __init__(self, config: Path, state: Path, train_args: tuple[str, ...]) -> None:
        self.daemon = Daemon(load_config(config), state_dir=state, retrain_args=train_args)
        self.thread = threading.Thread(target=self.daemon.run, name="test-daemon", daemon=True)
        self.thread.start()
        if not self.daemon.wait_started(TIMEOUT_S):
            pytest.fail("the daemon did not start")
        if not self.daemon.wait_ready(TIMEOUT_S):
            pytest.fail("the daemon did not become ready (connected, its command topic subscribed)")

    def stop(self) -> None:
        self.daemon.stop()
        self.thread.join(TIMEOUT_S)
        assert not self.thread.is_alive(), "the daemon stopped"


@pytest.fixture
def home(tmp_path: Path, mosquitto: MosquittoBroker) -> tuple[Path, str, str]:
    if not mosquitto.running:
        mosquitto.start()
    uid = uuid.uuid4().hex[:8]
    site = f"retrain-{uid}"
    return _write_home(tmp_path / "home.yaml", mosquitto, site, uid), site, uid


@pytest.fixture
def started() -> Iterator[list[Running]]:
    runs: list[Running] = []
    yield runs
    for run in runs:
        if run.thread.is_alive():
            run.stop()


def _retrain(m: RecordedMessage) -> dict[str, Any]:
    return m.json().get("retrain") or {}


def test_the_daemon_retrains_in_the_background_and_swaps_the_new_model_in(
        home: tuple[Path, str, str], tmp_path: Path, mosquitto: MosquittoBroker, mqtt_recorder: MqttRecorder,
        started: list[Running], caplog: pytest.LogCaptureFixture) -> None:
    config, site, uid = home
    state = tmp_path / "state"
    topic = f"homeslm/{site}/model"
    caplog.set_level(logging.INFO, logger="homeslm")
    run = Running(config, state, FAST)
    started.append(run)

    first = mqtt_recorder.wait_for(topic, TIMEOUT_S).json()
    assert first["unknown_actions"] == [{"action": "brew_coffee", "plugin": "coffee"}]
    assert first["needs_retrain"] and first["retrain_mode"] == "auto"
    assert any(r.levelno == logging.WARNING and "cannot produce brew_coffee (plugin coffee) yet" in r.getMessage()
               for r in caplog.records), "the start-up log warns"

    done = mqtt_recorder.wait_for(lambda m: m.topic == topic and _retrain(m).get("state") == "done", 120.0)
    steps = [_retrain(m) for m in mqtt_recorder.messages(topic)[: mqtt_recorder.messages(topic).index(done)]]
    assert steps[-1]["state"] == "running" and steps[-1]["progress"] == 1.0, "the steps were reported"
    assert "plugin actions the model does not know: brew_coffee (plugin coffee)" in steps[0]["message"]

    # swapped in between utterances, and the one served after a restart (atomically linked)
    wait_until(lambda: run.daemon.understander is not None
               and run.daemon.understander.model.model_dir != default_model_dir(), TIMEOUT_S, "the new model to serve")
    served = run.daemon.understander.model  # type: ignore[union-attr]
    assert "brew_coffee" in served.extra_actions
    assert served.model_dir.parent == state / "models" / "retrained"
    assert (state / "models" / "retrained" / "current").resolve() == served.model_dir.resolve()
    assert not (served.model_dir / "train").exists(), "the optimizer checkpoint is not kept"
    fits = mqtt_recorder.wait_for(lambda m: m.topic == topic and m.json()["path"] == str(served.model_dir), TIMEOUT_S)
    assert fits.json()["unknown_actions"] == [] and not fits.json()["needs_retrain"]

    # the new model serves commands
    recorder = mqtt_recorder
    client = MqttClient(mosquitto.mqtt_config(), site=f"cmd-{uid}", availability=False)
    client.start()
    try:
        assert client.wait_connected(10.0)
        assert client.publish(f"homeslm/{site}/command", "turn on the ceiling light", qos=1).wait(10.0)
        recorder.wait_for(lambda m: m.topic == f"z2m-{uid}/kitchen_ceiling/set" and m.json() == {"state": "ON"},
                          TIMEOUT_S)
    finally:
        client.stop()
    run.stop()

    # a restart serves the retrained model at once and does not retrain again
    mqtt_recorder.clear()
    again = Running(config, state, FAST)
    started.append(again)
    assert again.daemon.understander is not None
    assert again.daemon.understander.model.model_dir == served.model_dir.resolve()
    restarted = mqtt_recorder.wait_for(topic, TIMEOUT_S).json()
    assert restarted["retrain"] is None and not restarted["needs_retrain"] and restarted["unknown_actions"] == []


def test_a_failed_retrain_is_logged_and_the_old_model_keeps_serving(
        home: tuple[Path, str, str], tmp_path: Path, mqtt_recorder: MqttRecorder, started: list[Running],
        caplog: pytest.LogCaptureFixture) -> None:
    config, site, _ = home
    state = tmp_path / "state"
    topic = f"homeslm/{site}/model"
    caplog.set_level(logging.INFO, logger="homeslm")
    run = Running(config, state, ("--no-such-option",))  # homeslm train refuses it: a real failing run
    started.append(run)

    failed = mqtt_recorder.wait_for(lambda m: m.topic == topic and _retrain(m).get("state") == "failed", TIMEOUT_S)
    assert "homeslm train exited with code 2" in _retrain(failed)["message"]
    assert "unrecognized arguments: --no-such-option" in _retrain(failed)["message"]
    assert any(r.levelno == logging.ERROR and "model retrain failed, the current model keeps serving" in r.getMessage()
               for r in caplog.records)
    assert run.daemon.understander is not None and run.daemon.understander.model.model_dir == default_model_dir()
    assert [p.name for p in (state / "models" / "retrained").iterdir()] == [], "the partial output is removed"

    # the same home is not retried (a reload with nothing changed)
    assert run.daemon.reload()
    wait_until(lambda: any("not retraining again for the same home" in r.getMessage() for r in caplog.records),
               TIMEOUT_S, "the reload's decision")
    assert sum(1 for r in caplog.records if r.getMessage().startswith("retraining the intent model for this home")) == 1
    assert _retrain(mqtt_recorder.messages(topic)[-1])["state"] == "failed"


def test_stopping_the_daemon_stops_the_retrain_and_everything_it_started(
        home: tuple[Path, str, str], tmp_path: Path, mqtt_recorder: MqttRecorder, started: list[Running]) -> None:
    config, site, _ = home
    state = tmp_path / "state"
    topic = f"homeslm/{site}/model"
    run = Running(config, state, ("--steps", "100000", "--batch-size", "4", "--val-size", "4"))
    started.append(run)
    step = mqtt_recorder.wait_for(lambda m: m.topic == topic and (_retrain(m).get("progress") or 0) > 0, 120.0)
    out = _retrain(step)["path"]
    trainers = [p for p in psutil.process_iter(["cmdline"]) if out in " ".join(p.info["cmdline"] or [])]
    assert trainers, "the trainer runs (and its data worker)"
    run.stop()
    gone, alive = psutil.wait_procs(trainers, timeout=10.0)
    assert alive == [], "the trainer and its data worker are stopped with the daemon"
    assert not Path(out).exists(), "the partial output is removed"


def test_installing_a_retrained_model_keeps_the_one_before_and_never_touches_other_models(tmp_path: Path) -> None:
    from homeslm.daemon.retrain import install_model

    root = tmp_path / "models" / "retrained"
    vosk = tmp_path / "models" / "vosk-model-en-us-0.22"  # put there by homeslm models pull (docs/service.md)
    by_hand = root / "my-model"
    for d in (vosk, by_hand):
        d.mkdir(parents=True)
    for name in ("20261201T100000", "20261202T100000", "20261203T100000-2"):  # one retrain after another
        (root / name).mkdir()
        install_model(tmp_path, root / name)
    assert (root / "current").resolve() == (root / "20261203T100000-2").resolve()
    assert sorted(p.name for p in root.iterdir()) == ["20261202T100000", "20261203T100000-2", "current", "my-model"]
    assert vosk.is_dir()
