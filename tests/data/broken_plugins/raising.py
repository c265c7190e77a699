"""A plugin whose ``register_actions`` raises (a setting it expects is missing)."""

from typing import Any

from homeslm import hookimpl


@hookimpl
def register_actions(settings: dict[str, Any]) -> None:
    settings["volume"]  # KeyError: the config gives no plugins.raising.volume
