"""homeslm.plugins.isolation: the one error boundary every registry calls plugins through; and the public
surface built-in plugins import (nothing else of homeslm, nothing heavy)."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from homeslm import ConfigError, PluginError, hookimpl
from homeslm.plugins import build_plugin_manager
from homeslm.plugins.isolation import call_isolated, hook_impls

ROOT = Path(__file__).resolve().parents[2]


def plugin(name: str, **hooks: Any) -> ModuleType:
    module = ModuleType(name)
    for attr, fn in hooks.items():
        setattr(module, attr, fn)
    return module


def speaking_plugins() -> list[Any]:
    @hookimpl
    def speak(text: str) -> bool:
        raise RuntimeError(f"no voice for {text}")

    @hookimpl
    def speak_too(text: str) -> bool:
        raise ConfigError("plugins.quiet.voice: expected a voice name")

    pm = build_plugin_manager([plugin("loud", speak=speak), plugin("quiet", speak=speak_too)], load_entry_points=False)
    return hook_impls(pm, "speak")


def test_a_raising_plugin_is_logged_recorded_by_name_and_the_next_one_is_called(caplog: pytest.LogCaptureFixture) -> None:
    failures: dict[str, str] = {}
    with caplog.at_level(logging.ERROR, logger="homeslm.plugins"):
        outcomes = [call_isolated(impl, {"text": "hi"}, hook="speak", failures=failures) for impl in speaking_plugins()]
    assert [(o.plugin, o.ok) for o in outcomes] == [("loud", False), ("quiet", False)]
    assert failures == {"loud": "speak failed: RuntimeError('no voice for hi')",
                        "quiet": "plugins.quiet.voice: expected a voice name"}
    assert [r.getMessage() for r in caplog.records if r.exc_info] == ["plugin loud failed in hook speak",
                                                                      "plugin quiet failed in hook speak"]


def test_a_second_failure_of_a_plugin_is_appended_to_its_reason() -> None:
    loud = speaking_plugins()[0]
    failures: dict[str, str] = {}
    for _ in range(2):
        call_isolated(loud, {"text": "hi"}, hook="speak", failures=failures)
    assert failures["loud"] == "speak failed: RuntimeError('no voice for hi'); speak failed: RuntimeError('no voice for hi')"


def test_strict_reraises_homeslm_errors_as_they_are_and_others_as_plugin_errors() -> None:
    loud, quiet = speaking_plugins()
    with pytest.raises(PluginError, match=r"plugin 'loud': speak failed: RuntimeError"):
        call_isolated(loud, {"text": "hi"}, hook="speak", strict=True)
    with pytest.raises(ConfigError, match="expected a voice name"):
        call_isolated(quiet, {"text": "hi"}, hook="speak", strict=True)


def test_an_implementation_gets_only_the_arguments_it_asks_for() -> None:
    @hookimpl
    def register_actions(register: Any) -> None:
        register("done")

    [impl] = hook_impls(build_plugin_manager([plugin("lean", register_actions=register_actions)], load_entry_points=False),
                        "register_actions")
    seen: list[str] = []
    outcome = call_isolated(impl, {"register": seen.append, "config": None, "settings": {}, "report_problem": None},
                            hook="register_actions")
    assert outcome.ok and seen == ["done"]


@pytest.mark.parametrize("path", sorted([*(ROOT / "homeslm" / "default_plugins").glob("*.py"),
                                         *(ROOT / "tests" / "example_plugin").glob("*.py"),
                                         *(ROOT / "tests" / "data").glob("*plugin*/*.py")]), ids=lambda p: p.name)
def test_plugins_import_only_the_public_surface(path: Path) -> None:
    allowed = {"homeslm", "homeslm.default_plugins.common", "homeslm.default_plugins.timer_file"}  # helpers, not plugins
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for name in names:
            if name == "homeslm" or name.startswith("homeslm."):
                assert name in allowed, f"{path.name}:{getattr(node, 'lineno', '?')}: imports {name}; import it from homeslm"


def test_importing_homeslm_and_the_built_in_plugins_loads_no_model_or_recogniser() -> None:
    code = ("import sys, homeslm\nassert 'numpy' not in sys.modules\n"
            "from homeslm.default_plugins import BUILTINS\nimport importlib\n"
            "for name in BUILTINS: importlib.import_module(name)\n"  # espeak needs numpy: not checked past here
            "print(sorted(m for m in ('ctranslate2', 'pocketsphinx', 'vosk', 'torch', 'homeslm.voice', "
            "'homeslm.training') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
