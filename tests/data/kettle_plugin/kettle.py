"""A kettle whose plugin heats water to a temperature: ``set_temperature`` on a ``switch`` (a device type the
built-in table does not give that action), so the plugin, not homeslm's thermostat range, decides which
temperatures make sense. Also a new action, ``boil_water``, with no answer of its own."""

from __future__ import annotations

from typing import Any

from homeslm import ActionResult, Device, Intent, hookimpl

LOWEST_C, HIGHEST_C = 40, 100


def heat(intent: Intent, device: Device, mqtt: Any) -> ActionResult:
    """``set_temperature``: ``{"temperature": n}`` on ``<topic>/set``; no answer of its own."""
    value = intent.value
    if not isinstance(value, (int, float)) or not LOWEST_C <= value <= HIGHEST_C:
        return ActionResult(ok=False, speech=f"The {device.name} heats water to {LOWEST_C} to {HIGHEST_C} degrees.")
    mqtt.publish(f"{device.topic}/set", {"temperature": value}, qos=1)
    return ActionResult(ok=True, data={"temperature": value})


def boil(device: Device, mqtt: Any) -> ActionResult:
    """``boil_water``: ``{"temperature": 100}`` on ``<topic>/set``; no answer of its own."""
    mqtt.publish(f"{device.topic}/set", {"temperature": 100}, qos=1)
    return ActionResult(ok=True)


@hookimpl
def register_actions(register: Any) -> None:
    register("switch", "turn_on", boil)
    register("switch", "set_temperature", heat,
             examples=[("heat the {device} to {value} degrees", {"value": [60, 80, 90]})])
    register("switch", "boil_water", boil, examples=["boil water in the {device}", "boil some water with the {device}"])
