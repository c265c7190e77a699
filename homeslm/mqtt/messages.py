"""Outgoing messages and what became of them: the payload encoding, :class:`OutgoingMessage`,
:class:`PublishTicket` and the reasons a message is reported through ``on_failed``."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Payload = str | bytes | bytearray | dict[str, Any] | list[Any]
MessageCallback = Callable[[str, bytes], None]
FailureCallback = Callable[["OutgoingMessage", str], None]

# Reasons passed to ``on_failed`` start with one of these words.
FAIL_EXPIRED = "expired"
FAIL_OVERFLOW = "overflow"
FAIL_STOPPED = "stopped"
FAIL_REJECTED = "rejected"
FAIL_CONNECTION_LOST = "connection lost"


def encode_payload(payload: Payload) -> bytes:
    """``str`` as UTF-8, bytes as they are, ``dict``/``list`` as JSON."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, bytearray):
        return bytes(payload)
    if isinstance(payload, str):
        return payload.encode("utf-8")
    if isinstance(payload, (dict, list)):
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    raise TypeError(f"MQTT payload: expected str, bytes, dict or list, got {type(payload).__name__}")


@dataclass(frozen=True)
class OutgoingMessage:
    """One message given to :meth:`MqttClient.publish`."""

    topic: str
    payload: bytes
    qos: int
    retain: bool
    created_s: float
    """Clock reading (``time.monotonic()`` unless a clock was passed) when it was published."""
    seq: int
    """Order of publication within its client."""

    @property
    def text(self) -> str:
        return self.payload.decode("utf-8", errors="replace")


class PublishTicket:
    """What became of one published message."""

    def __init__(self, message: OutgoingMessage) -> None:
        self.message = message
        self._done = threading.Event()
        self._failure: str | None = None

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait up to ``timeout_s`` for the outcome; ``True`` when the broker acknowledged it
        (PUBACK for QoS 1, PUBCOMP for QoS 2, written to the socket for QoS 0)."""
        self._done.wait(timeout_s)
        return self._done.is_set() and self._failure is None

    @property
    def done(self) -> bool:
        """Acknowledged or failed."""
        return self._done.is_set()

    @property
    def acknowledged(self) -> bool:
        return self._done.is_set() and self._failure is None

    @property
    def failure(self) -> str | None:
        """Why it was not delivered (starts with ``expired``, ``overflow``, ``stopped``, ...), else ``None``."""
        return self._failure

    def _complete(self, failure: str | None) -> None:
        if self._done.is_set():
            return
        self._failure = failure
        self._done.set()

    def __repr__(self) -> str:
        state = "pending" if not self.done else ("acknowledged" if self._failure is None else f"failed: {self._failure}")
        return f"<PublishTicket #{self.message.seq} {self.message.topic} {state}>"
