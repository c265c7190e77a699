"""The answer to a state question over several devices ("are any windows open", "is anyone home"), in one
short sentence (docs/DESIGN.md section 3).

The schema has no quantifier: a class question is ``get_state`` of the class in a place with the state
asked. Each device's result says whether it is in that state (``data["answer"]`` ``yes``/``no``, with
``subject``, ``said``, ``asked`` and ``plural``: :func:`homeslm.default_plugins.common.answered`); the question
is answered as "is any of them ...?": "Yes, the kitchen window is open.", "Yes, 4 of 6 windows are open.",
"No, all 5 windows are closed.", and what did not answer is named after it, bounded.
"""

from __future__ import annotations

from collections.abc import Sequence

from homeslm.schema import ActionResult

#: At most this many devices are named in one answer; more are counted.
MAX_NAMED = 3


def _names(subjects: Sequence[str]) -> str:
    return subjects[0] if len(subjects) == 1 else ", ".join(subjects[:-1]) + " and " + subjects[-1]


def group_answer(results: Sequence[ActionResult]) -> str | None:
    """One sentence answering a question over the devices of ``results`` (one per device), or ``None`` when
    they are not answers to one asked state (each then speaks for itself)."""
    answers = [r for r in results if r.ok and r.data.get("answer") in ("yes", "no")]
    if len(results) < 2 or not answers or any(r.ok and r not in answers for r in results):
        return None
    unknown = [r for r in results if not r.ok]
    yes = [r for r in answers if r.data["answer"] == "yes"]
    plural = str(answers[0].data.get("plural") or "devices")
    if yes:
        said = {str(r.data["said"]) for r in yes}
        if len(yes) == 1:
            text = f"Yes, {yes[0].data['subject']} is {said.pop()}."
        elif len(yes) <= MAX_NAMED and len(said) == 1:
            text = f"Yes, {_names([str(r.data['subject']) for r in yes])} are {said.pop()}."
        else:
            text = f"Yes, {len(yes)} of {len(results)} {plural} are {answers[0].data.get('asked') or 'so'}."
        return text  # what did not answer changes nothing: some are
    said = {str(r.data["said"]) for r in answers}
    n = len(answers)
    if n == 1:
        text = answers[0].speech or "No."
    elif len(said) == 1:
        text = (f"No, the {n} {plural} I could read are {said.pop()}." if unknown
                else f"No, {'both' if n == 2 else f'all {n}'} {plural} are {said.pop()}.")
    else:
        asked = answers[0].data.get("asked")
        text = f"No, none of the {n} {plural} is {asked}." if asked else "No."
    if unknown:
        missing = [r.speech for r in unknown[:MAX_NAMED] if r.speech]
        text += " " + (" ".join(missing) if len(unknown) <= MAX_NAMED else f"{len(unknown)} did not answer.")
    return text
