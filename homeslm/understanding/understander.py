"""Understanding one utterance: text in, validated intents with their devices and a response out.

normalise -> find the home's names (placeholders) -> intent model -> strict parse -> confidence
threshold -> resolve against the configured home (:mod:`homeslm.understanding.resolve`) -> response.
Follow-ups ("turn it off", "and the bedroom too") refer to the same site's previous command within
``followup_window_s``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable

from homeslm.understanding import notation
from homeslm.config.model import Config, Device
from homeslm.outcomes import RefusalKind
from homeslm.understanding.confirmation import asks_before, changes
from homeslm.understanding.model import Generation, IntentModel
from homeslm.understanding.policies import (Ambiguous, a_negative_never_acts, a_place_the_home_lacks,
                                            a_report_never_acts, answer_picks, generic_word_domain,
                                            model_says_what_it_does, nothing_is_done_later,
                                            nothing_left_out_is_acted_on)
from homeslm.understanding.resolve import ADVERB_FLOORS, Plan, Refusal, Resolver, redundant
from homeslm.understanding.lexicon import Entity, Lexicon, Tagged
from homeslm.understanding.responses import clauses_as_trained, describe, fill, fill_clause, sentence, spoken_list, the
from homeslm.schema import Intent, ParseResult
from homeslm.understanding.textnorm import normalize

logger = logging.getLogger(__name__)

NOT_UNDERSTOOD = "Sorry, I did not understand that."
OUT_OF_DOMAIN = "Sorry, I can't help with that."
_PLACEHOLDER = re.compile(r"<[a-z_]+\d>")

__all__ = ["Plan", "Understander", "Understanding", "yes_or_no"]


@dataclass(frozen=True)
class _Asked:
    """A "which one?" asked of a site (policies.Ambiguous): the sentence, the model's reading of it and the
    devices it could mean, until the answer ("the kitchen one") or anything else comes."""

    at: float
    text: str
    tagged: Tagged
    gen: Generation
    context_area: str | None
    previous: tuple[Plan, ...]
    name: str
    candidates: tuple[Device, ...]


@dataclass(frozen=True)
class Understanding:
    result: ParseResult
    plans: tuple[Plan, ...]
    """Empty when refused or not understood."""
    model_output: str = ""
    """What the model wrote (notation), for logs and debugging."""
    tagged: str = ""
    """What the model read."""


class Understander:
    """Turns text into plans for one configured home."""

    def __init__(self, config: Config, model: IntentModel, *, supports: Callable[[Device, str], bool] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.model = model
        self.supports = supports
        self.clock = clock
        self._lock = threading.Lock()
        self._previous: dict[str, tuple[float, tuple[Plan, ...]]] = {}
        self._asked: dict[str, _Asked] = {}
        self.reload(config)

    def use_model(self, model: IntentModel) -> None:
        """Understand with ``model`` from the next utterance on (the daemon's swap after a retrain)."""
        with self._lock:
            self.model = model

    def prepare(self, config: Config) -> tuple[Lexicon, Resolver]:
        """What :meth:`reload` needs of ``config`` (the home's lexicon and resolver), built without holding
        anything: the daemon builds it while commands still run, then swaps it in at once."""
        return Lexicon.from_config(config), Resolver(config, self.supports)

    def reload(self, config: Config, prepared: tuple[Lexicon, Resolver] | None = None) -> None:
        """Understand ``config``'s home from the next utterance on (``prepared``: from :meth:`prepare`)."""
        lexicon, resolver = prepared if prepared is not None else self.prepare(config)
        with self._lock:
            self.config = config
            self.lexicon = lexicon
            self.resolver = resolver
            self._previous.clear()
            self._asked.clear()

    # -- follow-up memory ----------------------------------------------------------------------
    def remember(self, site: str, understanding: Understanding) -> None:
        """Make ``understanding`` the site's previous command (call after executing it)."""
        plans = tuple(p for p in understanding.plans if p.intent.action != "cancel")
        if plans:
            with self._lock:
                self._previous[site] = (self.clock(), plans)

    def _recent(self, site: str) -> tuple[Plan, ...]:
        entry = self._previous.get(site)
        if entry is None or self.clock() - entry[0] > self.config.followup_window_s:
            return ()
        return entry[1]

    # -- the main job -----------------------------------------------------------------------------
    def understand(self, text: str, *, area: str | None = None, site: str | None = None) -> Understanding:
        site = site or self.config.site
        context_area = area or self.config.area
        norm = normalize(text)
        if not norm:
            return self._refuse(text, RefusalKind.NOT_UNDERSTOOD, NOT_UNDERSTOOD, 0.0)
        with self._lock:
            lexicon, resolver, previous = self.lexicon, self.resolver, self._recent(site)
            asked = self._asked.pop(site, None)
        if asked is not None and self.clock() - asked.at <= self.config.followup_window_s:
            answered = self._answer(asked, norm, lexicon, resolver)
            if answered is not None:
                return answered
        return self._plain(text, norm, lexicon, resolver, context_area, previous, site)

    def meaning(self, text: str, *, area: str | None = None, site: str | None = None) -> tuple[Intent, ...]:
        """The intents ``text`` would be understood as, with nothing remembered or asked back (a "which
        one?" pending stays pending): how the voice loop weighs a recogniser's readings of an utterance."""
        norm = normalize(text)
        if not norm:
            return ()
        with self._lock:
            lexicon, resolver, previous = self.lexicon, self.resolver, self._recent(site or self.config.site)
        return self._plain(text, norm, lexicon, resolver, area or self.config.area, previous, None).result.intents

    def _plain(self, text: str, norm: str, lexicon: Lexicon, resolver: Resolver, context_area: str | None,
               previous: tuple[Plan, ...], site: str | None) -> Understanding:
        """``norm`` understood as a new command (not the answer to a question); a "which one?" is remembered
        for ``site`` (``None``: not remembered)."""
        tagged = lexicon.tag(norm, normalized=True)
        # a contact named "door" is said as its class ("are the doors open") and as the locks ("lock the door")
        said_as = {e.name: {d for d in (generic_word_domain(e.name, e.type, e.device_class),
                                        generic_word_domain(e.name, e.type)) if d}
                   for e in tagged.slots.values() if isinstance(e, Entity) and e.kind == "device"}
        said_as = {name: domains for name, domains in said_as.items() if domains}
        if said_as:
            # a device named with a domain word ("light", a sensor; "window", a window contact) never captures
            # that word in a command about the domain: the reading without the name wins when it resolves there
            plain = lexicon.tag(norm, normalized=True, skip=frozenset(said_as))
            first = self._read(text, plain, self.model.generate(plain.text), lexicon, resolver, context_area, previous)
            domains = set().union(*said_as.values())
            if first.plans and all(_in_domains(p, domains) for p in first.plans):
                return first
        named = self._read(text, tagged, self.model.generate(tagged.text), lexicon, resolver, context_area, previous,
                           site=site)
        if said_as and not first.plans and not named.plans and named.result.refusal != RefusalKind.AMBIGUOUS:
            return first  # neither acts: the refusal of the domain said ("which rooms?"), not the named device's
        return named

    def _answer(self, asked: _Asked, norm: str, lexicon: Lexicon, resolver: Resolver) -> Understanding | None:
        """The answer to a "which one?" ("the kitchen one", "kitchen", "the battery one"): the question's
        sentence understood with the device it picks; ``None`` when ``norm`` is no such answer."""
        tagged = lexicon.tag(norm, normalized=True)
        areas = {e.name for e in tagged.slots.values() if isinstance(e, Entity) and e.kind == "area"}
        words = [w for w in tagged.text.split() if w not in tagged.slots]
        if any(isinstance(e, Entity) and e.kind != "area" for e in tagged.slots.values()):
            return None  # names a device or a floor: a new command
        pick = answer_picks(words, areas, asked.candidates)
        if pick is None:
            return None
        return self._read(asked.text, asked.tagged, asked.gen, lexicon, resolver, asked.context_area, asked.previous,
                          chosen={asked.name: pick})

    def _read(self, text: str, tagged: Tagged, gen: Generation, lexicon: Lexicon, resolver: Resolver,
              context_area: str | None, previous: tuple[Plan, ...], *, site: str | None = None,
              chosen: dict[str, Device] | None = None) -> Understanding:
        """The model's reading ``gen`` of ``tagged`` resolved; a "which one?" asked is remembered for
        ``site`` (none: not remembered)."""
        confidence = gen.confidence
        try:
            parsed = notation.parse(gen.text, self.model.extra_actions)
        except notation.NotationError as exc:
            logger.info("model output did not parse (%s): %r -> %r", exc, tagged.text, gen.text)
            return self._refuse(text, RefusalKind.NOT_UNDERSTOOD, NOT_UNDERSTOOD, confidence, gen, tagged)
        if not parsed.frames:
            return self._refuse(text, RefusalKind.OUT_OF_DOMAIN, OUT_OF_DOMAIN, confidence, gen, tagged)
        if confidence < self.config.model.threshold:
            return self._refuse(text, RefusalKind.LOW_CONFIDENCE, NOT_UNDERSTOOD, confidence, gen, tagged)
        unknown = [ph for ph in _PLACEHOLDER.findall(gen.text.split(" | ")[0]) if ph not in tagged.slots]
        if unknown:  # the model named something this sentence does not contain
            return self._refuse(text, RefusalKind.NOT_UNDERSTOOD, NOT_UNDERSTOOD, confidence, gen, tagged)
        try:
            _says_what_it_does(parsed)
        except Refusal as ref:
            return self._refuse(text, ref.kind, ref.speech, confidence, gen, tagged)
        try:
            resolved = resolver.resolve(parsed.frames, tagged, context_area, previous, said=text, chosen=chosen)
            _said_here(tagged, resolved, resolver.shared_names)
        except Ambiguous as amb:
            if site is not None:
                with self._lock:
                    self._asked[site] = _Asked(self.clock(), text, tagged, gen, context_area, previous, amb.name,
                                               amb.candidates)
            return self._refuse(text, amb.kind, amb.speech, confidence, gen, tagged)
        except Refusal as ref:
            split = self._by_segments(text, lexicon, resolver, context_area, previous)
            if split is not None and _coverage(split[0], tagged) > 0:
                return self._accept(text, split[0], split[1], split[2], gen.text)
            return self._refuse(text, ref.kind, ref.speech, confidence, gen, tagged)
        plans = tuple(replace(p, response=self._say(describe([_frame_of(p, resolver.shared_names) if _by_plan(p, fr, resolver)
                                                              else fr]), tagged, resolver)) for p, fr in resolved)
        split = self._by_segments(text, lexicon, resolver, context_area, previous) if len(plans) > 1 else None
        if split is not None and _better(split[0], plans, tagged):
            return self._accept(text, split[0], split[1], split[2], gen.text)
        response = self._response(parsed, resolved, tagged, resolver)
        return self._accept(text, plans, response, confidence, gen.text, tagged.text)

    def _accept(self, text: str, plans: tuple[Plan, ...], response: str, confidence: float, model_output: str,
                tagged_text: str = "") -> Understanding:
        try:  # whichever way the sentence was read (whole, by segments, an answer to "which one?")
            # read leaving it out: every plan that acts does (run 12 read "close the blinds apart from the bedroom" as
            # the bedroom's blinds and every curtain but the bedroom's: one plan leaving out is not enough)
            acting = [p for p in plans if changes(p.intent.action)]
            norm, actions = normalize(text), [p.intent.action for p in plans]
            nothing_left_out_is_acted_on(norm, actions, bool(acting) and all(p.leaves_out for p in acting))
            for plan in acting:  # the whole sentence: "turn off the lights at half past ten" read in two segments
                nothing_is_done_later(norm, plan.intent.action, actions)
                a_report_never_acts(text, plan.intent.action)
                a_negative_never_acts(text, plan.intent.action)
        except Refusal as ref:
            return Understanding(ParseResult(text, (), ref.speech, confidence, ref.kind), (), model_output, tagged_text)
        needs_confirmation = any(asks_before(d, p.intent) for p in plans for d in p.devices)
        result = ParseResult(text, tuple(p.intent for p in plans), response, confidence, None, needs_confirmation)
        return Understanding(result, plans, model_output, tagged_text)

    def _by_segments(self, text: str, lexicon: Lexicon, resolver: Resolver, context_area: str | None,
                     previous: tuple[Plan, ...]) -> tuple[tuple[Plan, ...], str, float] | None:
        """Several commands in one breath, understood one at a time ("lock the door and turn off the
        light"): each segment is a single command, which the model reads best. "and the bedroom too"
        after a segment repeats that segment's action. ``None`` unless every segment is understood."""
        segments = split_commands(text)
        if len(segments) < 2:
            return None
        asks = text.rstrip().endswith("?")
        plans: list[Plan] = []
        responses: list[str] = []
        confidences: list[float] = []
        before = previous
        for n, seg in enumerate(segments):
            tagged = lexicon.tag(seg, normalized=True)
            gen = self.model.generate(tagged.text)
            try:
                parsed = notation.parse(gen.text, self.model.extra_actions)
            except notation.NotationError:
                return None
            if not parsed.frames or gen.confidence < self.config.model.threshold:
                return None
            if any(ph not in tagged.slots for ph in _PLACEHOLDER.findall(gen.text.split(" | ")[0])):
                return None
            try:
                _says_what_it_does(parsed)
                said = f"{seg}?" if asks and n == len(segments) - 1 else seg  # a question mark ends the last one
                resolved = resolver.resolve(parsed.frames, tagged, context_area, before, said=said)
                _said_here(tagged, resolved, resolver.shared_names)
            except Refusal:
                return None
            resolved = [(p, fr) for p, fr in resolved if not redundant(p, plans)]
            if not resolved:  # the segment repeats what an earlier one does by name
                continue
            here = [replace(p, response=self._say(describe([fr]), tagged, resolver)) for p, fr in resolved]
            plans += here
            responses.append(fill_clause(describe([fr for _, fr in resolved]), lambda ph: resolver.spoken(tagged, ph))
                             or "okay")
            confidences.append(gen.confidence)
            before = tuple(here)
        if not responses:
            return None
        # one sentence of the segments' clauses ("Locking the front door and turning off the light."); what
        # was left may be one command, said as one
        return tuple(plans), sentence(spoken_list(responses)), min(confidences)

    def _say(self, text: str, tagged: Tagged, resolver: Resolver) -> str:
        return fill(text, lambda ph: resolver.spoken(tagged, ph)) or "Okay."

    def _response(self, parsed: notation.Parsed, resolved: list[tuple[Plan, notation.Frame]], tagged: Tagged,
                  resolver: Resolver) -> str:
        """The model's own response when it fits what was understood; else the written one."""
        # one frame resolved to several plans ("all the lights except the lounge": a plan per room) is said once
        frames = [fr for i, (_, fr) in enumerate(resolved) if i == 0 or fr is not resolved[i - 1][1]]
        # a new timer with a name the model made up starts without it (policy timer_name_was_said), and is said so
        frames = [replace(fr, timer_name=None) if fr.timer_name and not any(p.intent.device for p, f in resolved if f is fr)
                  else fr for fr in frames]
        # follow-ups, and a group that found its one device ("the telly": the tv; "pause the music" where
        # the home has one player), are said by what they resolved to
        changed = (any(fr.it or fr.action == notation.SAME for fr in parsed.frames)
                   or any(p.devices and p.intent.device and not fr.device for p, fr in resolved)
                   or any(_by_plan(p, fr, resolver) for p, fr in resolved))
        # (unless resolution changed the frames: one dropped as repeating another, a class the model left out;
        # see intents.redundant and intents._with_said_class)
        if parsed.response and not changed and frames == list(parsed.frames):
            said = set(_PLACEHOLDER.findall(parsed.response))
            known = set(_PLACEHOLDER.findall(" ".join(str(v) for v in (_frame_placeholders(f) for f in frames))))
            # it names nothing else, and every device and place acted on ("turning on the speakers" for
            # the tv is not an acknowledgement of the tv)
            targets = {ph for ph in known if not ph.startswith("<num")}
            timers = {fr.timer_name for fr in frames if fr.timer_name}  # "the pasta timer", not "the timer"
            if said <= known and targets <= said and all(f" {t} " in f" {parsed.response} " for t in timers):
                text = fill(parsed.response, lambda ph: resolver.spoken(tagged, ph))
                if text:
                    return text
        if all(p.intent.action == "cancel" for p, _ in resolved):
            return "Okay."
        if changed:  # follow-ups: say what the plans do, by name ("turning off the desk lamp", not "it")
            return fill(describe([_frame_of(p, resolver.shared_names) for p, _ in resolved]), lambda ph: None) or "Okay."
        return self._say(describe(frames), tagged, resolver)

    def _refuse(self, text: str, kind: RefusalKind, speech: str, confidence: float, gen: Generation | None = None,
                tagged: Tagged | None = None) -> Understanding:
        result = ParseResult(text, (), speech, confidence, kind)
        return Understanding(result, (), gen.text if gen else "", tagged.text if tagged else "")


_JOINERS = re.compile(r"\s*,\s*|\s+(?:and then|and also|and after that|after that|and|then|also|plus)\s+")
_DURATION_AFTER = re.compile(r"^(?:<num\d>|\d+(?:\.\d+)?|a|an) (?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b")


_CLAUSE_MARKS = re.compile(r"[,;:](?!\d)")
_LEADING_JOINER = re.compile(r"^(?:and then|and also|and after that|after that|and|then|also|plus)\s+")


def split_commands(text: str) -> list[str]:
    """Normalised segments of a sentence, split at commas (typed commands keep them; the normaliser
    drops them), "and", "then"... but not inside a duration ("1 hour and 30 minutes")."""
    pieces: list[str] = []
    for piece in (_LEADING_JOINER.sub("", normalize(p)) for p in _CLAUSE_MARKS.split(text)):
        if pieces and (_DURATION_AFTER.match(piece) or re.match(r"^(?:\d|and \d)", piece)):
            pieces[-1] = f"{pieces[-1]} {piece}"  # "for one hour, thirty minutes" is one duration
        elif piece:
            pieces.append(piece)
    return [seg for piece in pieces for seg in _split_normalised(piece)]


def _split_normalised(norm: str) -> list[str]:
    out: list[str] = []
    pos = 0
    for m in _JOINERS.finditer(norm):
        rest = norm[m.end():]
        if _DURATION_AFTER.match(rest) or re.match(r"^\d", rest) and "and" in m.group(0):
            continue
        out.append(norm[pos:m.start()])
        pos = m.end()
    out.append(norm[pos:])
    return [s.strip() for s in out if s.strip()]


def _in_domains(plan: Plan, domains: set[str]) -> bool:
    """Whether ``plan`` is about one of ``domains`` (a type, "light"; or a class, "binary_sensor:window")."""
    domain = plan.intent.domain or ""
    if domain in domains or domain.partition(":")[0] in domains:
        return True
    if plan.intent.action == "get_temperature" and "sensor:temperature" in domains:
        return True  # a room's temperature, read from its climate or its temperature sensor
    return bool(plan.devices) and all(f"{d.type}:{d.device_class}" in domains for d in plan.devices)


def _mentioned(tagged: Tagged) -> set[str]:
    return {v.name for v in tagged.slots.values() if isinstance(v, Entity) and v.kind == "device"}


def _coverage(plans: tuple[Plan, ...], tagged: Tagged) -> int:
    """How many of the devices the sentence names the plans act on."""
    acted = {d.name for p in plans for d in p.devices}
    return len(_mentioned(tagged) & acted)


def _better(split: tuple[Plan, ...], whole: tuple[Plan, ...], tagged: Tagged) -> bool:
    """Prefer the segment-by-segment reading when it covers more of the named devices, or as many
    while the whole-sentence reading repeats itself (a sign the model lost track)."""
    cov_split, cov_whole = _coverage(split, tagged), _coverage(whole, tagged)
    if cov_split != cov_whole:
        return cov_split > cov_whole
    # The whole-sentence reading dropped a command ("close the blind, turn off the lights and run wind
    # down" read as two): the segments do everything it does and more.
    acted_whole = {d.name for p in whole for d in p.devices}
    if len(split) > len(whole) and acted_whole <= {d.name for p in split for d in p.devices}:
        return True
    # The same intents: the segments are in the order they were spoken, which a group command ("turn
    # off the lights", no name to place it by) cannot be sorted into.
    split_intents, whole_intents = [p.intent for p in split], [p.intent for p in whole]
    if Counter(split_intents) == Counter(whole_intents):
        return split_intents != whole_intents
    intents = [p.intent for p in whole]
    if len(set(intents)) < len(intents):
        return len(set(p.intent for p in split)) == len(split)
    # The same devices told to do different things ("unlock" read where "lock" was said): each segment
    # is a single command, which the model reads best.
    same_devices = {d.name for p in split for d in p.devices} == {d.name for p in whole for d in p.devices}
    return same_devices and Counter(p.intent.action for p in split) != Counter(p.intent.action for p in whole)


def _by_plan(plan: Plan, fr: notation.Frame, resolver: Resolver) -> bool:
    """Whether the answer says what ``plan`` resolved to rather than what the model wrote: follow-ups
    ("it", "the kitchen too"), a device sharing its name with others whose room was not said, an action a
    question said, asked as the state it leaves ("have the blinds been closed": checking the blinds), and a
    floor the sentence said as "this floor"."""
    return (fr.it or fr.action == notation.SAME
            or (plan.intent.device in resolver.shared_names and not fr.areas and not fr.floors)
            or (plan.intent.action == "get_state" and fr.action != "get_state")
            or bool(plan.intent.floor and not fr.floors))  # "on this floor": said by the floor it acts on


def _frame_of(plan: Plan, shared: frozenset[str] = frozenset()) -> notation.Frame:
    """A frame naming the plan's targets in words, for responses about resolved follow-ups; a device
    whose name is in ``shared`` (several rooms have one) is said with its room."""
    it = plan.intent
    fr = notation.Frame(it.action)
    if it.device:
        dev = next((d for d in plan.devices if d.name == it.device), None)
        fr.device = it.device if dev is not None and dev.type in ("scene", "script") else the(it.device)
        if it.device in shared and it.area:
            named = set(it.device.split())  # "the kitchen door", not "the kitchen kitchen door"
            fr.device = the(it.device) if set(it.area.split()) <= named else f"{the(it.area)} {it.device}"
    else:
        fr.domain = it.domain
        fr.areas = [the(it.area)] if it.area else []
        fr.floors = [it.floor if it.floor in ADVERB_FLOORS else the(it.floor)] if it.floor else []
        fr.house = not it.area and not it.floor
    if isinstance(it.value, (int, float)):
        fr.number = str(it.value)
    elif isinstance(it.value, str):
        fr.word = it.value
    return fr


def _said_here(tagged: Tagged, resolved: list[tuple[Plan, notation.Frame]], shared: frozenset[str]) -> None:
    """The policy :func:`a_place_the_home_lacks` for what would act, unless the model read a place of the home; a
    device the home has one of may be placed by a word of its own room."""
    for plan, fr in resolved:
        if not fr.areas and not fr.floors:
            one = plan.intent.device is not None and plan.intent.device not in shared
            a_place_the_home_lacks(tagged.text, plan.intent.action, (plan.intent.area or "") if one else "")


def _says_what_it_does(parsed: notation.Parsed) -> None:
    """:func:`model_says_what_it_does` for the model's reading; a device the home lacks ("sorry, there is no
    jacuzzi here") is left to be refused by its name."""
    if not any(fr.unknown for fr in parsed.frames):
        model_says_what_it_does(parsed.response, clauses_as_trained(list(parsed.frames)))


def _frame_placeholders(fr: notation.Frame) -> str:
    parts = [fr.device or "", *fr.areas, *fr.floors, fr.number or "", *(n for n, _ in fr.duration)]
    return " ".join(p for p in parts if p)


_YES_WORDS = r"yes|yeah|yep|yup|sure|ok|okay|do it|go ahead|confirm|confirmed|correct|affirmative|please do|absolutely|of course"
_NO_WORDS = r"no|nope|nah|cancel|stop|don't|do not|never mind|nevermind|negative|abort|forget it|don't do it|do not do it"
_POLITE = r"please|thanks|thank you|um|uh|er|oh|well|hmm"


def _answer_of(words: str) -> re.Pattern[str]:
    """The whole utterance is the answer: its words, with politeness and hesitation around them."""
    return re.compile(rf"^(?:(?:{_POLITE}) )*(?:{words})(?: (?:{words}|{_POLITE}))*$")


_YES = _answer_of(_YES_WORDS)
_NO = _answer_of(_NO_WORDS)


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else (used for "Do you want me to ...?").

    Only a whole answer counts ("yes", "yes please", "no thanks"): "okay turn on the light" is a new
    command, never a yes to the question before it."""
    t = normalize(text)
    if _NO.match(t):
        return False
    if _YES.match(t):
        return True
    return None

