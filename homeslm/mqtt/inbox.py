"""Text commands arriving on ``homeslm/<site>/command``: payload checks and the rate limit.

A payload is plain UTF-8 text or ``{"text": ..., "area": ..., "id": ...}``; anything else (binary data,
more than :data:`MAX_COMMAND_BYTES`, bad JSON, wrong types, empty text) is a
:class:`CommandPayloadError` saying why, which the daemon logs before dropping the message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

#: Largest accepted ``command`` payload, in bytes.
MAX_COMMAND_BYTES = 4096

class CommandPayloadError(ValueError):
    """A ``command`` payload that is dropped; the message says why."""


@dataclass(frozen=True)
class Command:
    """One piece of text for the worker."""

    text: str
    source: str = "mqtt"
    """``mqtt`` or ``voice``."""
    area: str | None = None
    """The room it counts as spoken in (``{"area": ...}``); ``None``: the config's area."""
    request_id: str | int | None = None
    """``{"id": ...}`` of the request, echoed on the ``intent`` and ``response`` topics."""
    site: str | None = None
    """The site it belongs to (its follow-ups, confirmations and answer topics); ``None``: the daemon's own.
    A Hermes satellite's commands carry its site id (:mod:`homeslm.hermes.bridge`)."""
    ack: Callable[[], None] | None = field(default=None, compare=False, repr=False)
    """Acknowledges the MQTT message it came in (:class:`homeslm.mqtt.durable.Delivery`): called once it was
    executed or refused for good; ``None`` for voice commands."""
    received_s: float | None = field(default=None, compare=False)
    """When the daemon received it (its monotonic clock): its age counts from then (``commands.max_age_s``)."""
    redelivered: bool = field(default=False, compare=False)
    """The broker delivered it before without an acknowledgement (MQTT's DUP flag): it may have run already."""


_JSON_KEYS = ("text", "area", "id")


def parse_command_payload(payload: bytes) -> Command:
    """A ``homeslm/<site>/command`` payload: plain UTF-8 text, or ``{"text": ..., "area": ..., "id": ...}``.

    Raises :class:`CommandPayloadError` for payloads over :data:`MAX_COMMAND_BYTES`, binary data
    (not UTF-8, or control characters), malformed JSON, JSON that is not such an object, fields of the
    wrong type, and empty text.
    """
    if not isinstance(payload, (bytes, bytearray)):
        raise CommandPayloadError(f"expected bytes, got {type(payload).__name__}")
    if len(payload) > MAX_COMMAND_BYTES:
        raise CommandPayloadError(f"payload of {len(payload)} bytes is over the limit of {MAX_COMMAND_BYTES}")
    try:
        raw = bytes(payload).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandPayloadError(f"not UTF-8 text (byte {exc.start})") from None
    stripped = raw.strip()
    if stripped.startswith(("{", "[", '"')):
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise CommandPayloadError(f"bad JSON: {exc}") from None
        except RecursionError:
            raise CommandPayloadError("bad JSON: nested too deeply") from None
        if isinstance(data, str):
            data = {"text": data}
        if not isinstance(data, dict):
            raise CommandPayloadError(f"expected a JSON object like {{\"text\": \"...\"}}, got a JSON {type(data).__name__}")
        text = data.get("text")
        if not isinstance(text, str):
            raise CommandPayloadError(f"\"text\" must be a string, got {_kind(text)}")
        area = data.get("area")
        if area is not None and not isinstance(area, str):
            raise CommandPayloadError(f"\"area\" must be a string, got {_kind(area)}")
        request_id = data.get("id")
        if request_id is not None and (isinstance(request_id, bool) or not isinstance(request_id, (str, int))):
            raise CommandPayloadError(f"\"id\" must be a string or an integer, got {_kind(request_id)}")
        unknown = sorted(str(k) for k in data if k not in _JSON_KEYS)
        if unknown:
            logger.debug("command: ignoring unknown keys %s", unknown)
    else:
        text, area, request_id = raw, None, None
    text = _check_text(text, "text")
    if area is not None:
        area = _check_text(area, "area")
    return Command(text=text, source="mqtt", area=area, request_id=request_id)


def _check_text(value: str, what: str) -> str:
    if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in value):
        raise CommandPayloadError(f"{what} holds control characters (binary data?)")
    value = " ".join(value.split())
    if not value:
        raise CommandPayloadError(f"{what} is empty")
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


class RateLimiter:
    """A token bucket: ``rate_per_s`` on average, bursts up to ``burst``. Thread-safe."""

    def __init__(self, rate_per_s: float, burst: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError(f"rate limit: expected a positive rate and a burst of at least 1, got {rate_per_s}/s, {burst}")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one token even when there is none yet: the seconds to wait until it is due (``0.0``: at once).

        A backlog drains at the limit this way instead of being refused: whoever reserves waits the time
        returned before going on (the worker, for the next MQTT command). One waiter at a time keeps the
        debt at most one token, so the wait is at most ``1 / rate_per_s``."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate_per_s)
            self._last = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0.0 else -self._tokens / self.rate_per_s

    def allow(self) -> bool:
        """Take one token; ``False`` when there is none (the command is over the limit)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate_per_s)
            self._last = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False
