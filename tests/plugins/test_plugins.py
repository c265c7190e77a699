"""The plugin system: loading (built-ins, entry points, directories), hook checks, the action registry."""

from __future__ import annotations

import inspect
import logging
import re
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import homeslm
from homeslm import ActionResult, Intent, PluginError, hookimpl
from homeslm.plugins import hookspecs
from homeslm.config.model import Config, Device, PluginsConfig
from homeslm.config.loader import config_from_dict
from homeslm.understanding.model import default_model_dir
from homeslm.mqtt import MqttClient
from homeslm.daemon.build import build_understander
from homeslm.outcomes import Status
from homeslm.plugins.context import MAX_STATE_KEYS, MAX_STATE_VALUE_CHARS
from homeslm.plugins.registry import MAX_ACTION_THREADS_PER_PLUGIN
from homeslm.pipeline import Pipeline
from homeslm.plugins import (
    ActionExample,
    ActionRegistry,
    StateCache,
    build_plugin_manager,
    call_each,
    call_first,
    plugin_manager_from_config,
)

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 10.0


def plugin(name: str, **hooks: Callable[..., Any]) -> ModuleType:
    """A plugin module named ``name`` whose attributes are ``hooks`` (functions marked with @hookimpl)."""
    module = ModuleType(name)
    for attr, fn in hooks.items():
        setattr(module, attr, fn)
    return module


def registry_of(*modules: ModuleType | str, devices: tuple[Device, ...] = (), mqtt: Any = None,
                settings: dict[str, dict[str, Any]] | None = None, **kwargs: Any) -> ActionRegistry:
    pm = build_plugin_manager(modules, load_entry_points=False)
    config = Config(devices=devices, plugins=PluginsConfig(settings=settings or {}))
    return ActionRegistry(pm, config, mqtt=mqtt, **kwargs)


def intent_for(action: str, device: Device | None = None, **fields: Any) -> Intent:
    return Intent(action=action, device=device.name if device else None, area=device.area if device else None,
                  domain=device.type if device else fields.pop("domain", None), **fields)


def do(registry: ActionRegistry, action: str, device: Device | None = None, *, timeout_s: float = 10.0,
       **fields: Any) -> ActionResult:
    return registry.execute(intent_for(action, device, **fields), device, timeout_s=timeout_s)


KETTLE = Device(name="kettle", type="switch", plugin="appliances", topic="kettle")
SENSOR = Device(name="hallway sensor", type="sensor", plugin="appliances", topic="hall")


@pytest.fixture
def mqtt_client(mosquitto: Any) -> Iterator[MqttClient]:
    if not mosquitto.running:
        mosquitto.start()
    client = MqttClient(mosquitto.mqtt_config(), site=f"test-plugins-{uuid.uuid4().hex[:8]}")
    client.start()
    if not client.wait_connected(TIMEOUT_S):
        pytest.fail("MqttClient did not connect to the test broker")
    yield client
    client.stop()


# --- every hook is documented and tested --------------------------------------------------------


def hookspec_functions() -> dict[str, Callable[..., Any]]:
    return {name: fn for name, fn in vars(hookspecs).items()
            if callable(fn) and getattr(fn, f"{hookspecs.PROJECT}_spec", None) is not None}


def test_every_hook_is_documented_and_tested() -> None:
    specs = hookspec_functions()
    assert {"register_actions", "daemon_started", "daemon_stopping", "speak"} <= set(specs)
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    problems = []
    for name, fn in specs.items():
        doc = inspect.getdoc(fn) or ""
        if len(doc) < 80:
            problems.append(f"{name}: no docstring saying when it is called")
        for param in inspect.signature(fn).parameters:
            if f":param {param}:" not in doc:
                problems.append(f"{name}: docstring lacks ':param {param}:'")
        if "raising" not in doc.lower():
            problems.append(f"{name}: docstring does not say what raising does")
        if ":return" not in doc:
            problems.append(f"{name}: docstring does not say what to return")
        if not callable(globals().get(f"test_hook_{name}")):
            problems.append(f"{name}: no test_hook_{name} in tests/plugins/test_plugins.py")
        if not re.search(rf"\b{name}\(", guide):
            problems.append(f"{name}: docs/plugins.md does not show its signature")
    assert not problems, "\n".join(problems)


# --- the hooks ----------------------------------------------------------------------------------


def test_hook_register_actions() -> None:
    seen: dict[str, Any] = {}

    @hookimpl
    def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
        seen.update(config=config, settings=settings)
        register("switch", "turn_on", lambda: ActionResult(ok=True))
        register("switch", "brew_coffee", lambda intent: ActionResult(ok=True, speech=f"{intent.value} cups"), examples=[
            "brew a coffee on the {device}",
            ("brew {value} coffees in the {area}", {"value": [1, 2]}),
            ("make a strong one with the {device}", {"value": "strong"}),
        ])
        register("timer", "start_timer", lambda: ActionResult(ok=True), examples=["egg timer please"])

    registry = registry_of(plugin("appliances", register_actions=register_actions), devices=(KETTLE,),
                           settings={"appliances": {"cups": 2}, "other": {"x": 1}})
    assert seen["settings"] == {"cups": 2}
    assert seen["config"].devices == (KETTLE,)
    assert registry.supports("appliances", "switch", "turn_on")
    assert registry.supports("appliances", "timer", "start_timer")
    assert not registry.supports("appliances", "switch", "turn_off")
    assert not registry.supports("someone_else", "switch", "turn_on")
    assert registry.actions_for(KETTLE) == ["brew_coffee", "turn_on"]
    [extra] = registry.extra_actions()
    assert (extra.plugin, extra.action, extra.domain) == ("appliances", "brew_coffee", "switch")
    assert extra.examples == (
        ActionExample("brew a coffee on the {device}"),
        ActionExample("brew {value} coffees in the {area}", value=(1, 2)),
        ActionExample("make a strong one with the {device}", value="strong"),
    )
    assert [e.action for e in registry.extra_actions(include_builtin=True)] == ["brew_coffee", "start_timer"]
    assert do(registry, "brew_coffee", KETTLE, value=2).speech == "2 cups"


def test_hook_daemon_started(mqtt_client: MqttClient, caplog: pytest.LogCaptureFixture) -> None:
    contexts: list[Any] = []

    def starter(name: str, fail: bool = False) -> ModuleType:
        @hookimpl
        def daemon_started(context: Any) -> None:
            if fail:
                raise RuntimeError("no broker for me")
            contexts.append(context)

        return plugin(name, daemon_started=daemon_started)

    registry = registry_of(starter("broken", fail=True), starter("appliances"), mqtt=mqtt_client,
                           settings={"appliances": {"a": 1}})
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        registry.daemon_started()
    [ctx] = contexts
    assert ctx.plugin == "appliances" and ctx.settings == {"a": 1} and ctx.mqtt is mqtt_client
    assert ctx.state is registry.state_for("appliances") and ctx.config is registry.config
    assert any("broken" in r.getMessage() and "daemon_started" in r.getMessage() and r.exc_info for r in caplog.records)


def test_hook_daemon_stopping(caplog: pytest.LogCaptureFixture) -> None:
    order: list[str] = []

    def stopper(name: str, fail: bool = False) -> ModuleType:
        @hookimpl
        def daemon_stopping(context: Any) -> None:
            order.append(context.plugin)
            if fail:
                raise RuntimeError("cannot stop")

        return plugin(name, daemon_stopping=daemon_stopping)

    registry = registry_of(stopper("first"), stopper("second", fail=True), stopper("third"))
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        registry.daemon_stopping()
    assert order == ["third", "second", "first"]
    assert any("second" in r.getMessage() and r.exc_info for r in caplog.records)


def test_hook_speak(caplog: pytest.LogCaptureFixture) -> None:
    spoken: list[tuple[str, str]] = []

    def speaker(name: str, answer: bool | None, fail: bool = False) -> ModuleType:
        @hookimpl
        def speak(text: str) -> bool | None:
            spoken.append((name, text))
            if fail:
                raise OSError("no audio device")
            return answer

        return plugin(name, speak=speak)

    pm = build_plugin_manager([speaker("espeak", True), speaker("silent", None), speaker("broken", True, fail=True)],
                              load_entry_points=False)
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        assert call_first(pm, "speak", text="Hello.") == ("espeak", True)
    assert spoken == [("broken", "Hello."), ("silent", "Hello."), ("espeak", "Hello.")]
    assert any("broken" in r.getMessage() and r.exc_info for r in caplog.records)
    assert call_first(build_plugin_manager([speaker("mute", None)], load_entry_points=False), "speak", text="x") is None


def test_hook_synthesize_speech(caplog: pytest.LogCaptureFixture) -> None:
    from homeslm.default_plugins import espeak
    from homeslm.hermes.audio_frames import decode_wav
    from homeslm.plugins.bus import synthesize_with_plugins

    def maker(name: str, answer: object, fail: bool = False) -> ModuleType:
        @hookimpl
        def synthesize_speech(text: str) -> bytes | None:
            if fail:
                raise OSError("no engine")
            return answer  # type: ignore[return-value]

        return plugin(name, synthesize_speech=synthesize_speech)

    pm = build_plugin_manager([espeak, maker("none", None), maker("broken", b"RIFF", fail=True)], load_entry_points=False)
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        wav = synthesize_with_plugins(pm, "Turning on the lights.")
    assert any("broken" in r.getMessage() and r.exc_info for r in caplog.records)
    if audio_synth_available():
        assert wav is not None and len(decode_wav(wav).samples) > 8000, "espeak-ng's answer as a WAV file"
    not_wav = build_plugin_manager([maker("text", "hello")], load_entry_points=False)
    assert synthesize_with_plugins(not_wav, "x") is None, "what is not a WAV file is not sent"
    assert synthesize_with_plugins(build_plugin_manager([maker("mute", None)], load_entry_points=False), "x") is None


def audio_synth_available() -> bool:
    import shutil

    return shutil.which("espeak-ng") is not None


def example_plugin() -> ModuleType:
    """The example plugin's module (tests/example_plugin), for its real recogniser and wake engine."""
    try:
        import homeslm_coffee
    except ImportError:
        pytest.fail("the example plugin is not installed: pip install --no-deps --no-build-isolation -e tests/example_plugin")
    return homeslm_coffee


def test_hook_register_recognizers(caplog: pytest.LogCaptureFixture) -> None:
    from homeslm.voice.engines import SpeechEngines
    from homeslm.voice.loop import VoiceSettings

    coffee = example_plugin()
    seen: dict[str, Any] = {}

    @hookimpl
    def register_recognizers(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
        seen["declared with"] = settings

        def orders(config: Config, voice: VoiceSettings, settings: dict[str, Any], phrases: list[str]) -> Any:
            seen.update(voice=voice, settings=settings, phrases=phrases)
            return coffee.CoffeeRecognizer(config)

        register("kitchen-orders", orders, description="coffee  orders\n only")
        register("broken", lambda: "not a recogniser")

    @hookimpl
    def register_recognizers_again(register: Callable[..., None]) -> None:
        register("kitchen-orders", lambda config: coffee.CoffeeRecognizer(config))

    @hookimpl
    def register_recognizers_badly(register: Callable[..., None]) -> None:
        register("fine", lambda: None)
        register("Kitchen Orders", lambda: None)

    copycat = plugin("copycat")
    copycat.register_recognizers = register_recognizers_again  # type: ignore[attr-defined]
    sloppy = plugin("sloppy")
    sloppy.register_recognizers = register_recognizers_badly  # type: ignore[attr-defined]
    pm = build_plugin_manager([plugin("barista", register_recognizers=register_recognizers), copycat, sloppy],
                              load_entry_points=False)
    config = Config(devices=(Device(name="coffee machine", type="switch", plugin="coffee", topic="c"),),
                    plugins=PluginsConfig(settings={"barista": {"cups": 2}}))
    with caplog.at_level(logging.ERROR, logger="homeslm.voice.engines"):
        engines = SpeechEngines(pm, config)
    assert sorted(engines.recognizers) == ["broken", "kitchen-orders"], "the refused plugins' engines are left out"
    assert engines.recognizers["kitchen-orders"].description == "coffee orders only"
    assert seen["declared with"] == {"cups": 2}
    assert "the recogniser 'kitchen-orders' is already provided by plugin 'barista'" in engines.errors["copycat"]
    assert "a recogniser name is lower case" in engines.errors["sloppy"]
    assert any("sloppy" in r.getMessage() and r.exc_info for r in caplog.records)
    with pytest.raises(PluginError, match="plugin 'copycat'"):
        SpeechEngines(pm, config, strict=True)

    voice = VoiceSettings(recognizer="kitchen-orders")
    recognizer = engines.make_recognizer(voice)
    assert isinstance(recognizer, homeslm.Recognizer) and type(recognizer).__name__ == "CoffeeRecognizer"
    assert seen["voice"] is voice and seen["settings"] == {"cups": 2} and seen["phrases"] == ["coffee machine"]
    with pytest.raises(PluginError, match="plugin 'barista': the recogniser 'broken' factory returned str, not a homeslm.Recognizer"):
        engines.make_recognizer(VoiceSettings(recognizer="broken"))
    with pytest.raises(homeslm.ConfigError, match="no plugin provides the recogniser 'fine'; installed: broken, kitchen-orders "
                                                  r"\(plugins that failed to load or register: copycat, sloppy\)"):
        engines.make_recognizer(VoiceSettings(recognizer="fine"))


def test_hook_register_wake_engines(caplog: pytest.LogCaptureFixture) -> None:
    from homeslm.voice.engines import SpeechEngines
    from homeslm.voice.loop import VoiceSettings

    coffee = example_plugin()
    asked: list[tuple[str, float, float | None]] = []

    @hookimpl
    def register_wake_engines(register: Callable[..., None]) -> None:
        def whistle(phrase: str, sensitivity: float, threshold: float | None) -> Any:
            asked.append((phrase, sensitivity, threshold))
            return coffee.WhistleWake(sensitivity)

        def failing(settings: dict[str, Any]) -> Any:
            raise RuntimeError("no such sound card")

        register("whistle", whistle)
        register("failing", failing)

    @hookimpl
    def register_wake_engines_raising() -> None:
        raise ValueError("bad settings")

    raising = plugin("raising")
    raising.register_wake_engines = register_wake_engines_raising  # type: ignore[attr-defined]
    pm = build_plugin_manager([plugin("sounds", register_wake_engines=register_wake_engines), raising],
                              load_entry_points=False)
    with caplog.at_level(logging.ERROR, logger="homeslm.voice.engines"):
        engines = SpeechEngines(pm, Config())
    assert sorted(engines.wake_engines) == ["failing", "whistle"]
    assert "ValueError('bad settings')" in engines.errors["raising"]

    wake = engines.make_wake_engine(VoiceSettings(wake_engine="whistle", wake_sensitivity=0.8, wake_threshold=1e-20))
    assert asked == [("computer", 0.8, 1e-20)]
    assert isinstance(wake, homeslm.WakeDetector)
    t = np.arange(16000) / 16000
    tone = np.round(8000 * np.sin(2 * np.pi * 2000 * t)).astype(np.int16)
    hiss = np.random.default_rng(0).normal(0, 800, 16000).astype(np.int16)
    assert not any(wake.process(hiss[i : i + 1600]) for i in range(0, 16000, 1600)), "noise is no whistle"
    assert any(wake.process(tone[i : i + 1600]) for i in range(0, 16000, 1600)), "a 2 kHz whistle wakes it"
    assert engines.make_wake_engine(VoiceSettings(wake_engine="whistle", wake_phrase=None)) is None
    assert len(asked) == 1, "no wake phrase: no wake engine is built"
    with caplog.at_level(logging.ERROR, logger="homeslm.voice.engines"):
        with pytest.raises(PluginError, match="plugin 'sounds': the wake engine 'failing' could not be built: "
                                              "RuntimeError\\('no such sound card'\\)"):
            engines.make_wake_engine(VoiceSettings(wake_engine="failing"))
    assert any("failing" in r.getMessage() and r.exc_info for r in caplog.records)


# --- loading ------------------------------------------------------------------------------------


def test_misspelled_hook_refuses_that_plugin_alone_with_a_did_you_mean(caplog: pytest.LogCaptureFixture) -> None:
    @hookimpl
    def register_action(register: Any) -> None:
        pass

    @hookimpl
    def daemon_started(context: Any) -> None:  # a hook the plugin also spells right: not called either
        raise AssertionError("a refused plugin's hooks are never called")

    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        pm = build_plugin_manager(["homeslm.default_plugins.timers", plugin("typo", register_action=register_action,
                                                            daemon_started=daemon_started)], load_entry_points=False)
    assert list(pm.infos) == ["timers"] and not pm.has_plugin("typo")
    assert pm.failures["typo"].startswith(
        "plugin 'typo' (builtin) not loaded: 'register_action' is not a homeslm hook; did you mean 'register_actions'?")
    assert "list 'typo' in plugins.disable" in pm.failures["typo"]
    assert [impl.plugin_name for impl in pm.hook.daemon_started.get_hookimpls()] == ["timers"]
    assert any("did you mean 'register_actions'?" in r.getMessage() for r in caplog.records)
    assert ActionRegistry(pm, Config()).supports("timers", "timer", "start_timer")


def test_hook_with_unknown_argument_refuses_that_plugin() -> None:
    @hookimpl
    def daemon_started(ctx: Any) -> None:
        pass

    pm = build_plugin_manager([plugin("argh", daemon_started=daemon_started), "homeslm.default_plugins.timers"], load_entry_points=False)
    assert list(pm.infos) == ["timers"] and not pm.has_plugin("argh")
    assert pm.failures["argh"].startswith("plugin 'argh' (builtin) not loaded: hook 'daemon_started' has no argument "
                                          "'ctx' (its arguments: context); did you mean 'context'?")
    assert [impl.plugin_name for impl in pm.hook.daemon_started.get_hookimpls()] == ["timers"]


def test_hook_wrappers_refuse_that_plugin() -> None:
    @hookimpl(wrapper=True)
    def speak(text: str) -> Any:
        return (yield)

    pm = build_plugin_manager([plugin("wrapping", speak=speak)], load_entry_points=False)
    assert not pm.has_plugin("wrapping") and not pm.hook.speak.get_hookimpls()
    assert "hook 'speak': hook wrappers are not supported" in pm.failures["wrapping"]


def test_builtins_load_with_their_names() -> None:
    from homeslm.default_plugins import BUILTINS

    pm = build_plugin_manager(BUILTINS, load_entry_points=False)
    assert sorted(pm.infos) == ["espeak", "mqtt", "pocketsphinx", "tasmota", "timers", "vosk", "whisper", "zigbee2mqtt"]
    assert all(info.source == "builtin" and info.version == homeslm.__version__ for info in pm.infos.values())
    assert not pm.failures


def test_builtin_that_fails_to_import_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        pm = build_plugin_manager(["homeslm.default_plugins.no_such_plugin", "homeslm.default_plugins.timers"], load_entry_points=False)
    assert list(pm.infos) == ["timers"]
    assert "no_such_plugin" in pm.failures
    assert any("homeslm.default_plugins.no_such_plugin" in r.getMessage() for r in caplog.records)


DIRECTORY_PLUGIN = '''
from homeslm import ActionResult, hookimpl

__version__ = "0.3"

def ring(device, mqtt):
    mqtt.publish(device.topic + "/ring", {"times": 2})
    return ActionResult(ok=True, speech="Ding dong.")

@hookimpl
def register_actions(register):
    register("switch", "turn_on", ring)
'''


def test_directory_plugins_load_and_run(tmp_path: Path, mqtt_client: MqttClient, mqtt_recorder: Any,
                                        caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "doorbell.py").write_text(DIRECTORY_PLUGIN)
    (folder / "broken.py").write_text("import no_such_module_anywhere\n")
    (folder / "_helpers.py").write_text("raise SystemExit('not a plugin: never imported')\n")
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        pm = build_plugin_manager([], load_entry_points=False, paths=[folder, tmp_path / "missing"])
    assert list(pm.infos) == ["doorbell"]
    assert pm.infos["doorbell"].version == "0.3" and pm.infos["doorbell"].source == str(folder / "doorbell.py")
    assert "no_such_module_anywhere" in pm.failures["broken"]
    assert "does not exist" in pm.failures[str(tmp_path / "missing")]
    assert any("broken.py" in r.getMessage() and r.exc_info for r in caplog.records)

    topic = f"bell-{uuid.uuid4().hex[:8]}"
    bell = Device(name="doorbell", type="switch", plugin="doorbell", topic=topic)
    registry = ActionRegistry(pm, Config(devices=(bell,)), mqtt=mqtt_client)
    assert do(registry, "turn_on", bell).speech == "Ding dong."
    assert mqtt_recorder.wait_for(f"{topic}/ring").json() == {"times": 2}


def test_disabled_and_duplicate_plugins(tmp_path: Path) -> None:
    (tmp_path / "timers.py").write_text("")
    (tmp_path / "mine.py").write_text("")
    pm = build_plugin_manager(["homeslm.default_plugins.timers", "homeslm.default_plugins.tasmota"], load_entry_points=False,
                              paths=[tmp_path], disable=["tasmota", "mine"])
    assert list(pm.infos) == ["timers"]
    assert "already loaded from builtin" in pm.failures["timers"]


def test_manager_from_config_adds_paths_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "doorbell.py").write_text(DIRECTORY_PLUGIN)
    config = Config(source=str(tmp_path / "homeslm.yaml"), plugins=PluginsConfig(paths=("more",), disable=("tasmota",)))
    pm = plugin_manager_from_config(config, load_entry_points=False)
    assert sorted(pm.infos) == ["doorbell", "espeak", "mqtt", "pocketsphinx", "timers", "vosk", "whisper", "zigbee2mqtt"]


def test_a_plugins_package_of_another_distribution_does_not_replace_the_builtins(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # what broke `homeslm plugins` when the built-ins were a top-level `plugins` package: another
    # distribution (or a plugins/ folder in the current directory) that is also `import plugins`
    shadow = ModuleType("plugins")
    shadow.__path__ = [str(tmp_path / "plugins")]
    monkeypatch.setitem(sys.modules, "plugins", shadow)
    pm = plugin_manager_from_config(Config(), load_entry_points=False)
    assert sorted(pm.infos) == ["espeak", "mqtt", "pocketsphinx", "tasmota", "timers", "vosk", "whisper", "zigbee2mqtt"]
    assert not pm.failures


# --- the example plugin, installed as a distribution with an entry point -------------------------


def test_entry_point_plugin_is_loaded(mqtt_client: MqttClient, mqtt_recorder: Any, device_bus_client: MqttClient) -> None:
    pm = build_plugin_manager([], load_entry_points=True)
    if "coffee" not in pm.infos:
        pytest.fail("the example plugin is not installed: pip install --no-deps --no-build-isolation -e tests/example_plugin")
    assert pm.infos["coffee"].source == "entry point homeslm-coffee"
    assert pm.infos["coffee"].version == "1.0.0"

    topic = f"coffee-{uuid.uuid4().hex[:8]}"
    machine = Device(name="coffee machine", type="switch", plugin="coffee", area="kitchen", topic=topic)
    config = Config(devices=(machine,), plugins=PluginsConfig(settings={"coffee": {"strength": "strong"}}))
    registry = ActionRegistry(pm, config, mqtt=mqtt_client)
    assert "coffee" not in registry.errors
    [extra] = [e for e in registry.extra_actions() if e.plugin == "coffee"]
    assert extra.action == "brew_coffee" and extra.domain == "switch"
    assert ActionExample("brew {value} cups of coffee on the {device}", value=(1, 2, 3, 4)) in extra.examples

    registry.daemon_started()
    assert mqtt_client.wait_subscribed(TIMEOUT_S)
    brewed = do(registry, "brew_coffee", machine, value=2)
    assert brewed.ok and brewed.speech == "Brewing 2 coffees."
    assert mqtt_recorder.wait_for(f"{topic}/brew").json() == {"cups": 2, "strength": "strong"}
    assert do(registry, "turn_off", machine).ok
    assert mqtt_recorder.wait_for(f"{topic}/power").text == "OFF"
    assert not do(registry, "brew_coffee", machine, value=9).ok

    since = registry.state_for("coffee").version("coffee machine")
    assert device_bus_client.publish(f"{topic}/state", {"power": "ON", "status": "brewing"}).wait(TIMEOUT_S)
    assert registry.state_for("coffee").wait_for_update("coffee machine", since, TIMEOUT_S) is not None
    assert do(registry, "get_state", machine).speech == "The coffee machine is brewing."
    registry.daemon_stopping()

    bad = ActionRegistry(pm, Config(plugins=PluginsConfig(settings={"coffee": {"strength": "lethal"}})))
    assert bad.errors["coffee"] == "plugins.coffee.strength: expected one of mild, normal, strong, got 'lethal'"


KETTLE_PLUGIN = ROOT / "tests" / "data" / "kettle_plugin"


@pytest.mark.skipif(not (default_model_dir() / "model.bin").is_file(), reason="the shipped intent model is not there")
def test_a_plugin_action_with_its_own_values_reaches_the_plugin_and_the_thermostat_keeps_its_range(
        mqtt_client: MqttClient, mqtt_recorder: Any) -> None:
    uid = uuid.uuid4().hex[:8]
    config = config_from_dict({
        "area": "kitchen",
        "areas": ["kitchen", "living room"],
        "devices": [
            {"name": "kettle", "area": "kitchen", "type": "switch", "plugin": "kettle", "topic": f"kettle-{uid}"},
            {"name": "thermostat", "area": "living room", "type": "climate", "plugin": "mqtt", "topic": f"heat-{uid}"},
        ],
    })
    pm = build_plugin_manager(["homeslm.default_plugins.mqtt"], load_entry_points=False, paths=[KETTLE_PLUGIN])
    registry = ActionRegistry(pm, config, mqtt=mqtt_client)
    understander = build_understander(config, supports=lambda d, a: registry.supports(d.plugin, d.type, a))
    pipeline = Pipeline(understander, registry, mqtt_client, config)

    heated = pipeline.handle_text("set the kettle to 80 degrees", source="cli")
    assert heated.status == Status.EXECUTED and heated.response == "Setting the kettle to 80 degrees.", heated
    assert mqtt_recorder.wait_for(f"kettle-{uid}/set").json() == {"temperature": 80}
    too_hot = pipeline.handle_text("set the kettle to 150 degrees", source="cli")  # the plugin's own range
    assert too_hot.status == Status.FAILED and too_hot.response == "The kettle heats water to 40 to 100 degrees.", too_hot
    refused = pipeline.handle_text("set the thermostat to 80 degrees", source="cli")
    assert refused.status == Status.REFUSED and refused.response == "Sorry, 80 is out of range.", refused
    assert pipeline.handle_text("set the thermostat to 21 degrees", source="cli").status == Status.EXECUTED
    # the first (and only) thermostat command
    assert mqtt_recorder.wait_for(f"heat-{uid}/set").json() == {"value": 21, "unit": None, "action": "set_temperature"}


@pytest.fixture
def device_bus_client(mosquitto: Any) -> Iterator[MqttClient]:
    client = MqttClient(mosquitto.mqtt_config(), site=f"devices-{uuid.uuid4().hex[:8]}")
    client.start()
    if not client.wait_connected(TIMEOUT_S):
        pytest.fail("device client did not connect")
    yield client
    client.stop()


# --- registration checks ------------------------------------------------------------------------


def _ok() -> ActionResult:
    return ActionResult(ok=True)


@pytest.mark.parametrize(
    ("register_call", "problem"),
    [
        (lambda r: r("toaster", "turn_on", _ok), "unknown device type or domain 'toaster'"),
        (lambda r: r("switch", "Turn On", _ok), "lower_case_with_underscores"),
        (lambda r: r("switch", "turn_on", "not a function"), "the handler must be callable"),
        (lambda r: (r("switch", "turn_on", _ok), r("switch", "turn_on", _ok)), "registered twice"),
        (lambda r: r("switch", "turn_on", lambda device, colour: _ok()), "asks for 'colour'"),
        (lambda r: r("switch", "brew_tea", _ok), "'brew_tea' is a new action: give examples"),
        (lambda r: r("switch", "brew_tea", _ok, examples=["brew tea in the {room}"]), "placeholders are"),
        (lambda r: r("switch", "brew_tea", _ok, examples="brew tea"), "a list of sentences"),
        (lambda r: r("switch", "brew_tea", _ok, examples=[("make {value} teas", {})]), "give fields {'value': [sample values]}"),
        (lambda r: r("switch", "brew_tea", _ok, examples=[("tea", {"unit": "cups"})]), "unit 'cups' is not one of"),
        (lambda r: r("timer", "egg_timer", _ok, examples=["egg timer on the {device}"]), "'timer' has no devices"),
        (lambda r: r("switch", "cancel", _ok), "handled by homeslm itself"),
        (lambda r: r("timer", "start_timer", _ok), "already handled by plugin 'timers'"),
    ],
)
def test_register_refuses_bad_input_naming_the_plugin(register_call: Callable[[Any], Any], problem: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    @hookimpl
    def register_actions(register: Callable[..., None]) -> None:
        register("sensor", "get_state", _ok)
        register_call(register)

    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        registry = registry_of("homeslm.default_plugins.timers", plugin("appliances", register_actions=register_actions))
    error = registry.errors["appliances"]
    assert error.startswith("plugin 'appliances': register(") and problem in error, error
    assert not registry.supports("appliances", "sensor", "get_state"), "a refused plugin registers nothing"
    assert registry.supports("timers", "timer", "start_timer"), "other plugins are unaffected"
    assert any("appliances" in r.getMessage() and r.exc_info for r in caplog.records)
    with pytest.raises(PluginError, match="plugin 'appliances'"):
        registry_of("homeslm.default_plugins.timers", plugin("appliances", register_actions=register_actions), strict=True)


def test_raising_register_actions_is_isolated(caplog: pytest.LogCaptureFixture) -> None:
    @hookimpl
    def register_actions() -> None:
        raise KeyError("settings")

    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        registry = registry_of(plugin("fragile", register_actions=register_actions), "homeslm.default_plugins.timers")
    assert "KeyError" in registry.errors["fragile"]
    assert registry.supports("timers", "timer", "cancel_timer")


def test_reported_config_problems_are_collected_logged_and_the_plugin_stays(tmp_path: Path,
                                                                            caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "home.yaml"
    path.write_text("devices:\n"
                    "  - {name: kettle, type: switch, plugin: appliances, topic: kettle}\n"
                    "  - {name: toaster, type: switch, plugin: appliances, options: {watts: lots}}\n")
    from homeslm.config.loader import load_config

    config = load_config(path)

    @hookimpl
    def register_actions(register: Callable[..., None], config: Config,
                         report_problem: Callable[[Any], None]) -> None:
        report_problem(config.error("devices[1].options.watts", "device 'toaster': expected a number, got 'lots'"))
        report_problem("the toaster has no topic")
        register("switch", "turn_on", _ok)

    pm = build_plugin_manager([plugin("appliances", register_actions=register_actions)], load_entry_points=False)
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        registry = ActionRegistry(pm, config)
    assert "appliances" not in registry.errors and registry.supports("appliances", "switch", "turn_on")
    assert [str(p) for p in registry.config_problems["appliances"]] == [
        f"{path}:3: devices[1].options.watts: device 'toaster': expected a number, got 'lots'",
        f"{path}: plugin 'appliances': the toaster has no topic",
    ]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        f"{path}:3: devices[1].options.watts: device 'toaster': expected a number, got 'lots' (plugin appliances)",
        f"{path}: plugin 'appliances': the toaster has no topic (plugin appliances)",
    ]
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        quiet = ActionRegistry(pm, config, log_problems=False)  # homeslm check-config prints them itself
    assert len(quiet.config_problems["appliances"]) == 2 and not caplog.records

    @hookimpl
    def register_badly(register: Callable[..., None], report_problem: Callable[[Any], None]) -> None:
        report_problem(42)

    bad = ActionRegistry(build_plugin_manager([plugin("sloppy", register_actions=register_badly)],
                                              load_entry_points=False), config)
    assert "report_problem: expected a ConfigError" in bad.errors["sloppy"] and not bad.config_problems


# --- dispatch -----------------------------------------------------------------------------------


def appliances(handler: Callable[..., Any], action: str = "turn_on") -> ModuleType:
    @hookimpl
    def register_actions(register: Callable[..., None]) -> None:
        register("switch", action, handler)
        register("sensor", "get_state", lambda device: ActionResult(ok=True, speech=f"{device.name} fine"))

    return plugin("appliances", register_actions=register_actions)


def test_unsupported_action_is_refused() -> None:
    registry = registry_of(appliances(_ok), devices=(KETTLE, SENSOR))
    result = do(registry, "turn_on", SENSOR)
    assert not result.ok and result.speech == "The hallway sensor can't be turned on."
    assert result.data["refusal"] == "unsupported"
    assert do(registry, "brew_tea", KETTLE).speech == "The kettle can't do brew tea."


def test_raising_handler_is_logged_and_others_still_work(mqtt_client: MqttClient, mqtt_recorder: Any,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    def explode(device: Device) -> ActionResult:
        raise RuntimeError(f"{device.name} melted")

    base = f"z2m_{uuid.uuid4().hex[:8]}"
    lamp = Device(name="lamp", type="light", plugin="zigbee2mqtt", topic="lamp")
    registry = registry_of(appliances(explode), "homeslm.default_plugins.zigbee2mqtt", devices=(KETTLE, lamp), mqtt=mqtt_client,
                           settings={"zigbee2mqtt": {"base_topic": base}})
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        result = do(registry, "turn_on", KETTLE)
    assert not result.ok and result.speech == "Sorry, something went wrong with the kettle."
    [record] = [r for r in caplog.records if r.exc_info]
    message = record.getMessage()
    assert "appliances" in message and "turn_on" in message and "kettle" in message
    assert "kettle melted" in str(record.exc_info[1])
    assert do(registry, "turn_on", lamp).ok
    assert mqtt_recorder.wait_for(f"{base}/lamp/set").json() == {"state": "ON"}
    assert do(registry, "get_state", SENSOR).speech == "hallway sensor fine"


def test_hanging_handler_hits_the_time_limit(caplog: pytest.LogCaptureFixture) -> None:
    release = threading.Event()
    entered = threading.Event()

    def hang() -> ActionResult:
        entered.set()
        release.wait(30)
        return ActionResult(ok=True)

    registry = registry_of(appliances(hang), devices=(KETTLE, SENSOR))
    try:
        with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
            result = do(registry, "turn_on", KETTLE, timeout_s=0.3)
        assert entered.is_set()
        assert not result.ok and result.speech == "The kettle did not answer."
        assert any("did not finish" in r.getMessage() and "appliances" in r.getMessage() for r in caplog.records)
        assert do(registry, "get_state", SENSOR).ok, "the registry still works"
    finally:
        release.set()


def test_timed_out_actions_do_not_leak_threads(caplog: pytest.LogCaptureFixture) -> None:
    release = threading.Event()

    def hang() -> ActionResult:
        release.wait(60)
        return ActionResult(ok=True)

    def action_threads() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith("homeslm-action-appliances-")]

    registry = registry_of(appliances(hang), devices=(KETTLE, SENSOR))
    before = threading.active_count()
    try:
        with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
            results = [do(registry, "turn_on", KETTLE, timeout_s=0.2) for _ in range(3 * MAX_ACTION_THREADS_PER_PLUGIN)]
        assert all(not r.ok and r.speech == "The kettle did not answer." for r in results)
        assert [r.data["error"] for r in results].count("timeout") == MAX_ACTION_THREADS_PER_PLUGIN
        assert len(action_threads()) == MAX_ACTION_THREADS_PER_PLUGIN == registry.running_threads("appliances")
        assert threading.active_count() - before <= MAX_ACTION_THREADS_PER_PLUGIN  # bounded, not one per timeout
        assert len([r for r in caplog.records if "further actions fail" in r.getMessage()]) == 1  # throttled
    finally:
        release.set()
    for thread in action_threads():  # the hung handlers return: their threads end
        thread.join(TIMEOUT_S)
    assert not action_threads() and registry.running_threads("appliances") == 0
    assert do(registry, "get_state", SENSOR).ok, "the plugin takes actions again once its handlers returned"


def test_a_plugin_runs_more_actions_at_once_than_it_may_have_overdue() -> None:
    """A sentence runs its devices side by side ("turn off all the lights": eight lights of one plugin at once):
    only handlers past their time limit count against the bound, so none of the eight is refused as busy."""
    n = 2 * MAX_ACTION_THREADS_PER_PLUGIN
    together = threading.Barrier(n)

    def all_at_once() -> ActionResult:
        together.wait(TIMEOUT_S)  # returns only once all n handlers run at the same time
        return ActionResult(ok=True)

    registry = registry_of(appliances(all_at_once), devices=(KETTLE,))
    results: list[ActionResult] = []
    callers = [threading.Thread(target=lambda: results.append(do(registry, "turn_on", KETTLE, timeout_s=TIMEOUT_S)))
               for _ in range(n)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(2 * TIMEOUT_S)
    assert len(results) == n and all(r.ok for r in results), [r.data for r in results]
    assert registry.running_threads("appliances") == 0


def test_actions_hanging_together_hold_at_most_the_running_bound(caplog: pytest.LogCaptureFixture) -> None:
    """Handlers started together are all within their time, so the overdue bound does not stop them: the bound
    on all running handlers of a plugin does (no more threads than MAX_RUNNING_PER_PLUGIN, however many hang)."""
    from homeslm.plugins.registry import MAX_RUNNING_PER_PLUGIN

    release = threading.Event()

    def hang() -> ActionResult:
        release.wait(60)
        return ActionResult(ok=True)

    registry = registry_of(appliances(hang), devices=(KETTLE,))
    n = MAX_RUNNING_PER_PLUGIN + 8
    results: list[ActionResult] = []
    callers = [threading.Thread(target=lambda: results.append(do(registry, "turn_on", KETTLE, timeout_s=2.0)))
               for _ in range(n)]
    try:
        with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
            for caller in callers:
                caller.start()
            for caller in callers:
                caller.join(TIMEOUT_S)
        assert len(results) == n
        assert registry.running_threads("appliances") <= MAX_RUNNING_PER_PLUGIN
        assert [r.data.get("error") for r in results].count("busy") >= n - MAX_RUNNING_PER_PLUGIN
        assert any("already runs" in r.getMessage() for r in caplog.records)
    finally:
        release.set()


def test_handler_returning_something_else_fails(caplog: pytest.LogCaptureFixture) -> None:
    registry = registry_of(appliances(lambda: True), devices=(KETTLE,))
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        result = do(registry, "turn_on", KETTLE)
    assert not result.ok and result.data["error"] == "invalid result"
    assert any("not an ActionResult" in r.getMessage() for r in caplog.records)


def test_handler_receives_what_it_asks_for(mqtt_client: MqttClient) -> None:
    got: dict[str, Any] = {}
    announced: list[str] = []

    def handler(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any], config: Config,
                announce: Callable[[str], None], state: StateCache) -> ActionResult:
        got.update(intent=intent, device=device, mqtt=mqtt, settings=settings, config=config, state=state)
        announce("Heads up.")
        return ActionResult(ok=True)

    def kwargs_handler(**everything: Any) -> ActionResult:
        got["kwargs"] = sorted(everything)
        return ActionResult(ok=True)

    @hookimpl
    def register_actions(register: Callable[..., None]) -> None:
        register("switch", "turn_on", handler)
        register("switch", "turn_off", kwargs_handler)
        register("switch", "toggle", lambda device, optional=None: ActionResult(ok=optional is None))

    registry = registry_of(plugin("appliances", register_actions=register_actions), devices=(KETTLE,), mqtt=mqtt_client,
                           settings={"appliances": {"volts": 230}}, announce=announced.append)
    intent = intent_for("turn_on", KETTLE)
    assert registry.execute(intent, KETTLE).ok
    assert got["intent"] is intent and got["device"] is KETTLE and got["mqtt"] is mqtt_client
    assert got["settings"] == {"volts": 230} and got["config"] is registry.config
    assert got["state"] is registry.state_for("appliances")
    assert announced == ["Heads up."]
    assert registry.execute(intent_for("turn_off", KETTLE), KETTLE).ok
    assert got["kwargs"] == ["announce", "area", "config", "device", "intent", "mqtt", "settings", "state"]
    assert registry.execute(intent_for("toggle", KETTLE), KETTLE).ok


def test_handler_needing_mqtt_without_a_broker_is_refused() -> None:
    registry = registry_of(appliances(lambda mqtt: ActionResult(ok=True)), devices=(KETTLE,))
    result = do(registry, "turn_on", KETTLE)
    assert not result.ok and result.speech == "I'm not connected to the MQTT broker, so I can't reach the kettle."


def test_device_of_a_missing_plugin_is_refused() -> None:
    ghost = Device(name="ghost light", type="light", plugin="hue")
    registry = registry_of("homeslm.default_plugins.timers", devices=(ghost,))
    result = do(registry, "turn_on", ghost)
    assert not result.ok and result.speech == "I can't reach the ghost light: its plugin hue is not loaded."
    assert registry.check_devices() == ["device 'ghost light': plugin 'hue' is not loaded (loaded: timers)"]


def test_device_less_intents() -> None:
    registry = registry_of("homeslm.default_plugins.timers")
    assert do(registry, "start_timer", domain="timer", value=60, unit="s").ok
    assert do(registry, "turn_on", domain="light").speech == "Which light do you mean?"
    assert do(registry, "dance", domain="party").speech == "I can't do that."
    assert registry.execute(Intent(action="cancel")).ok
    registry.daemon_stopping()


def test_check_devices_reports_undriven_types() -> None:
    lock = Device(name="front door", type="lock", plugin="tasmota", topic="door")
    registry = registry_of("homeslm.default_plugins.tasmota", devices=(lock, Device(name="plug", type="switch", plugin="tasmota", topic="p")))
    assert registry.check_devices() == ["device 'front door': plugin 'tasmota' does not drive devices of type 'lock'"]


def test_describe_lists_plugins_versions_hooks_actions_and_failures() -> None:
    @hookimpl
    def register_actions() -> None:
        raise ValueError("bad settings")

    pm = build_plugin_manager(["homeslm.default_plugins.timers", "plugins.missing", plugin("fragile", register_actions=register_actions)],
                              load_entry_points=False)
    rows = {row["name"]: row for row in ActionRegistry(pm, Config()).describe()}
    timers = rows["timers"]
    assert timers["version"] == homeslm.__version__ and timers["source"] == "builtin" and timers["error"] is None
    assert timers["hooks"] == ["daemon_started", "daemon_stopping", "register_actions"]
    assert "start_timer" in timers["actions"]["timer"]
    assert "ValueError" in rows["fragile"]["error"]
    assert "import failed" in rows["missing"]["error"]
    text = ActionRegistry(pm, Config()).describe_text()
    assert f"timers {homeslm.__version__} (builtin)" in text and "  FAILED: register_actions failed: ValueError" in text


def test_describe_lists_the_recognisers_and_wake_engines_each_plugin_provides() -> None:
    @hookimpl
    def register_wake_engines() -> None:
        raise ValueError("bad wake settings")

    pm = build_plugin_manager(["homeslm.default_plugins.pocketsphinx", "homeslm.default_plugins.vosk", plugin("deaf", register_wake_engines=register_wake_engines)],
                              load_entry_points=False)
    registry = ActionRegistry(pm, Config())
    rows = {row["name"]: row for row in registry.describe()}
    assert (rows["pocketsphinx"]["recognizers"], rows["pocketsphinx"]["wake_engines"]) == (["pocketsphinx"], ["pocketsphinx"])
    assert (rows["vosk"]["recognizers"], rows["vosk"]["wake_engines"]) == (["vosk"], [])
    assert "ValueError('bad wake settings')" in rows["deaf"]["error"]
    text = registry.describe_text()
    assert "  recognizers (voice.recognizer): pocketsphinx\n  wake engines (voice.wake_engine): pocketsphinx" in text
    assert "  recognizers (voice.recognizer): vosk" in text


def test_call_each_isolates_plugins(caplog: pytest.LogCaptureFixture) -> None:
    def speaker(name: str, fail: bool) -> ModuleType:
        @hookimpl
        def speak(text: str) -> bool:
            if fail:
                raise RuntimeError(name)
            return True

        return plugin(name, speak=speak)

    pm = build_plugin_manager([speaker("a", False), speaker("b", True), speaker("c", False)], load_entry_points=False)
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        assert call_each(pm, "speak", text="hi") == [("a", True), ("c", True)]
    with pytest.raises(PluginError, match="no hook named 'spek'"):
        call_each(pm, "spek", text="hi")


def test_state_cache_merges_waits_and_keeps_resources() -> None:
    cache = StateCache()
    assert cache.get("lamp") is None and cache.version("lamp") == 0
    assert cache.wait_for_update("lamp", 0, 0.05) is None
    cache.update("lamp", {"state": "ON", "brightness": 10})
    cache.update("lamp", {"brightness": 20})
    assert cache.get("lamp") == {"state": "ON", "brightness": 20} and cache.version("lamp") == 2
    cache.update("lamp", {"state": "OFF"}, replace=True)
    assert cache.get("lamp") == {"state": "OFF"}
    threading.Timer(0.05, cache.update, args=("lamp", {"state": "ON"})).start()
    assert cache.wait_for_update("lamp", 3, TIMEOUT_S) == {"state": "ON"}
    assert cache.resource("things", list) is cache.resource("things", list)


def test_state_cache_keeps_a_bounded_state_per_device_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    cache = StateCache("z")
    cache.update("lamp", {"state": "ON"})
    with caplog.at_level(logging.WARNING, logger="homeslm.plugins.context"):
        for start in range(0, 4 * MAX_STATE_KEYS, MAX_STATE_KEYS):
            cache.update("lamp", {f"k{i}": i for i in range(start, start + MAX_STATE_KEYS)})
        cache.update("lamp", {"state": "OFF", "blob": "x" * (MAX_STATE_VALUE_CHARS + 1), "k" * 500: 1})
        cache.update("lamp", {"nested": [{"a": "x" * 100}] * 100})
    state = cache.get("lamp")
    assert state is not None and len(state) == MAX_STATE_KEYS and state["state"] == "OFF"  # known keys still update
    assert "blob" not in state and "nested" not in state
    assert cache.dropped == 4 * MAX_STATE_KEYS - (MAX_STATE_KEYS - 1) + 3
    warnings = [r for r in caplog.records if "dropped" in r.getMessage()]
    assert len(warnings) == 1 and "plugin z" in warnings[0].getMessage()  # throttled: one line, not one per message
    cache.update("lamp", {"small": 1}, replace=True)
    assert cache.get("lamp") == {"small": 1}


def test_guide_shows_the_tested_example_plugin() -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in ("pyproject.toml", "homeslm_coffee.py"):
        source = (ROOT / "tests" / "example_plugin" / name).read_text(encoding="utf-8")
        assert source in guide, f"docs/plugins.md does not show tests/example_plugin/{name} as it is"
