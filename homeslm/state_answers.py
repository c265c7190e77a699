"""The answer to a state question over several devices ("are any windows open", "is anyone home"), in one
short sentence (docs/DESIGN.md section 3).

A class question is ``get_state`` of the class in a place with the state asked, and the intent's
``quantifier`` when the question said one. Each device's result says whether it is in that state
(``data["answer"]`` ``yes``/``no``, with ``subject``, ``said``, ``asked`` and ``plural``:
:func:`homeslm.default_plugins.common.answered`).

With no quantifier ("is any", or a model that does not write one) the question is answered so that it is
true whatever quantifier it had: all of them in the state asked, "Yes, all 3 windows are closed."; none,
"No, all 5 windows are closed."; some, both parts and no yes or no, "The kitchen window is open; the bedroom
window and the hall window are closed.". With one (:func:`quantified_answer`): ``count`` "Two windows are
open: the kitchen window and the hall window." / "No windows are open."; ``all`` "Yes, all 3 windows are
closed." / "No, the kitchen window is open."; ``which`` "The kitchen window and the hall window are open." /
"None of the windows are open.". A yes is said only when every device answered; what did not answer is
named after it, bounded.
"""

from __future__ import annotations

from collections.abc import Sequence

from homeslm.schema import ActionResult

#: At most this many devices are named in one answer; more are counted.
MAX_NAMED = 3


def _names(subjects: Sequence[str]) -> str:
    return subjects[0] if len(subjects) == 1 else ", ".join(subjects[:-1]) + " and " + subjects[-1]


def _part(results: Sequence[ActionResult], counted: str, otherwise: str) -> str:
    """"the kitchen window is open", "the lamp and the strip are on", or ``counted`` ("4 of 6 windows") when
    there are more than :data:`MAX_NAMED`; their state as they said it when they all said it alike, else
    ``otherwise`` ("on", "not open")."""
    said = {str(r.data["said"]) for r in results}
    state = said.pop() if len(said) == 1 else otherwise
    if len(results) > MAX_NAMED:
        return f"{counted} are {state}"
    return f"{_names([str(r.data['subject']) for r in results])} {'is' if len(results) == 1 else 'are'} {state}"


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _number(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def _missing(unknown: Sequence[ActionResult]) -> str:
    """What did not answer, bounded: their own words for up to :data:`MAX_NAMED`, else a count."""
    if not unknown:
        return ""
    missing = [r.speech for r in unknown[:MAX_NAMED] if r.speech]
    return " " + (" ".join(missing) if len(unknown) <= MAX_NAMED else f"{len(unknown)} did not answer.")


def quantified_answer(results: Sequence[ActionResult], quantifier: str) -> str | None:
    """The answer to a question over a group with its quantifier (``all``, ``count``, ``which``), or ``None``
    when ``results`` are not answers to one asked state. Only what was read is claimed: with devices that did not
    answer, a count or a list is of "the N windows I could read" and "all" is never a yes."""
    answers = [r for r in results if r.ok and r.data.get("answer") in ("yes", "no")]
    asked = answers[0].data.get("asked") if answers else None
    if not answers or not asked or any(r.ok and r not in answers for r in results):
        return None
    unknown = [r for r in results if not r.ok]
    yes = [r for r in answers if r.data["answer"] == "yes"]
    no = [r for r in answers if r.data["answer"] == "no"]
    plural = str(answers[0].data.get("plural") or "devices")
    n, k = len(answers), len(yes)
    read = f"the {n} {plural} I could read" if unknown else f"the {plural}"
    names = _names([str(r.data["subject"]) for r in yes]) if 0 < k <= MAX_NAMED else ""
    if unknown and n == 1 and quantifier in ("count", "which"):  # one read: its state, and what did not answer
        first = _part(answers, "", str(asked))
        text = first[0].upper() + first[1:] + "."
    elif quantifier == "count":
        if k == 0:
            text = f"None of {read} are {asked}." if unknown else f"No {plural} are {asked}."
        else:
            counted = f"{_number(k)} {'is' if k == 1 else 'are'} {asked}" if k == 1 or unknown else \
                f"{_number(k)} {plural} are {asked}"
            text = (f"Of {read}, " + counted if unknown else counted[0].upper() + counted[1:]) + \
                (f": {names}." if names else ".")
    elif quantifier == "which":
        if k == 0:
            text = f"None of {read} are {asked}."
        else:
            first = _part(yes, f"{k} of {n} {plural}", str(asked))
            text = first[0].upper() + first[1:] + "."
    elif quantifier == "all":
        if no:
            text = "No, " + _part(no, f"{len(no)} of {n} {plural}", f"not {asked}") + "."
        elif unknown:  # never a yes: what did not answer may not be
            first = _part(yes, read, str(asked))
            text = first[0].upper() + first[1:] + "."
        elif n == 1:
            text = answers[0].speech or "Yes."
        else:
            text = f"Yes, {'both' if n == 2 else f'all {n}'} {plural} are {asked}."
    else:
        return None
    return text + _missing(unknown)


def group_answer(results: Sequence[ActionResult], quantifier: str | None = None) -> str | None:
    """One sentence answering a question over the devices of ``results`` (one per device), or ``None`` when
    they are not answers to one asked state (each then speaks for itself). ``quantifier`` (the intent's:
    ``all``, ``count``, ``which``) answers what was asked (:func:`quantified_answer`); ``None`` answers so that
    the sentence is true for any quantifier."""
    if quantifier is not None:
        return quantified_answer(results, quantifier)
    answers = [r for r in results if r.ok and r.data.get("answer") in ("yes", "no")]
    if len(results) < 2 or not answers or any(r.ok and r not in answers for r in results):
        return None
    unknown = [r for r in results if not r.ok]
    yes = [r for r in answers if r.data["answer"] == "yes"]
    plural = str(answers[0].data.get("plural") or "devices")
    said = {str(r.data["said"]) for r in (yes or answers)}
    n = len(answers)
    if yes and len(yes) < n:
        # some are, some are not: both said, no yes or no, so the answer is true whatever the question's
        # quantifier was ("is any window open", "are all the windows closed", "which windows are open")
        no = [r for r in answers if r.data["answer"] == "no"]
        asked = str(answers[0].data.get("asked") or "so")
        first = _part(yes, f"{len(yes)} of {len(results)} {plural}", asked)
        text = first[0].upper() + first[1:] + "; " + _part(no, f"the other {len(no)}", f"not {asked}") + "."
    elif n == 1:
        text = answers[0].speech or ("Yes." if yes else "No.")
    elif len(said) == 1 or yes:
        state = said.pop() if len(said) == 1 else str(answers[0].data.get("asked") or "so")
        word = "Yes" if yes else "No"
        if unknown:
            text = f"{word}, the {n} {plural} I could read are {state}."
        elif n <= MAX_NAMED and len({str(r.data["subject"]) for r in answers}) == n and yes:
            text = f"Yes, {_names([str(r.data['subject']) for r in answers])} are {state}."
        else:
            text = f"{word}, {'both' if n == 2 else f'all {n}'} {plural} are {state}."
    else:
        wanted = answers[0].data.get("asked")
        text = f"No, none of the {n} {plural} is {wanted}." if wanted else "No."
    return text + _missing(unknown)
