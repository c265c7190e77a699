"""The home's names, found in a normalised sentence and replaced by typed placeholders.

The intent model never sees a device, area or floor name: ``turn on the reading light in the
bedroom`` reaches it as ``turn on the <light1> in the <area1>``, and numbers as ``<num1>``. The model
copies placeholders into its output and :meth:`Tagged.restore` maps them back. This is what lets a
model trained on generic homes handle any home: names it never saw cannot be confused.

Matching forgives what recognisers and people do to names: case, plural slips ("the kitchen
lamps" for "kitchen lamp"), small misspellings (edit distance 1 on words of five letters or more,
2 on words of eight or more, one letter of a four-letter word after words said exactly: "floor lamb"),
a word split in two ("tv back light" for "tv backlight"), and the last word of a name where it names
nothing else ("the purifier" for "air purifier"). It never matches a name by one shared word alone, so "the pod bay
doors" does not become "the garage door".
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from homeslm.understanding.policies import fuzzy_never_reaches_riskier, risky
from homeslm.understanding.textnorm import is_number, normalize, singular
from homeslm.understanding.vocab import CLASS_WORDS

#: Placeholders per kind: at most this many distinct entities of one kind in one sentence.
MAX_PER_KIND = 4
MAX_NUMBERS = 4

#: Words that start what a verb acts on ("vacuum *the* hall", "hoover *upstairs*"): after a one-word device name
#: that opens a command, they show the name is said as the verb (Lexicon._said_as_verb).
_OBJECT_STARTS = frozenset({"the", "a", "my", "our", "this", "that", "every", "all", "whole", "upstairs", "downstairs"})
_COMMAND_OPENERS = frozenset({"please", "you", "just", "now", "ok", "okay", "so", "and", "then", "go", "quickly"})
_AREA_PREPOSITIONS = frozenset({"in", "on", "at", "from", "upstairs", "downstairs", "throughout", "across"})
#: Of devices of several types sharing a name ("kettle": a switch and its power sensor; "anna's phone": a battery
#: sensor and charging, connectivity and presence binary sensors), the type its placeholder says, whatever the
#: config's order: what acts, then what has states, then what measures (the resolver picks the device).
_SHARED_TYPE_ORDER = {"binary_sensor": 1, "sensor": 2, "person": 3}


@dataclass(frozen=True)
class Entity:
    """A configured name the lexicon can find."""

    kind: str
    """``device``, ``area`` or ``floor``."""
    name: str
    """Canonical name (what goes into intents)."""
    type: str
    """Device type for devices, ``area`` or ``floor`` otherwise: the placeholder's stem."""
    device_class: str | None = field(default=None, compare=False)
    """The device's class, for the policy that a slip never names a riskier device (not part of its identity)."""


@dataclass
class Tagged:
    """A sentence with names and numbers replaced by placeholders."""

    text: str
    """Normalised sentence with placeholders, what the model reads."""
    slots: dict[str, Entity | float] = field(default_factory=dict)
    """Placeholder -> the entity or number it stands for."""
    spans: dict[str, str] = field(default_factory=dict)
    """Placeholder -> the words it replaced (for messages)."""
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Device placeholder -> every device name the words it replaced say (names may repeat across rooms
    and types, and an alias may be another device's name): resolution chooses among them."""

    def entity(self, placeholder: str) -> Entity | None:
        value = self.slots.get(placeholder)
        return value if isinstance(value, Entity) else None

    def number(self, placeholder: str) -> float | None:
        value = self.slots.get(placeholder)
        return value if isinstance(value, float) else None

    def place_beside(self, ph: str) -> tuple[list[str], str | None]:
        """The areas said right beside a device's placeholder ("the <light1> in the <area1>", "the <area1>
        <light1>"), else the floor ("the <light1> <floor1>"): a model that writes a named device without its
        place still has a shared name placed from here."""
        words = self.text.split()
        out: list[str] = []
        floor = None
        for i, w in enumerate(words):
            if w != ph:
                continue
            before = [b for b in words[max(0, i - 2):i] if b != "the"][-1:]
            after = [a for a in words[i + 1:i + 5] if a not in ("in", "on", "at", "from", "of", "the")][:1]
            for near in before + after:
                ent = self.entity(near)
                if ent is not None and ent.kind == "area" and ent.name not in out:
                    out.append(ent.name)
                elif ent is not None and ent.kind == "floor":
                    floor = floor or ent.name
        return out, None if out else floor

    def room_words_with(self, ph: str) -> set[str]:
        """Words for a room (:data:`ROOM_WORDS`) said with a device's placeholder: right before it ("the bedroom
        <cover1>") or after it with "in" ("the <cover1> in the bedroom")."""
        words = self.text.split()
        said = {words[i - 1] for i, w in enumerate(words) if w == ph and i > 0 and words[i - 1] in ROOM_WORDS}
        said |= {after[-1] for i, w in enumerate(words) if w == ph
                 for after in (words[i + 1:i + 3], words[i + 1:i + 4])
                 if len(after) >= 2 and after[0] == "in" and after[-1] in ROOM_WORDS
                 and (len(after) == 2 or after[1] in ("the", "my", "our"))}
        return said

    def copied(self, name: str) -> str | None:
        """A name the model copied from the sentence, as the sentence says it, or ``None`` when the sentence does
        not contain it (the model must never invent a name). A word the model cut short in copying is the
        sentence's ("=past" for "a pasty timer": the tokenizer's pieces "past" + "y"), and so is a word whose last
        letter it miscopied ("=pastu"); a longer word than the sentence's is not ("taper" for "tap")."""
        words = self.text.split()
        out: list[str] = []
        for w in name.split():
            if w in words:
                out.append(w)
                continue
            cut = {s for s in words if len(w) >= 4 and not s.startswith("<")
                   and ((s.startswith(w) and len(s) - len(w) <= 2) or (len(s) == len(w) and s[:-1] == w[:-1]))}
            if len(cut) != 1:
                return None
            out.append(cut.pop())
        return " ".join(out)

    def after_determiner(self, said: str | None) -> str | None:
        """``said`` where the sentence says it right after "the", "my", "our", "that" or "this" ("the gate")."""
        words = self.text.split()
        return said if any(w == said and i and words[i - 1] in ("the", "my", "our", "that", "this")
                           for i, w in enumerate(words)) else None

    def placeholder_for(self, entity: Entity) -> str:
        """A new placeholder standing for ``entity``, found outside the model's reading (a name said short)."""
        ph = f"<{entity.type}{sum(1 for p in self.slots if p.startswith(f'<{entity.type}')) + 1}>"
        self.slots[ph] = entity
        return ph

    def words_after(self, ph: str, n: int = 6) -> list[str]:
        """The ``n`` words after the first mention of placeholder ``ph`` ("still connected to the wifi")."""
        words = self.text.split()
        return words[words.index(ph) + 1:][:n] if ph in words else []

    def rooms_said_with(self, ph: str, areas: list[str | None]) -> list[str]:
        """"The bedroom blinds" / "the blinds in the bedroom" where "bedroom" names no area (the home has a "main
        bedroom" and an "annex bedroom"): a word for a room said with a shared name (:meth:`room_words_with`)
        picks, of the ``areas`` of the devices sharing it, those whose name has it, when that leaves fewer (only
        the main bedroom has blinds); so does the possessive of an area's name said right before the name
        ("ella's ceiling light", the area "ella's room"; "mum and dad's lamp"): only a possessive, as any other
        word before a name ("and", "open", "play") is no room's; else none."""
        said = self.room_words_with(ph)
        words = self.text.split()
        said |= {words[i - 1] for i, w in enumerate(words) if w == ph and i > 0}
        picked = [a for a in areas if a and (said & set(normalize(a).split()) & ROOM_WORDS or said & _possessives(a))]
        return list(dict.fromkeys(picked)) if picked and len(picked) < len(areas) else []


def _possessives(area: str) -> set[str]:
    """The possessives in an area's name as the normaliser writes them ("ella's room" -> {"ellas"})."""
    return {normalize(w) for w in area.lower().split() if w.endswith(("'s", "\u2019s", "s'"))}


def placeholder_stem(entity: Entity) -> str:
    return entity.type


def _levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _allowed_edits(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def _short_slip(word: str, target: str) -> bool:
    """One letter of a four-letter word misheard ("floor lamb" for "floor lamp"): allowed only inside
    a longer name whose other words were said exactly, never as the name's first word."""
    return len(word) == len(target) == 4 and word[:2] == target[:2] and sum(a != b for a, b in zip(word, target)) == 1


#: Comparatives that are commands of their own ("make the lights warmer", "a bit brighter"): never a device's name
#: by themselves, though a name may end with one ("towel warmer" is said whole).
_COMMAND_COMPARATIVES = frozenset({"warmer", "cooler", "brighter", "dimmer", "louder", "quieter", "softer", "hotter",
                                   "colder"})


@lru_cache(maxsize=1)
def not_head_words() -> frozenset[str]:
    """Words that never name a device on their own: words for a kind of device ("lamp", "blinds",
    "heating"), the 1000 commonest English words ("down", "night", "back") and comparatives that are commands
    ("warmer": :data:`_COMMAND_COMPARATIVES`)."""
    words = {w for forms in CLASS_WORDS.values() for plural, single, _ in forms for w in (plural, single)}
    common: list[str] = []
    with open(Path(__file__).resolve().parents[1] / "data" / "english_common_words.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                common.append(line.strip())
            if len(common) >= 1000:
                break
    return frozenset({singular(w.split()[-1]) for w in words} | {singular(w) for w in common} | _COMMAND_COMPARATIVES
                     | {"machine", "system", "unit", "thing", "device", "temperature", "humidity", "pressure", "power",
                        "energy", "motion", "sensor", "monitor", "meter", "detector", "level", "quality"})


@lru_cache(maxsize=1)
def _dictionary() -> "mmap.mmap | None":
    """pocketsphinx's pronouncing dictionary (130k English words, one per line), mapped from disk."""
    try:
        import pocketsphinx

        with open(Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict", "rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _is_english_word(word: str) -> bool:
    """Whether ``word`` is an English word as spelled: one that is ("heading") is not a slip of a
    one-word name ("heating"). Without pocketsphinx's dictionary, the common-words list answers."""
    words = _dictionary()
    if words is None:
        return word in not_head_words()
    key = word.encode("utf-8")
    return words.find(b"\n" + key + b" ") >= 0 or words[: len(key) + 1] == key + b" "


def _word_owners(entries: list[tuple[str, Entity]]) -> dict[str, set[Entity]]:
    """Every (singular) word of the home's names, with the entities whose names have it."""
    used: dict[str, set[Entity]] = {}
    for phrase, entity in entries:
        for word in normalize(phrase).split():
            used.setdefault(singular(word), set()).add(entity)
    return used


def _head_words(entries: list[tuple[str, Entity]]) -> list[tuple[str, Entity]]:
    """The last word of a device's name, as a name of its own where it says that device and nothing
    else in the home ("the purifier" for "air purifier", "the radio" for "kitchen radio"); never a
    word for a kind of device ("the lamp" is the room's lamp, a group or a question), a common word
    ("wind down" is not "down") or a word of a scene's or script's name."""
    used = _word_owners(entries)
    never = not_head_words()
    out: list[tuple[str, Entity]] = []
    for phrase, entity in entries:
        words = normalize(phrase).split()
        head = singular(words[-1]) if words else ""
        if (entity.kind == "device" and entity.type not in ("scene", "script") and len(words) > 1 and len(head) >= 4
                and not is_number(head) and head not in never and used.get(head) == {entity}):
            out.append((head, entity))
    return out


#: Words for a room that say one area of a home by themselves ("the bedroom" in a home whose only bedroom
#: is the "main bedroom").
ROOM_WORDS = frozenset(
    "bedroom bathroom kitchen office lounge hall hallway landing study garage garden utility laundry nursery loft attic "
    "basement cellar pantry larder porch patio terrace balcony conservatory toilet ensuite playroom den gym library "
    "workshop shed driveway annex cloakroom lobby entrance snug".split())


def _room_words(entries: list[tuple[str, Entity]]) -> list[tuple[str, Entity]]:
    """A word for a room inside an area's longer name, as a name of that area where no other name of the home
    (area, floor or device) contains it: "the bedroom" for the "main bedroom", "the office" for the "home office",
    "the kitchen" for the "kitchen diner"; never where the home has two bedrooms."""
    used = _word_owners(entries)
    out: list[tuple[str, Entity]] = []
    for phrase, entity in entries:
        words = normalize(phrase).split()
        if entity.kind != "area" or len(words) < 2:
            continue
        out += [(w, entity) for w in dict.fromkeys(words) if w in ROOM_WORDS and used.get(singular(w)) == {entity}]
    return out


_LOWER_FLOOR = re.compile(r"\b(ground|down|downstairs|lower|bottom|main)\b")
_UPPER_FLOOR = re.compile(r"\b(up|upstairs|upper|top|first|loft|attic)\b")
#: Floors below ground are called by their names ("the basement"), never "downstairs".
_BELOW_GROUND = re.compile(r"\b(basement|cellar)\b")


def stairs_aliases(floors: list[str], taken: set[str]) -> dict[str, str]:
    """"downstairs" and "upstairs" in a home of two storeys above ground whose floors are named otherwise
    ("ground floor", "first floor"; a bungalow's "main floor" and "loft"; a basement besides them is called the
    basement): the floor each one means, when its name says so. A home of more storeys is left alone
    ("upstairs" from the ground floor is not "upstairs" from the first)."""
    floors = [f for f in floors if not _BELOW_GROUND.search(f.lower())]
    if len(floors) != 2:
        return {}
    lower = [f for f in floors if _LOWER_FLOOR.search(f.lower())]
    upper = [f for f in floors if _UPPER_FLOOR.search(f.lower())]
    out: dict[str, str] = {}
    if len(lower) == 1 and upper != lower:
        out["downstairs"] = lower[0]
    if len(upper) == 1 and upper != lower:
        out["upstairs"] = upper[0]
    return {word: floor for word, floor in out.items() if word not in taken and word not in (f.lower() for f in floors)}


class Lexicon:
    """The configured names of one home, ready to be found in sentences."""

    def __init__(self, entities: Iterable[tuple[str, Entity]]) -> None:
        # variant (tuple of normalised words) -> entities it names
        self._variants: dict[tuple[str, ...], list[Entity]] = {}
        # (variant, entity) -> the name's words as written: only those said exactly may name a risky device
        self._surface: dict[tuple[tuple[str, ...], Entity], set[tuple[str, ...]]] = {}
        for phrase, entity in entities:
            written = tuple(normalize(phrase).split())
            words = tuple(singular(w) for w in written)
            if not words:
                continue
            bucket = self._variants.setdefault(words, [])
            if entity not in bucket:
                bucket.append(entity)
            self._surface.setdefault((words, entity), set()).add(written)
        self._vocab = {w for variant in self._variants for w in variant}
        self._max_len = max((len(v) for v in self._variants), default=0)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for variant in self._variants:
            self._by_first.setdefault(variant[0], []).append(variant)
        self._word_matches = lru_cache(maxsize=4096)(self._compute_word_matches)

    @classmethod
    def from_names(
        cls,
        devices: Iterable[tuple[str, str, Iterable[str]] | tuple[str, str, Iterable[str], str | None]] = (),
        areas: Iterable[str] = (),
        floors: Iterable[str] = (),
        floor_aliases: Mapping[str, str] | None = None,
    ) -> "Lexicon":
        """Build from ``(name, type, aliases[, device_class])`` devices, area names, floor names and other words for
        floors (``{"downstairs": "ground floor"}``)."""
        entries: list[tuple[str, Entity]] = []
        for name, dtype, aliases, *rest in devices:
            ent = Entity("device", name, dtype, rest[0] if rest else None)
            entries.append((name, ent))
            entries.extend((alias, ent) for alias in aliases)
        entries.extend((a, Entity("area", a, "area")) for a in areas)
        entries.extend((f, Entity("floor", f, "floor")) for f in floors)
        entries.extend((word, Entity("floor", f, "floor")) for word, f in (floor_aliases or {}).items())
        return cls(entries + _head_words(entries) + _room_words(entries))

    @classmethod
    def from_config(cls, config: "object") -> "Lexicon":
        """Build from a :class:`homeslm.config.model.Config`."""
        from homeslm.config.model import Config

        if not isinstance(config, Config):
            raise TypeError("Lexicon.from_config needs a homeslm.config.model.Config")
        areas = list(dict.fromkeys([*config.areas, *(a for f in config.floors for a in f.areas)]))
        floors = [f.name for f in config.floors]
        names = {n.lower() for d in config.devices for n in (d.name, *d.aliases)} | {a.lower() for a in areas}
        return cls.from_names(((d.name, d.type, d.aliases, d.device_class) for d in config.devices), areas, floors,
                              stairs_aliases(floors, names))

    # -- matching ---------------------------------------------------------------------------
    def _compute_word_matches(self, word: str) -> frozenset[tuple[str, int]]:
        """Vocabulary words this spoken word can stand for, with the edits it costs."""
        out: set[tuple[str, int]] = set()
        sing = singular(word)
        if sing in self._vocab:
            out.add((sing, 0))
        limit = _allowed_edits(sing)
        if limit:
            for v in self._vocab:
                if v != sing and v[:1] == sing[:1] or (limit > 1 and v != sing and v[-2:] == sing[-2:]):
                    if _allowed_edits(v) == 0:
                        continue
                    d = _levenshtein(sing, v, min(limit, _allowed_edits(v)))
                    if d <= min(limit, _allowed_edits(v)):
                        out.add((v, d))
        return frozenset(out)

    def _match_at(self, words: list[str], i: int) -> tuple[int, tuple[str, ...], int] | None:
        """Longest name variant starting at words[i]: (spoken words it takes, variant, edits)."""
        best: tuple[int, tuple[str, ...], int] | None = None
        firsts = set(self._word_matches(words[i]))
        if i + 1 < len(words):  # a name's word split in two by the recogniser ("the pro jector"), exactly
            firsts |= {(v, d) for v, d in self._word_matches(words[i] + words[i + 1]) if d == 0}
        for first in {v for v, _ in firsts}:
            for variant in self._by_first.get(first, ()):
                j, edits, short_slips = i, 0, 0
                for k, target in enumerate(variant):
                    step = self._word_at(words, j, target, first_word=k == 0)
                    if step is None:
                        edits = -1
                        break
                    used, cost, slip = step
                    j, edits, short_slips = j + used, edits + cost, short_slips + slip
                if edits < 0 or (short_slips and edits > short_slips) or short_slips > 1:
                    continue  # a short word's slip only beside words said exactly
                # a one-word name needs an exact (singular) match unless it is long, and then never one
                # by another English word ("we're heading out" does not name the "heating")
                if len(variant) == 1 and edits > 0 and (len(variant[0]) < 7 or j - i == 1 and _is_english_word(words[i])):
                    continue
                if best is None or j - i > best[0] or (j - i == best[0] and edits < best[2]):
                    best = (j - i, variant, edits)
        return best

    def _word_at(self, words: list[str], j: int, target: str, *, first_word: bool) -> tuple[int, int, int] | None:
        """How ``words[j:]`` can say the name word ``target``: (spoken words used, edits, short slips), or ``None``."""
        if j >= len(words):
            return None
        match = [d for v, d in self._word_matches(words[j]) if v == target]
        if match:
            return 1, min(match), 0
        if not first_word and _short_slip(singular(words[j]), target):
            return 1, 1, 1  # "arc lamb" for "arc lamp"
        if j + 1 < len(words) and len(target) >= 6:  # "pro jector", "back light"
            if any(v == target and d == 0 for v, d in self._word_matches(words[j] + words[j + 1])):
                return 2, 1, 0
        return None

    def tag(self, text: str, *, normalized: bool = False, skip: frozenset[str] = frozenset()) -> Tagged:
        """Replace names and numbers in ``text`` by placeholders (``<light1>``, ``<area1>``, ``<num1>``);
        devices named in ``skip`` are left as words."""
        words = (text if normalized else normalize(text)).split()
        out: list[str] = []
        tagged = Tagged(text="")
        by_entity: dict[Entity, str] = {}
        counts: dict[str, int] = {}
        i = 0
        while i < len(words):
            found = self._match_at(words, i) if self._max_len else None
            if found is not None and self._said_as_verb(words, i, found[0], self._variants[found[1]]):
                found = None
            candidates = [c for c in self._candidates(found, words, i) if c.kind != "device" or c.name not in skip
                          ] if found is not None else []
            if found is not None and not candidates:
                found = None  # only a risky device answers to these words, and they are not its name as written
            if found is not None:
                n, variant, _ = found
                entity = self._choose(candidates, out)
                ph = by_entity.get(entity)
                if ph is None:
                    stem = placeholder_stem(entity)
                    counts[stem] = counts.get(stem, 0) + 1
                    if counts[stem] <= MAX_PER_KIND:
                        ph = f"<{stem}{counts[stem]}>"
                        by_entity[entity] = ph
                        tagged.slots[ph] = entity
                        tagged.spans[ph] = " ".join(words[i : i + n])
                if ph is not None:
                    if entity.kind == "device":
                        names = tagged.names.get(ph, ())
                        more = (c.name for c in candidates if c.kind == "device")
                        tagged.names[ph] = tuple(dict.fromkeys((*names, *more)))
                    out.append(ph)
                    i += n
                    continue
            word = words[i]
            if is_number(word):
                counts["num"] = counts.get("num", 0) + 1
                if counts["num"] <= MAX_NUMBERS:
                    ph = f"<num{counts['num']}>"
                    tagged.slots[ph] = float(word)
                    tagged.spans[ph] = word
                    out.append(ph)
                    i += 1
                    continue
            out.append(word)
            i += 1
        tagged.text = " ".join(out)
        return tagged

    def _candidates(self, found: tuple[int, tuple[str, ...], int], words: list[str], i: int) -> list[Entity]:
        """The entities the matched words may name: those whose name is said exactly as written beat the
        others (an exact name beats a near-plural of another); a lock, a garage/door/gate cover or an alarm
        only when said exactly (:func:`homeslm.understanding.policies.fuzzy_never_reaches_riskier`)."""
        n, variant, edits = found
        said = tuple(words[i:i + n])
        pool = self._variants[variant]
        exact = [e for e in pool if said in self._surface.get((variant, e), set())]
        if exact:
            return exact
        # a plural said for a singular ("the front door's locked": normalised "front doors") still names a
        # lock that alone answers to it; a slip of a letter, or a near-plural another device shares, never does
        alone = edits == 0 and not any(e.kind == "device" and not risky(e.type, e.device_class) for e in pool)
        return [e for e in pool if e.kind != "device" or fuzzy_never_reaches_riskier(alone, e.type, e.device_class)]

    @staticmethod
    def _said_as_verb(words: list[str], i: int, n: int, candidates: list[Entity]) -> bool:
        """A one-word device name that opens the command and is followed by a determiner is the verb
        ("vacuum the living room", "can you hoover the house"), not the device named "vacuum"."""
        return (n == 1 and all(c.kind == "device" for c in candidates) and i + 1 < len(words)
                and words[i + 1] in _OBJECT_STARTS and (i == 0 or words[i - 1] in _COMMAND_OPENERS))

    @staticmethod
    def _choose(candidates: list[Entity], before: list[str]) -> Entity:
        """Pick among entities sharing a name: an area after "in"/"on", else a device."""
        if len(candidates) == 1:
            return candidates[0]
        prev = [w for w in before[-2:] if w != "the"]
        wants_place = bool(prev) and prev[-1] in _AREA_PREPOSITIONS
        for kind in (("area", "floor", "device") if wants_place else ("device", "area", "floor")):
            of_kind = [c for c in candidates if c.kind == kind]
            if of_kind:
                return min(of_kind, key=lambda c: _SHARED_TYPE_ORDER.get(c.type, 0) if kind == "device" else 0)
        return candidates[0]
