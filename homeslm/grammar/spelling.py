"""Numbers as people say them: ``spell`` (words) and ``say_number`` (words or digits, at random).

Used by the training data generator (:mod:`homeslm.grammar.data`) and by the speech language
model of the recogniser (:mod:`homeslm.voice.asr`).
"""

from __future__ import annotations

import random

# -- spelling numbers ---------------------------------------------------------------------------
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: float, rng: random.Random | None = None) -> str:
    """English words for ``n`` (integers up to 9999, halves, one decimal)."""
    if n != int(n):
        whole = int(n)
        frac = round(n - whole, 1)
        if frac == 0.5 and rng is not None and rng.random() < 0.5:
            return f"{spell(whole)} and a half"
        return f"{spell(whole)} point {_ONES[int(round(frac * 10))]}"
    k = int(n)
    if k < 20:
        return _ONES[k]
    if k < 100:
        return _TENS[k // 10] + ("" if k % 10 == 0 else " " + _ONES[k % 10])
    if k < 1000:
        rest = k % 100
        return _ONES[k // 100] + " hundred" + ("" if rest == 0 else (" and " if rng and rng.random() < 0.5 else " ") + spell(rest))
    if k % 100 == 0 and k < 10000 and k // 100 % 10 != 0 and rng is not None and rng.random() < 0.5:
        return spell(k // 100) + " hundred"  # "twenty seven hundred"
    rest = k % 1000
    return spell(k // 1000) + " thousand" + ("" if rest == 0 else " " + spell(rest))


def say_number(n: float, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return spell(n, rng)
    return str(int(n)) if n == int(n) else f"{n:g}"
