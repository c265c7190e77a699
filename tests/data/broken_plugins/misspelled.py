"""A plugin whose hook name has a typo: ``register_action`` for ``register_actions``."""

from typing import Any

from homeslm import ActionResult, hookimpl


def ring() -> ActionResult:
    return ActionResult(ok=True, speech="Ding dong.")


@hookimpl
def register_action(register: Any) -> None:
    register("switch", "turn_on", ring)
