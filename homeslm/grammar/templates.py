"""A tiny template language for the training grammar.

``(turn|switch) on [the] {t} [please]``: ``(a|b)`` picks one alternative, ``[x]`` is optional (half
the time), ``{name}`` is a slot filled by the caller. Templates are parsed once and sampled with a
seeded :class:`random.Random`, so the data set is reproducible.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Callable, Union

Node = Union[str, "Seq", "Alt", "Opt", "Slot"]


class Seq(tuple):  # type: ignore[type-arg]
    pass


class Alt(tuple):  # type: ignore[type-arg]
    pass


class Opt(tuple):  # type: ignore[type-arg]
    pass


class Slot(str):
    pass


def _parse(s: str, i: int, closer: str | None) -> tuple[Node, int]:
    alts: list[Seq] = []
    seq: list[Node] = []
    buf = ""
    while i < len(s):
        c = s[i]
        if c in "([":
            if buf:
                seq.append(buf)
                buf = ""
            inner, i = _parse(s, i + 1, ")" if c == "(" else "]")
            seq.append(inner if c == "(" else Opt((inner,)))
            continue
        if c == "{":
            if buf:
                seq.append(buf)
                buf = ""
            j = s.index("}", i)
            seq.append(Slot(s[i + 1 : j]))
            i = j + 1
            continue
        if c == "|" and closer is not None:
            if buf:
                seq.append(buf)
                buf = ""
            alts.append(Seq(seq))
            seq = []
            i += 1
            continue
        if closer is not None and c == closer:
            if buf:
                seq.append(buf)
            alts.append(Seq(seq))
            return (Alt(alts) if len(alts) > 1 else alts[0]), i + 1
        buf += c
        i += 1
    if closer is not None:
        raise ValueError(f"unclosed group in template {s!r}")
    if buf:
        seq.append(buf)
    alts.append(Seq(seq))
    return (Alt(alts) if len(alts) > 1 else alts[0]), i


@lru_cache(maxsize=None)
def compile_template(template: str) -> Node:
    node, _ = _parse(template, 0, None)
    return node


def slots_of(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


def render(template: str, rng: random.Random, fill: Callable[[str], str]) -> str:
    """Sample one sentence from ``template``; ``fill(slot)`` renders each slot."""
    out: list[str] = []

    def walk(node: Node) -> None:
        if isinstance(node, Slot):
            out.append(fill(str(node)))
        elif isinstance(node, str):
            out.append(node)
        elif isinstance(node, Alt):
            walk(rng.choice(node))
        elif isinstance(node, Opt):
            if rng.random() < 0.5:
                for n in node:
                    walk(n)
        else:
            for n in node:
                walk(n)

    walk(compile_template(template))
    return re.sub(r"\s+", " ", "".join(out)).strip()
