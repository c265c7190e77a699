"""Text normalisation shared by training and inference.

Everything the intent model sees has gone through :func:`normalize`: lower case, no punctuation,
number words turned into digits ("twenty one" -> ``21``, "one and a half minutes" -> ``1.5 minutes``,
"half an hour" -> ``30 minutes``); "one" stays a word where it is a pronoun ("the next one", "one of
the lamps") and "a second" stays words ("pause for a second"). Training inputs go through the very same function, so whatever
it does, the model learns it.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "oh": None, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}

_TIME_UNITS = (
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
)

# Multi-word idioms rewritten before number parsing; order matters (longest first).
_IDIOMS: tuple[tuple[str, str], ...] = (
    (r"\bhalf an hour\b", "30 minutes"),
    (r"\bhalf a minute\b", "30 seconds"),
    (r"(?<!and a )\bhalf hour\b", "30 minute"),  # but "two and a half hour timer" is 2.5 hours
    (r"\bquarter hour\b", "15 minute"),
    (r"\b(a|one) quarter of the way\b", "25 percent"),
    (r"\bthree quarters of the way\b", "75 percent"),
    (r"\b(a|one) third of the way\b", "33 percent"),
    (r"\ball the way (up|open)\b", "100 percent"),
    (r"\ba hundred\b", "100"),
    (r"\ba thousand\b", "1000"),
    (r"\ba quarter of an hour\b", "15 minutes"),
    (r"\bquarter of an hour\b", "15 minutes"),
    (r"\ba quarter hour\b", "15 minutes"),
    (r"\bthree quarters of an hour\b", "45 minutes"),
    (r"\ban hour and a half\b", "1.5 hours"),
    (r"\ban hour and a quarter\b", "1.25 hours"),
    (r"\ba minute and a half\b", "1.5 minutes"),
    (r"\bp ?m ?(?:2\.5|two point five)(?!\d)", "particulates"),  # a quantity's name, not a number: sensor:pm25
    (r"\bc ?o ?(?:2|two)(?![\d.])", "carbon dioxide"),  # "co2", "c o two": the grammar's word for it, not a number
    # a step of one degree ("up a degree", "make it a degree warmer"), not "a degree in physics" nor "up a degree or two"
    (r"\b(up|down|by|another) a (?:single )?degree\b(?! or\b| of\b)", r"\1 1 degree"),
    (r"(?<!\bis )(?<!\bwas )(?<!\bare )(?<!\bwere )(?<!\bbe )(?<!\bbeen )\ba (?:single )?degree "
     r"(warmer|cooler|colder|hotter|higher|lower)\b", r"1 degree \1"),
    (r"\ba couple of\b", "2"),
    (r"\ba couple\b", "2"),
    (r"\ba dozen\b", "12"),
    (r"\bper cent\b", "percent"),
    (r"\bpercentage\b", "percent"),
    (r"\bhalf ?way\b", "50 percent"),
    (r"\bhalf brightness\b", "50 percent brightness"),
    (r"\bfull brightness\b", "100 percent brightness"),
    (r"\bdegrees? (celsius|centigrade)\b", "degrees celsius"),
    (r"\bdegrees? fahrenheit\b", "degrees fahrenheit"),
    (r"\bdegrees c\b", "degrees celsius"),
    (r"\bdegrees f\b", "degrees fahrenheit"),
)

_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bwhat's\b", "what is"),
    (r"\bwhats\b", "what is"),
    (r"\bit's\b", "it is"),
    (r"\bthat's\b", "that is"),
    (r"\bthere's\b", "there is"),
    (r"\bhow's\b", "how is"),
    (r"\bi'm\b", "i am"),
    (r"\bi'd\b", "i would"),
    (r"\bi'll\b", "i will"),
    (r"\byou're\b", "you are"),
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bdon't\b", "do not"),
    (r"\bdoesn't\b", "does not"),
    (r"\bisn't\b", "is not"),
    (r"\baren't\b", "are not"),
    (r"\bwon't\b", "will not"),
    (r"\blet's\b", "let us"),
    (r"\bwhere's\b", "where is"),
    (r"\bwho's (been|got|gone|left|taken|turned|switched|had)\b", r"who has \1"),
    (r"\bwho's\b", "who is"),
    (r"\bwhos\b", "who is"),
    (r"\bwhen's\b", "when is"),
)

_PUNCT = re.compile(r"[^\w\s%.'°:-]")
_IDIOM_RES = tuple((re.compile(pattern), repl) for pattern, repl in _IDIOMS)
_CONTRACTION_RES = tuple((re.compile(pattern), repl) for pattern, repl in _CONTRACTIONS)
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _basic(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u00b0", " degrees ")
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = text.replace("%", " percent ")
    text = re.sub(r"(\d)(k)\b", r"\1 kelvin", text)
    text = re.sub(r"(\d)\s*(c|f)\b", lambda m: m.group(1) + (" celsius" if m.group(2) == "c" else " fahrenheit"), text)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 2,700 -> 2700
    text = re.sub(r"(\d)-(\d)", r"\1 to \2", text)
    for pattern, repl in _CONTRACTION_RES:
        text = pattern.sub(repl, text)
    text = _PUNCT.sub(" ", text)
    # a trailing full stop or a hyphen between words is punctuation; a decimal point is not
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = text.replace("'", "").replace("-", " ").replace(":", " ")
    return _SPACES.sub(" ", text).strip()


def _parse_number(words: list[str], i: int) -> tuple[float | None, int]:
    """Parse a spelled-out number starting at words[i]; return (value, words consumed)."""
    total = 0
    current = 0
    j = i
    seen = False
    while j < len(words):
        w = words[j]
        if w in _UNITS and _UNITS[w] is not None:
            if seen and current % 10 != 0 and current < 100 and current != 0:
                break  # "one two" is two numbers
            if seen and current >= 20 and current % 10 == 0 and int(_UNITS[w] or 0) >= 10:
                break  # "twenty eleven"
            if seen and 0 < current < 20 and current not in (0,):
                break
            current += int(_UNITS[w])  # type: ignore[arg-type]
            seen = True
        elif w in _TENS:
            if seen and current % 100 != 0:
                break
            current += _TENS[w]
            seen = True
        elif w in _SCALES and seen:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        elif w == "and" and seen and j + 1 < len(words) and (words[j + 1] in _UNITS or words[j + 1] in _TENS) and current >= 100:
            pass  # "one hundred and five"
        elif w.isdecimal() and seen and current >= 20 and current % 10 == 0 and int(w) < 10:
            current += int(w)  # "twenty 1" from a recogniser
        else:
            break
        j += 1
    if not seen:
        return None, 0
    return float(total + current), j - i


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


# "one" stays a word after these ("the next one", "this one", "the one in the kitchen") and before "of"
# ("one of the lamps"), unless what follows makes it a number ("the one hundred", "that one minute timer").
_ONE_AS_PRONOUN_AFTER = frozenset({
    "the", "this", "that", "next", "last", "previous", "other", "another", "each", "every", "any", "which", "no",
    "same", "first", "second", "third", "new", "old", "big", "small", "little", "right", "wrong", "only", "left",
    "middle", "front", "back", "top", "bottom", "main", "one", "a",
})
_NUMBER_CONTEXT = frozenset({
    "percent", "degree", "degrees", "kelvin", "k", "point", "celsius", "fahrenheit", *_SCALES, *_TIME_UNITS,
})


_FRACTIONS = {"half": 0.5, "quarter": 0.25}


def _one_is_a_word(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` ("one") is the pronoun ("the next one"), not the number."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt in _NUMBER_CONTEXT or words[i + 1 : i + 4] in (["and", "a", "half"], ["and", "a", "quarter"]):
        return False
    return nxt == "of" or (i > 0 and words[i - 1] in _ONE_AS_PRONOUN_AFTER)


def _words_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        # "and a half" / "and a quarter" after a number ("two and a half hours")
        if w == "and" and out and _NUMBER.match(out[-1]) and words[i + 1 : i + 2] == ["a"] and i + 2 < len(words) \
                and words[i + 2] in _FRACTIONS:
            out[-1] = _fmt(float(out[-1]) + _FRACTIONS[words[i + 2]])
            i += 3
            continue
        # "two hours and a half", "an hour and a quarter": the fraction belongs to the number before the unit
        if w == "and" and len(out) >= 2 and out[-1] in _TIME_UNITS and _NUMBER.match(out[-2]) \
                and words[i + 1 : i + 2] == ["a"] and i + 2 < len(words) and words[i + 2] in _FRACTIONS:
            out[-2] = _fmt(float(out[-2]) + _FRACTIONS[words[i + 2]])
            if out[-1] in ("hour", "minute", "second"):
                out[-1] += "s"
            i += 3
            continue
        if w == "point" and out and _NUMBER.match(out[-1]) and i + 1 < len(words):
            nxt = words[i + 1]
            digit = _UNITS.get(nxt) if nxt in _UNITS else (int(nxt) if nxt.isdecimal() and len(nxt) == 1 else None)
            if digit is not None and "." not in out[-1]:
                out[-1] = f"{out[-1]}.{digit}"
                i += 2
                continue
        # "a minute", "an hour" -> 1 (only before a time unit); "a second" is left alone: "for a
        # second" is rarely a duration and "a second timer" is another timer
        if w in ("a", "an") and i + 1 < len(words) and words[i + 1] in ("minute", "hour"):
            out.append("1")
            i += 1
            continue
        if w == "half" and i + 1 < len(words) and words[i + 1] in ("a", "an") and i + 2 < len(words) and words[i + 2] in ("minute", "hour", "second"):
            out.append("0.5")
            i += 2
            continue
        if w == "one" and _one_is_a_word(words, i):
            out.append(w)
            i += 1
            continue
        if w in _UNITS or w in _TENS:
            value, used = _parse_number(words, i)
            if value is not None:
                out.append(_fmt(value))
                i += used
                continue
        if w.isdecimal() and i + 1 < len(words) and words[i + 1] in _SCALES:
            out.append(_fmt(float(w) * _SCALES[words[i + 1]]))
            i += 2
            continue
        out.append(w)
        i += 1
    return out


def normalize(text: str) -> str:
    """Lower-case, strip punctuation, turn number words into digits.

    >>> normalize("Set a timer for one and a half minutes, please!")
    'set a timer for 1.5 minutes please'
    >>> normalize("Dim the kitchen lights to twenty-one %")
    'dim the kitchen lights to 21 percent'
    """
    text = _basic(text)
    for pattern, repl in _IDIOM_RES:
        text = pattern.sub(repl, text)
    words = _words_to_digits(text.split())
    return " ".join(words)


def as_said(words: str | None, text: str | None) -> str | None:
    """Normalised ``words`` as the sentence ``text`` says them ("ellas lamp" -> "ella's lamp"), else as they are."""
    spoken = (text or "").split()
    n = len((words or "").split())
    for i in range(len(spoken) - n + 1):
        if words and normalize(" ".join(spoken[i:i + n])) == words:
            return " ".join(spoken[i:i + n]).strip(",.?!;:\"")
    return words


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def singular(word: str) -> str:
    """A crude singular for matching names ("lights" -> "light", "blinds" -> "blind")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


TIME_UNITS = _TIME_UNITS
