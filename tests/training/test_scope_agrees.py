"""The scope policies and the grammar agree: what the grammar teaches the model as a whole-home command says a word
the policy whole_home_was_said takes as all of them (homeslm/understanding/scope.py), so the policy refuses only
readings the model should not have made ("the lights in both bedrooms"), never the phrasings it was taught."""

from __future__ import annotations

from homeslm.grammar.data import Generator
from homeslm.understanding.confirmation import changes
from homeslm.understanding.refusal import Refusal
from homeslm.understanding.scope import whole_home_was_said


def test_every_whole_home_command_the_grammar_draws_says_all_of_them() -> None:
    gen = Generator(seed=11)
    drawn, refused = 0, []
    for _ in range(4000):
        ex = gen.sample()
        for frame in ex.target.partition(" | ")[0].split(" ; "):
            action, *rest = frame.split()
            named = bool(rest) and rest[0].startswith("<") and not rest[0].startswith(("<area", "<floor"))
            if "house" not in rest or named or not changes(action) or "timer" in action:
                continue  # a named device's whole-house scope is policy house_needs_a_scope_word's
            drawn += 1
            try:
                whole_home_was_said(ex.source, action)
            except Refusal:
                refused.append(ex.source)
    assert drawn > 100, drawn
    assert len(refused) <= drawn // 100, refused  # "the doors in every you know room on lock": a filler splits it


def test_the_commands_the_grammar_draws_are_not_refused_as_a_place_later_a_report_or_a_negative() -> None:
    """Policies a_place_the_home_lacks, nothing_is_done_later, a_report_never_acts and a_negative_never_acts refuse
    what the grammar never teaches as a command (at most one in 500 of its commands: a remark such as "the pasta is
    ready in forty minutes" beside a command)."""
    from homeslm.understanding.policies import a_negative_never_acts, a_report_never_acts
    from homeslm.understanding.scope import a_place_the_home_lacks, nothing_is_done_later
    from homeslm.understanding.textnorm import normalize

    gen = Generator(seed=12)
    drawn, refused = 0, []
    for _ in range(2500):
        ex = gen.sample()
        head = ex.target.partition(" | ")[0]
        if head == "none":
            continue
        actions = [frame.split()[0] for frame in head.split(" ; ")]
        for action in actions:
            drawn += 1
            try:
                a_place_the_home_lacks(ex.source, action)
                nothing_is_done_later(normalize(ex.raw), action, actions)
                a_report_never_acts(ex.raw, action)
                a_negative_never_acts(ex.raw, action)
            except Refusal:
                refused.append(ex.raw)
    assert drawn > 2000, drawn
    assert len(refused) <= drawn // 500, refused
