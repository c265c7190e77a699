"""homeslm.outcomes: refusal kinds and utterance statuses are closed sets whose strings are a contract
(the ``refusal`` and ``status`` fields of ``homeslm/<site>/intent`` and of ``homeslm parse --json``)."""

from __future__ import annotations

import json

from homeslm.outcomes import RefusalKind, Status
from homeslm.schema import ParseResult
from homeslm.understanding.resolve import Refusal


def test_the_refusal_kinds_are_the_strings_of_the_contract() -> None:
    assert {k.value for k in RefusalKind} == {"not_understood", "low_confidence", "out_of_domain", "unknown_device",
                                              "unsupported", "invalid_value", "no_devices", "ambiguous"}


def test_the_statuses_are_the_strings_of_the_contract() -> None:
    assert {s.value for s in Status} == {"executed", "failed", "refused", "confirm", "declined", "expired", "error",
                                         "understood"}
    assert Status.ASKED == "confirm"  # the question's message says "confirm"


def test_a_payload_carries_the_plain_string() -> None:
    payload = {"status": Status.REFUSED, "refusal": RefusalKind.UNKNOWN_DEVICE}
    assert json.dumps(payload) == '{"status": "refused", "refusal": "unknown_device"}'
    assert f"refused: {RefusalKind.UNKNOWN_DEVICE}" == "refused: unknown_device"  # the INFO line


def test_a_refusal_carries_its_kind_with_its_text() -> None:
    refusal = Refusal(RefusalKind.NO_DEVICES, "Sorry, there are no blinds in the bathroom.")
    assert (refusal.kind, refusal.speech, str(refusal)) == (
        RefusalKind.NO_DEVICES, "Sorry, there are no blinds in the bathroom.", "Sorry, there are no blinds in the bathroom.")
    result = ParseResult("close the blinds", (), refusal.speech, 0.9, refusal.kind)
    assert result.refusal == "no_devices"
