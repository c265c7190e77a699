"""Hermes topics and payloads as Rhasspy 2.5 writes them (rhasspy-hermes' ``nlu``, ``intent``, ``wake``,
``asr``, ``dialogue`` and ``tts`` messages; keys in camelCase), and homeslm's actions as Hermes intent names.

Every builder returns a plain dict (JSON-ready). :data:`INTENT_NAMES` is the documented table
(docs/hermes.md); a plugin's own action ``brew_coffee`` is ``BrewCoffee``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeslm.actions import BUILTIN_ACTIONS, camel_case
from homeslm.schema import Intent

NLU_QUERY = "hermes/nlu/query"
NLU_INTENT_PARSED = "hermes/nlu/intentParsed"
NLU_INTENT_NOT_RECOGNIZED = "hermes/nlu/intentNotRecognized"
ASR_TEXT_CAPTURED = "hermes/asr/textCaptured"
SESSION_STARTED = "hermes/dialogueManager/sessionStarted"
SESSION_ENDED = "hermes/dialogueManager/sessionEnded"
TTS_SAY = "hermes/tts/say"
HOTWORD_DETECTED_ANY = "hermes/hotword/+/detected"
#: The wake word id homeslm's own detections are published under (``hermes/hotword/homeslm/detected``).
WAKEWORD_ID = "homeslm"

#: homeslm's built-in actions (docs/DESIGN.md section 3) as Hermes intent names, from
#: :data:`homeslm.actions.BUILTIN_ACTIONS` (the name in CamelCase unless its row says otherwise).
INTENT_NAMES: dict[str, str] = {a.name: a.hermes_name for a in BUILTIN_ACTIONS}
#: The intent's fields published as slots, in this order (``value`` and ``unit`` only when set).
SLOT_FIELDS = ("device", "area", "floor", "domain", "value", "unit")


def intent_topic(intent_name: str) -> str:
    """``hermes/intent/<intentName>``."""
    return f"hermes/intent/{intent_name}"


def hotword_topic(wakeword_id: str = WAKEWORD_ID) -> str:
    return f"hermes/hotword/{wakeword_id}/detected"


def intent_name(action: str) -> str:
    """The Hermes intent name of an action: :data:`INTENT_NAMES`, else the action in CamelCase."""
    return INTENT_NAMES.get(action) or camel_case(action)


def _raw_span(text: str, candidates: list[str]) -> tuple[str, int, int] | None:
    """The first of ``candidates`` said in ``text`` (whole words, any case): (as written, start, end)."""
    for candidate in sorted({c for c in candidates if c}, key=len, reverse=True):
        match = re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", text, flags=re.IGNORECASE)
        if match:
            return match.group(0), match.start(), match.end()
    return None


def slots(intent: Intent, text: str, aliases: Mapping[str, tuple[str, ...]] | None = None) -> list[dict[str, Any]]:
    """The intent's fields as Rhasspy slots: ``{"entity", "slotName", "value": {"kind", "value"}, "rawValue",
    "confidence", "range"}``. ``value`` is resolved (the configured device's canonical name, a number);
    ``rawValue`` is the words of ``text`` that named it when found there (a device by its name or one of its
    ``aliases``, an area by its name), with ``range`` their position; otherwise the resolved value as text
    and no ``range``."""
    out: list[dict[str, Any]] = []
    for name in SLOT_FIELDS:
        value = getattr(intent, name)
        if value is None:
            continue
        candidates = [str(value)] + list((aliases or {}).get(str(value), ())) if name in ("device", "area", "floor") else [str(value)]
        span = _raw_span(text, candidates)
        kind = "Number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "Unknown"
        slot: dict[str, Any] = {"entity": name, "slotName": name, "value": {"kind": kind, "value": value},
                                "rawValue": span[0] if span else str(value), "confidence": 1.0, "range": None}
        if span:
            slot["range"] = {"start": span[1], "end": span[2], "rawStart": span[1], "rawEnd": span[2]}
        out.append(slot)
    return out


def nlu_intent(text: str, intent: Intent, confidence: float, *, site_id: str, session_id: str | None,
               request_id: str | None, aliases: Mapping[str, tuple[str, ...]] | None = None,
               asr_confidence: float | None = None, wakeword_id: str | None = None) -> dict[str, Any]:
    """``hermes/intent/<intentName>`` (rhasspy-hermes ``NluIntent``)."""
    return {"input": text, "intent": {"intentName": intent_name(intent.action), "confidenceScore": confidence},
            "siteId": site_id, "id": request_id, "slots": slots(intent, text, aliases), "sessionId": session_id,
            "customData": None, "asrTokens": [[{"value": w, "confidence": 1.0, "rangeStart": s, "rangeEnd": s + len(w)}
                                               for w, s in _words(text)]],
            "asrConfidence": asr_confidence, "rawInput": text, "wakewordId": wakeword_id, "lang": None}


def _words(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in re.finditer(r"\S+", text)]


def intent_parsed(text: str, intent: Intent, confidence: float, *, site_id: str, session_id: str | None,
                  request_id: str | None, aliases: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """``hermes/nlu/intentParsed`` (rhasspy-hermes ``NluIntentParsed``)."""
    return {"input": text, "intent": {"intentName": intent_name(intent.action), "confidenceScore": confidence},
            "siteId": site_id, "id": request_id, "slots": slots(intent, text, aliases), "sessionId": session_id}


def intent_not_recognized(text: str, *, site_id: str, session_id: str | None, request_id: str | None) -> dict[str, Any]:
    """``hermes/nlu/intentNotRecognized`` (rhasspy-hermes ``NluIntentNotRecognized``)."""
    return {"input": text, "siteId": site_id, "id": request_id, "customData": None, "sessionId": session_id}


def hotword_detected(site_id: str, session_id: str) -> dict[str, Any]:
    """``hermes/hotword/<wakewordId>/detected`` (rhasspy-hermes ``HotwordDetected``)."""
    return {"modelId": WAKEWORD_ID, "modelVersion": "", "modelType": "personal", "currentSensitivity": 1.0,
            "siteId": site_id, "sessionId": session_id, "sendAudioCaptured": None, "lang": None}


def text_captured(text: str, likelihood: float, seconds: float, *, site_id: str, session_id: str | None) -> dict[str, Any]:
    """``hermes/asr/textCaptured`` (rhasspy-hermes ``AsrTextCaptured``)."""
    return {"text": text, "likelihood": likelihood, "seconds": seconds, "siteId": site_id, "sessionId": session_id,
            "wakewordId": WAKEWORD_ID, "asrTokens": None, "lang": None}


def session_started(site_id: str, session_id: str) -> dict[str, Any]:
    """``hermes/dialogueManager/sessionStarted`` (rhasspy-hermes ``DialogueSessionStarted``)."""
    return {"sessionId": session_id, "siteId": site_id, "customData": None, "lang": None}


def session_ended(site_id: str, session_id: str, reason: str) -> dict[str, Any]:
    """``hermes/dialogueManager/sessionEnded``; ``reason``: ``nominal``, ``intentNotRecognized``, ``timeout``,
    ``error`` or ``abortedByUser`` (rhasspy-hermes ``DialogueSessionTerminationReason``)."""
    return {"termination": {"reason": reason}, "sessionId": session_id, "siteId": site_id, "customData": None}


def tts_say(text: str, *, site_id: str, session_id: str | None, request_id: str) -> dict[str, Any]:
    """``hermes/tts/say`` (rhasspy-hermes ``TtsSay``): what homeslm answered, for a satellite's own TTS."""
    return {"text": text, "lang": None, "id": request_id, "siteId": site_id, "sessionId": session_id, "volume": None}


class HermesPayloadError(ValueError):
    """A Hermes message that is dropped; the message says why."""


@dataclass(frozen=True)
class NluQuery:
    """``hermes/nlu/query`` as received."""

    input: str
    site_id: str
    request_id: str | None
    session_id: str | None


def parse_nlu_query(payload: bytes, max_bytes: int = 4096) -> NluQuery:
    """``{"input": ..., "siteId": ..., "id": ..., "sessionId": ...}``; :class:`HermesPayloadError` when malformed."""
    if len(payload) > max_bytes:
        raise HermesPayloadError(f"payload of {len(payload)} bytes is over the limit of {max_bytes}")
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HermesPayloadError(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("input"), str) or not data["input"].strip():
        raise HermesPayloadError('expected a JSON object with a non-empty "input" string')
    site_id = data.get("siteId", "default")
    if not isinstance(site_id, str) or not site_id:
        raise HermesPayloadError('"siteId" must be a non-empty string')
    request_id, session_id = data.get("id"), data.get("sessionId")
    for key, value in (("id", request_id), ("sessionId", session_id)):
        if value is not None and not isinstance(value, str):
            raise HermesPayloadError(f'"{key}" must be a string')
    return NluQuery(data["input"].strip(), site_id, request_id or None, session_id or None)


def site_of(payload: bytes) -> str | None:
    """The ``siteId`` of a JSON Hermes message (``"default"`` when it has none), ``None`` when it is not JSON."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    site = data.get("siteId", "default")
    return site if isinstance(site, str) else None


def session_of(payload: bytes) -> str | None:
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    session = data.get("sessionId") if isinstance(data, dict) else None
    return session if isinstance(session, str) and session else None
