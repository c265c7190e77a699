"""Whether the intent model fits the home: the plugin actions it cannot produce, and whether it was trained
on other devices than the configured ones.

A model records what it was trained with in its ``homeslm.json``: ``extra_actions`` (the plugin actions it
learned) and, for a per-home model (``homeslm train --config ...``), ``home``: the :func:`home_record` of the
config it was trained for. :func:`assess_model` compares that with the home as configured now; ``homeslm
check``, ``homeslm plugins`` and the daemon (its start-up log, ``homeslm/<site>/model`` and, with
``model: {retrain: auto}``, the background retrain of :mod:`homeslm.daemon.retrain`) all say what it finds.

Reads only the metadata file: no CTranslate2, no torch.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeslm.config.model import Config
from homeslm.schema import DEVICE_TYPES

if TYPE_CHECKING:
    from homeslm.plugins import ActionRegistry

logger = logging.getLogger(__name__)

META_FILE = "homeslm.json"
#: Where ``homeslm check`` suggests writing a model retrained by hand.
SUGGESTED_MODEL_DIR = "~/.local/share/homeslm/model"
#: The Python packages a retrain needs (the ``train`` extra).
TRAINING_PACKAGES = ("torch", "transformers")


@dataclass(frozen=True)
class PluginAction:
    """An action a plugin adds, usable in this home."""

    action: str
    plugin: str
    domain: str
    """The device type (``switch``) or device-less domain (``timer``) it applies to."""
    device_key: str | None = None
    """Config key of the first device that can do it (``devices[3]``), for messages at its line;
    ``None`` for a device-less domain."""


@dataclass(frozen=True)
class ModelFit:
    """How the loaded model fits the home (see :func:`assess_model`)."""

    model_dir: Path
    unknown_actions: tuple[PluginAction, ...]
    """Plugin actions this home can use that the model never learned: it cannot produce them."""
    trained_for_home: bool
    """The model records the home it was trained for (a per-home model, not the generic default)."""
    changes: tuple[str, ...]
    """What differs between the home the model was trained for and the configured one (empty for a
    generic model, whose training saw no particular home)."""

    @property
    def needs_retrain(self) -> bool:
        """A per-home retrain would teach the model something it lacks: the home changed since its
        per-home training, or (a generic model) plugin actions it does not know. A per-home model trained
        for exactly this home is not retrained again, even if an action could not be taught (a plugin
        whose examples training cannot use): retraining would give the same model."""
        if self.trained_for_home:
            return bool(self.changes)
        return bool(self.unknown_actions)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why :attr:`needs_retrain`, in words (for the log and ``homeslm/<site>/model``)."""
        if not self.needs_retrain:
            return ()
        if self.trained_for_home:
            return self.changes
        return (f"plugin actions the model does not know: {', '.join(describe_actions(self.unknown_actions))}",)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``homeslm/<site>/model`` (without the retrain's progress)."""
        return {
            "path": str(self.model_dir),
            "unknown_actions": [{"action": a.action, "plugin": a.plugin} for a in self.unknown_actions],
            "trained_for_home": self.trained_for_home,
            "needs_retrain": self.needs_retrain,
            "reasons": list(self.reasons),
        }


def describe_actions(actions: tuple[PluginAction, ...] | list[PluginAction]) -> list[str]:
    """``["brew_coffee (plugin coffee)", ...]``."""
    return [f"{a.action} (plugin {a.plugin})" for a in actions]


def read_metadata(model_dir: Path) -> dict[str, Any]:
    """The model's ``homeslm.json`` (empty when it has none, or it cannot be read: logged)."""
    path = model_dir / META_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("%s: unreadable (%s); treating the model as trained for no plugin actions", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def home_actions(config: Config, registry: ActionRegistry) -> list[PluginAction]:
    """The plugin-added actions this home can use: declared for a device type by the plugin that drives
    one of the configured devices of that type, or for a device-less domain. Sorted by action."""
    out: list[PluginAction] = []
    seen: set[tuple[str, str]] = set()
    for extra in registry.extra_actions():
        if (extra.action, extra.plugin) in seen:
            continue
        if extra.domain in DEVICE_TYPES:
            index = next((i for i, d in enumerate(config.devices)
                          if d.plugin == extra.plugin and d.type == extra.domain), None)
            if index is None:
                continue
            out.append(PluginAction(extra.action, extra.plugin, extra.domain, f"devices[{index}]"))
        else:
            out.append(PluginAction(extra.action, extra.plugin, extra.domain))
        seen.add((extra.action, extra.plugin))
    return sorted(out, key=lambda a: (a.action, a.plugin))


def home_record(config: Config, actions: list[PluginAction]) -> dict[str, Any]:
    """What a per-home model is trained on, as plain JSON data (written to ``homeslm.json`` as ``home``):
    the spoken side of the devices (names, aliases, types, classes, areas), the areas and floors, and the
    plugin actions the home can use. Topics, plugins and options are left out: changing them teaches the
    model nothing."""
    devices = sorted([d.name, d.area or "", d.type, d.device_class or "", sorted(d.aliases)] for d in config.devices)
    return {
        "devices": devices,
        "areas": sorted(config.areas),
        "floors": sorted([f.name, sorted(f.areas)] for f in config.floors),
        "actions": sorted({a.action for a in actions}),
    }


def assess_model(model_dir: Path, metadata: dict[str, Any], config: Config, actions: list[PluginAction]) -> ModelFit:
    """Compare the model (its directory and ``homeslm.json``) with the configured home and the plugin
    actions it can use (:func:`home_actions`)."""
    learned = metadata.get("extra_actions", [])
    known = set(learned) if isinstance(learned, list) else set()
    unknown = tuple(a for a in actions if a.action not in known)
    trained = metadata.get("home")
    if not isinstance(trained, dict):
        return ModelFit(model_dir, unknown, False, ())
    return ModelFit(model_dir, unknown, True, tuple(_changes(trained, home_record(config, actions))))


def _changes(trained: dict[str, Any], now: dict[str, Any]) -> list[str]:
    out: list[str] = []
    was = {_device_label(d): d for d in trained.get("devices", []) if isinstance(d, list) and len(d) >= 2}
    is_ = {_device_label(d): d for d in now["devices"]}
    added = sorted(set(is_) - set(was))
    removed = sorted(set(was) - set(is_))
    changed = sorted(n for n in set(is_) & set(was) if was[n] != is_[n])
    for label, names in (("devices added", added), ("devices removed", removed), ("devices changed", changed)):
        if names:
            out.append(f"{label}: {', '.join(names)}")
    if not out and trained.get("devices") != now["devices"]:
        out.append("devices changed")  # devices of one name in one area, told apart by type
    if trained.get("areas") != now["areas"] or trained.get("floors") != now["floors"]:
        out.append("areas or floors changed")
    new_actions = sorted(set(now["actions"]) - set(trained.get("actions", [])))
    gone_actions = sorted(set(trained.get("actions", [])) - set(now["actions"]))
    if new_actions:
        out.append(f"plugin actions added: {', '.join(new_actions)}")
    if gone_actions:
        out.append(f"plugin actions removed: {', '.join(gone_actions)}")
    return out


def _device_label(record: list[Any]) -> str:
    """``"ceiling light (kitchen)"``: names may repeat in other areas."""
    return f"{record[0]} ({record[1]})" if record[1] else str(record[0])


def missing_training_packages() -> list[str]:
    """The packages of the ``train`` extra this Python lacks (a retrain needs them); empty when it can train.
    Finds them without importing them (torch takes seconds and hundreds of MB)."""
    missing = []
    for name in TRAINING_PACKAGES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # ValueError: a module set to None in sys.modules (import blocked)
            found = False
        if not found:
            missing.append(name)
    return missing


def configured_model_dir(config: Config) -> Path:
    """The model the config names (``model.path``, else the shipped default)."""
    from homeslm.understanding.model import default_model_dir

    return Path(config.model.path) if config.model.path else default_model_dir()


def retrain_command(config: Config) -> str:
    """The command that retrains the model for this home by hand."""
    source = f" --config {config.source}" if config.source else ""
    return f"homeslm train{source} --out {SUGGESTED_MODEL_DIR}"


def model_warnings(config: Config, registry: ActionRegistry) -> list[str]:
    """What ``homeslm check`` says about the configured model against the home, one line each at the config's
    lines: plugin actions it cannot produce (naming the plugin, and how to retrain), and a ``model.retrain:
    auto`` that cannot work here (no training packages)."""
    from homeslm.config.model import Retrain

    model_dir = configured_model_dir(config)
    if not model_dir.is_dir():
        return []  # the summary already says the model is missing
    auto = config.model.retrain is Retrain.AUTO
    missing = missing_training_packages()
    out: list[str] = []
    fit = assess_model(model_dir, read_metadata(model_dir), config, home_actions(config, registry))
    if auto and not missing:
        fix = ("with model: {retrain: auto} the daemon retrains it for this home in the background and then serves "
               "the new model (homeslm/<site>/model shows the progress)")
    else:
        fix = (f"retrain it for this home: {retrain_command(config)}, then set model: {{path: {SUGGESTED_MODEL_DIR}}}"
               + ("" if auto else " (or set model: {retrain: auto} and the daemon does it in the background)"))
    for action in fit.unknown_actions:
        key = f"{action.device_key}.plugin" if action.device_key else "model"
        out.append(str(config.error(key, f"warning: the intent model ({model_dir}) cannot produce action "
                                         f"{action.action!r} of plugin {action.plugin!r} (it was trained without it), "
                                         f"so its commands are refused or misread; {fix}")))
    if auto and missing:
        out.append(str(config.error("model.retrain", f"warning: auto needs the train extra ({', '.join(missing)} not "
                                                     "installed), so the daemon cannot retrain: pip install "
                                                     "'homeslm[train]', or set model: {retrain: off}")))
    return out
