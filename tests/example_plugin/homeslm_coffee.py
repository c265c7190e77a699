"""homeslm-coffee: a complete example homeslm plugin (see docs/plugins.md).

It drives coffee machines that speak a small MQTT protocol, configured as ``switch`` devices::

    devices:
      - name: coffee machine
        area: kitchen
        type: switch
        plugin: coffee
        topic: kitchen/coffee
    plugins:
      coffee: {strength: strong}        # optional: mild | normal | strong (default normal)

The machine listens on ``<topic>/power`` (``ON`` / ``OFF``) and ``<topic>/brew``
(``{"cups": 2, "strength": "strong"}``) and publishes its state as JSON on ``<topic>/state``
(``{"power": "ON", "status": "brewing"}``).

Besides ``turn_on``, ``turn_off`` and ``get_state`` it adds a new action, ``brew_coffee``, with
example sentences so that ``homeslm train`` teaches the intent model to understand it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from homeslm import ActionResult, Intent, PluginContext, StateCache, hookimpl
from homeslm.config import Config, Device

__version__ = "1.0.0"

logger = logging.getLogger(__name__)

STRENGTHS = ("mild", "normal", "strong")
MAX_CUPS = 6


@hookimpl
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    """Declare what coffee machines can do (and check this plugin's settings)."""
    for key in settings:
        if key != "strength":
            raise config.error(f"plugins.coffee.{key}", "unknown setting of plugin 'coffee'; known: strength")
    strength = settings.get("strength", "normal")
    if strength not in STRENGTHS:
        raise config.error("plugins.coffee.strength", f"expected one of {', '.join(STRENGTHS)}, got {strength!r}")
    register("switch", "turn_on", power)
    register("switch", "turn_off", power)
    register("switch", "get_state", get_state)
    register(
        "switch",
        "brew_coffee",
        brew,
        examples=[
            "brew a coffee on the {device}",
            "make me a coffee with the {device}",
            "can the {device} make a coffee please",
            ("brew {value} cups of coffee on the {device}", {"value": [1, 2, 3, 4]}),
            ("make {value} coffees with the {device}", {"value": [2, 3]}),
        ],
    )


@hookimpl
def daemon_started(context: PluginContext) -> None:
    """Follow the state of every configured coffee machine."""
    if context.mqtt is None:
        return
    for device in context.config.devices:
        if device.plugin == context.plugin and device.topic:
            context.mqtt.subscribe(f"{device.topic}/state", _state_listener(device.name, context.state))


def _state_listener(name: str, state: StateCache) -> Callable[[str, bytes], None]:
    def on_state(topic: str, payload: bytes) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            logger.warning("coffee machine %s: state on %s is not JSON: %r", name, topic, payload[:100])
            return
        if isinstance(data, dict):
            state.update(name, data)

    return on_state


def power(intent: Intent, device: Device, mqtt: Any) -> ActionResult:
    """``turn_on`` / ``turn_off``: ``ON`` or ``OFF`` on ``<topic>/power``."""
    if not device.topic:
        return ActionResult(ok=False, speech=f"The {device.name} has no topic configured.")
    payload = "ON" if intent.action == "turn_on" else "OFF"
    mqtt.publish(f"{device.topic}/power", payload, qos=1, retain=False)
    return ActionResult(ok=True, data={"topic": f"{device.topic}/power", "payload": payload})


def brew(intent: Intent, device: Device, mqtt: Any, settings: dict[str, Any]) -> ActionResult:
    """``brew_coffee``: ``{"cups": n, "strength": ...}`` on ``<topic>/brew``."""
    if not device.topic:
        return ActionResult(ok=False, speech=f"The {device.name} has no topic configured.")
    cups = 1 if intent.value is None else intent.value
    if not isinstance(cups, (int, float)) or isinstance(cups, bool) or not 1 <= cups <= MAX_CUPS or cups != int(cups):
        return ActionResult(ok=False, speech=f"The {device.name} can brew 1 to {MAX_CUPS} cups at a time.")
    payload = {"cups": int(cups), "strength": settings.get("strength", "normal")}
    mqtt.publish(f"{device.topic}/brew", payload, qos=1, retain=False)
    what = "a coffee" if cups == 1 else f"{int(cups)} coffees"
    return ActionResult(ok=True, speech=f"Brewing {what}.", data={"topic": f"{device.topic}/brew", "payload": payload})


def get_state(device: Device, state: StateCache) -> ActionResult:
    """``get_state``: from the last state the machine published."""
    current = state.get(device.name)
    if current is None:
        return ActionResult(ok=False, speech=f"I don't know the state of the {device.name} yet.")
    if current.get("power") == "OFF":
        return ActionResult(ok=True, speech=f"The {device.name} is off.", state=current)
    status = current.get("status", "on")
    return ActionResult(ok=True, speech=f"The {device.name} is {status}.", state=current)
