"""Resolution: the model's frames, in placeholder space, become schema intents on configured devices.

Nothing the model writes is executed unless it resolves here: every placeholder must stand for a
name the lexicon found in *this* sentence, every device must be configured and able to do the
action, every value must be in range, and a value the model wrote as an idiom word ("max", "zero")
must be carried by a word of the sentence. Anything else is a :class:`Refusal` with a polite sentence.

Around the model's reading, resolution also fills in what people leave out, always toward the narrower
or harmless choice: a class the sentence names ("the blinds"), the home's only device of a kind when
the room has none ("pause the music"), the whole home for a question asked where nothing can answer
it; and it drops a group command that only repeats one naming its devices.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Callable

from homeslm.actions import BUILTIN_ACTIONS
from homeslm.device_classes import alike_state, binary_class, has_state, schema_state
from homeslm.config.model import Config, Device
from homeslm.outcomes import RefusalKind
from homeslm.understanding import policies
from homeslm.understanding.lexicon import Entity, Tagged, not_head_words
from homeslm.understanding.notation import DURATION_UNITS, EVERYTHING, Frame
from homeslm.understanding.policies import Ambiguous, Refusal
from homeslm.understanding.scope import asks_the_whole_home, says_this_floor
from homeslm.understanding.responses import the
from homeslm.understanding.textnorm import as_said, normalize
from homeslm.understanding.vocab import CLASS_WORDS
from homeslm.schema import Intent, quantifier_problem

#: Device types each built-in action applies to (the plugin registry refines this at run time);
#: this and the tables below derive from :data:`homeslm.actions.BUILTIN_ACTIONS`.
ACTION_TYPES: dict[str, frozenset[str]] = {a.name: frozenset(a.types) for a in BUILTIN_ACTIONS if a.types}
#: The domain a target-less command addresses ("pause" -> the media players here).
DEFAULT_DOMAIN: dict[str, str] = {a.name: a.default_domain for a in BUILTIN_ACTIONS if a.default_domain}
TIMER_ACTIONS = frozenset(a.name for a in BUILTIN_ACTIONS if a.timer)
#: Ranges of numeric values, by action.
RANGES: dict[str, tuple[float, float]] = {a.name: a.value_range for a in BUILTIN_ACTIONS if a.value_range}
#: The unit a number of the action always has (``%``, ``K``), whatever unit the model wrote.
ACTION_UNITS: dict[str, str] = {a.name: a.unit for a in BUILTIN_ACTIONS if a.unit}
#: One action per meaning: a valve's "on" and "off" are its open and close ("turn the sprinkler on",
#: "is the hose on" -> ``open``), as docs/DESIGN.md §3 has valves open and close.
_CANONICAL_ACTION: dict[tuple[str, str], str] = {("valve", "turn_on"): "open", ("valve", "turn_off"): "close"}
_CANONICAL_STATE: dict[tuple[str, str], str] = {("valve", "on"): "open", ("valve", "off"): "closed"}


def canonical(action: str, device_type: str, value: int | float | str | None) -> tuple[str, int | float | str | None]:
    """The schema's way of saying ``action`` (and a valve's ``get_state`` value) for a device of ``device_type``,
    as the notation writes it too (the grammar's labels use it). A binary sensor's or a person's state becomes
    the schema's in :meth:`Resolver._canonical` only, which knows the device's class."""
    if action == "get_state" and isinstance(value, str):
        return action, _CANONICAL_STATE.get((device_type, value), value)
    return _CANONICAL_ACTION.get((device_type, action), action), value


ADVERB_FLOORS = frozenset({"upstairs", "downstairs", "downstairs floor"})
_UNIT = {"%": "%", "K": "K", "C": "°C", "F": "°F"}
_PLURAL = {"light": "lights", "switch": "switches", "fan": "fans", "cover": "covers", "climate": "thermostats",
           "lock": "locks", "media_player": "media players", "binary_sensor": "sensors", "sensor": "sensors",
           "vacuum": "vacuums", "valve": "valves", "scene": "scenes", "script": "scripts"}


@dataclass(frozen=True)
class Plan:
    """One intent and the devices it acts on."""

    intent: Intent
    """Schema intent, as printed by ``homeslm parse --json``."""
    devices: tuple[Device, ...]
    """Devices to act on (fan-out of area/floor/house commands); empty for timers and ``cancel``."""
    response: str
    """Spoken acknowledgement of this one intent."""
    leaves_out: bool = False
    """Part of a group command that left something out ("all the lights except the kitchen")."""


def redundant(plan: Plan, others: Iterable[Plan]) -> bool:
    """A group command that adds nothing to commands naming devices: every device it acts on is told
    the same thing by name ("open the blind and let some light in", where the blind is the room's only
    cover). A remark after a command is sometimes read as the command again for the whole room."""
    if plan.intent.device is not None or not plan.devices:
        return False
    told = {d for o in others
            if o.intent.device is not None and (o.intent.action, o.intent.value) == (plan.intent.action, plan.intent.value)
            for d in o.devices}
    return all(d in told for d in plan.devices)


__all__ = ["ACTION_TYPES", "Ambiguous", "Plan", "Refusal", "Resolver", "canonical", "redundant"]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def speak_number(value: float) -> str:
    v = _number(value)
    return str(v)


def _sensor_reading(action: str, sensor: Device, value: int | float | str | None,
                    unit: str | None) -> tuple[str, int | float | str | None, str | None]:
    """A sensor is read the way docs/DESIGN.md §3 asks for what it measures: a thermometer's reading is
    ``get_temperature``; any other sensor's ("what does the hygrometer say") is ``get_state`` with no
    value. The model cannot tell them apart: both are ``<sensor1>`` to it."""
    if action == "get_temperature" and sensor.device_class not in (None, "temperature"):
        return "get_state", None, None
    if action == "get_state" and value is None and sensor.device_class == "temperature":
        return "get_temperature", None, None
    return action, value, unit


def _idiom_said(value: float, tagged: Tagged) -> bool:
    """The policy :func:`~homeslm.understanding.policies.value_carried_by_a_word` on the tagged sentence
    ("the blinds in the office and the kitchen all the way up": 100 %, said once for both)."""
    return policies.value_carried_by_a_word(value, tagged.text.split(),
                                            [v for v in tagged.slots.values() if not isinstance(v, Entity)])


def _with_said_class(fr: Frame, text: str) -> Frame:
    """A group command keeps the device class the sentence names ("lower the blinds": ``cover:blind``)
    when the model wrote the bare domain; only for a sentence with one command and one such class."""
    domain = fr.domain or DEFAULT_DOMAIN.get(fr.action)
    if fr.device or fr.unknown or not domain or ":" in domain:
        return fr
    words = f" {text} "
    said = {cls for plural, single, cls in CLASS_WORDS.get(domain, ())
            if cls and (f" {plural} " in words or f" {single} " in words)}
    return dataclasses.replace(fr, domain=f"{domain}:{said.pop()}") if len(said) == 1 else fr


class Resolver:
    """Turns frames into plans against one configuration."""

    def __init__(self, config: Config, supports: Callable[[Device, str], bool] | None = None) -> None:
        self.config = config
        self.supports = supports
        self._floors = {f.name: tuple(f.areas) for f in config.floors}
        #: Device names several devices share ("ceiling light" in each room): answers say their room.
        self.shared_names = frozenset(n for n, c in Counter(d.name for d in config.devices).items() if c > 1)

    # -- helpers -------------------------------------------------------------------------------
    def spoken(self, tagged: Tagged, ph: str) -> str | None:
        """How a placeholder is said in a response."""
        value = tagged.slots.get(ph)
        if isinstance(value, Entity):
            if value.kind == "device":
                dev = self.config.device(value.name)
                if dev is not None and dev.type in ("scene", "script", "person"):  # "Checking nana.", never "the nana"
                    return value.name
                return the(value.name)
            if value.kind == "area":
                return the(value.name)
            return value.name if value.name in ADVERB_FLOORS else the(value.name)
        if isinstance(value, float):
            return speak_number(value)
        return None

    def _entity(self, tagged: Tagged, ph: str, kind: str) -> Entity:
        ent = tagged.entity(ph)
        if ent is None or ent.kind != kind:
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
        return ent

    def _own_meaning(self, device: Device, action: str) -> bool:
        """The device's plugin registered ``action`` for a device type the built-in table does not give it
        (a kettle, a ``switch`` whose plugin takes ``set_temperature``): the plugin gives the action its
        meaning and checks its value, so the built-in range (5 to 35 °C, for a thermostat) does not apply."""
        allowed = ACTION_TYPES.get(action)
        return (allowed is not None and device.type not in allowed and self.supports is not None
                and self.supports(device, action))

    def _check_range(self, action: str, n: float, unit: str | None, devices: tuple[Device, ...]) -> None:
        """Refuse a number outside the built-in range of ``action`` (:data:`RANGES`; temperatures by unit),
        unless every device acted on gives the action its own meaning (:meth:`_own_meaning`)."""
        if devices and all(self._own_meaning(d, action) for d in devices):
            return
        lo_hi = RANGES.get(action)
        if action == "set_temperature":
            lo_hi = (40, 95) if unit == "°F" or (unit is None and self.config.temperature_unit == "fahrenheit") else (5, 35)
        if lo_hi and not lo_hi[0] <= n <= lo_hi[1]:
            said = f"{speak_number(n)}{' percent' if unit == '%' else ''}"
            raise Refusal(RefusalKind.INVALID_VALUE, f"Sorry, {said} is out of range.")

    def _value(self, fr: Frame, tagged: Tagged,
               devices: tuple[Device, ...] = ()) -> tuple[int | float | str | None, str | None]:
        """The frame's value and unit; a number is checked against its action's range (:meth:`_check_range`)
        for ``devices``, the devices it is for when known before the plan (a named device, a follow-up's)."""
        if fr.duration:
            total = 0.0
            for num, dur_unit in fr.duration:
                n = tagged.number(num) if num.startswith("<") else float(num)
                if n is None:
                    raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
                total += n * DURATION_UNITS[dur_unit]
            if not 1 <= total <= 86400:
                raise Refusal(RefusalKind.INVALID_VALUE, "Sorry, timers can run from one second to one day.")
            return _number(total), "s"
        if fr.number is not None:
            n = tagged.number(fr.number) if fr.number.startswith("<") else float(fr.number)
            if n is None or (not fr.number.startswith("<") and not _idiom_said(n, tagged)):
                raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
            if fr.number.startswith("<"):
                policies.a_time_of_day_sets_nothing(tagged.text, fr.number)
            unit = ACTION_UNITS.get(fr.action) or _UNIT.get(fr.unit or "")
            self._check_range(fr.action, n, unit, devices)
            return _number(n), unit
        if fr.word is not None:
            alike = (alike_state(fr.word, devices[0].device_class)
                     if len(devices) == 1 and devices[0].type == "binary_sensor" else None)
            return alike or fr.word, None  # "connected" read as a plug's plugged_in, asked of a connectivity sensor
        return None, None

    def _canonical(self, action: str, device_type: str, value: int | float | str | None,
                   devices: tuple[Device, ...]) -> tuple[str, int | float | str | None]:
        """:func:`canonical`, where every device can do the canonical action (a valve whose plugin only
        switches keeps ``turn_on``); a ``get_state`` value as the schema has it for the devices' type and class
        (:func:`homeslm.device_classes.schema_state`: a moisture sensor's ``wet`` is ``on``, a person's
        ``away`` is ``not_home``)."""
        new_action, new_value = canonical(action, device_type, value)
        if new_action != action and self.supports is not None and not all(self.supports(d, new_action) for d in devices):
            return action, value
        if new_action == "get_state" and isinstance(new_value, str):
            # the schema's side only (the notation, which the grammar's labels also build, keeps its words)
            classes = {d.device_class for d in devices}
            new_value = schema_state(device_type, classes.pop() if len(classes) == 1 else None, new_value)
        return new_action, new_value

    def _check(self, device: Device, action: str) -> None:
        allowed = ACTION_TYPES.get(action)
        ok = ((allowed is None or device.type in allowed or self._own_meaning(device, action))
              and (self.supports is None or self.supports(device, action)))
        if not ok:
            raise Refusal(RefusalKind.UNSUPPORTED, f"Sorry, {the(device.name)} can't do that.")

    def devices_of(self, domain: str, areas: list[str], floors: list[str]) -> list[Device]:
        """The devices of ``domain`` (a type, or a type and class: ``cover:blind``) in those areas, else floors."""
        base, _, cls = domain.partition(":")
        pool = [d for d in self.config.devices if d.type == base]
        if cls:  # the class said; where none has it, devices configured with no class (never another class:
            # "close the curtains" must not close the garage door, "is anything plugged in" asks no window sensor)
            exact = [d for d in pool if d.device_class == cls]
            pool = exact or ([] if base in ("binary_sensor", "sensor") else [d for d in pool if d.device_class is None])
        if areas:
            pool = [d for d in pool if d.area in areas]
        elif floors:
            allowed = {a for f in floors for a in self._floors.get(f, ())}
            pool = [d for d in pool if d.area in allowed]
        return pool

    # -- the main job ----------------------------------------------------------------------------
    def resolve(self, frames: list[Frame], tagged: Tagged, context_area: str | None,
                previous: tuple[Plan, ...] = (), *, said: str | None = None,
                chosen: dict[str, Device] | None = None) -> list[tuple[Plan, Frame]]:
        """Plans for ``frames``; raises :class:`Refusal`. ``said``: the sentence as spoken or typed (its
        question mark kept), for the policy that a question never acts; ``chosen``: the device the answer
        to a "which one?" picked, by the name asked about."""
        if len(frames) == 1:
            frames = [_with_said_class(frames[0], tagged.text)]
        out: list[tuple[Plan, Frame]] = []
        for fr in frames:
            if fr.unknown:
                copied = tagged.copied(fr.unknown)
                short = policies.a_name_said_short(
                    tagged.after_determiner(copied), self.config.devices,
                    lambda d: self._can(d, fr.action) and (fr.action != "get_state" or not fr.word
                                                           or has_state(d.type, d.device_class, fr.word)),
                    common=not_head_words(), areas=[self._entity(tagged, a, "area").name for a in fr.areas])
                if short is None:
                    policies.unknown_device_is_refused(fr.unknown, as_said(copied, said))
                dev = next(d for d in self.config.devices if d.name == short)
                fr = replace(fr, device=tagged.placeholder_for(Entity("device", dev.name, dev.type, dev.device_class)),
                             unknown=None)
            if fr.action == "toggle":
                policies.flip_was_said(tagged.text)
            if fr.action == "same" or fr.it:
                out += self._followup(fr, tagged, context_area, previous, chosen)
                continue
            if fr.leaves_out:
                out += [(p, fr) for p in self._plans_leaving_out(fr, tagged, context_area, chosen)]
                continue
            if (fr.device and not fr.house and (fr.areas or fr.floors) and fr.action not in TIMER_ACTIONS
                    and tagged.text.split().count(fr.device) == 1  # the words kept are the first mention's
                    and policies.plural_name_is_each(self._names(fr.device, tagged), tagged.spans.get(fr.device, ""))):
                fr = replace(fr, house=True)  # "turn the radiators off upstairs": each radiator there
            plan = self._plan(fr, tagged, context_area, chosen)
            if fr.device and fr.house and plan.intent.device and len(plan.devices) > 1:
                # "all the ceiling lights": each device of the name is an intent of its own, with its room
                # (docs/DESIGN.md section 3: a named device's area is its area)
                out += [(Plan(replace(plan.intent, area=d.area, floor=None), (d,), plan.response), fr) for d in plan.devices]
                continue
            out.append((plan, fr))
        plans = [p for p, _ in out]
        out = [(p, fr) for p, fr in out if not redundant(p, plans)]
        if said is not None:
            out = _no_action_from_a_question(out, said, tagged.text)
        return out

    def _named_device(self, fr: Frame, tagged: Tagged, context_area: str | None,
                      chosen: dict[str, Device] | None = None) -> Device:
        """The configured device the frame names (``fr.device``); of several sharing the name, the one the
        policy :func:`~homeslm.understanding.policies.shared_name` settles on, or the one ``chosen``."""
        ph = fr.device or ""
        ent = self._entity(tagged, ph, "device")
        candidates = self._called(ph, tagged)
        if not candidates:
            raise Refusal(RefusalKind.UNKNOWN_DEVICE, f"Sorry, I don't know a device called {ent.name}.")
        if chosen and ent.name in chosen and chosen[ent.name] in candidates:
            return chosen[ent.name]
        # the entity of a thing the model read by its quantity ("what's the kettle drawing": sensor:power)
        typed = [d for d in candidates if fr.domain in (d.type, f"{d.type}:{d.device_class}")] if fr.domain else []
        if typed and len(candidates) > 1:
            candidates = typed
        named_areas = [self._entity(tagged, a, "area").name for a in fr.areas]
        floor = self._entity(tagged, fr.floors[0], "floor").name if fr.floors and not named_areas else None
        if not named_areas and not floor:
            named_areas, floor = tagged.place_beside(ph)
        if not named_areas and not floor and len(candidates) > 1:
            named_areas = tagged.rooms_said_with(ph, [d.area for d in candidates])
        where = None
        if floor:  # "the ceiling light upstairs": the rooms of that floor
            named_areas, where = list(self._floors.get(floor, ())), floor if floor in ADVERB_FLOORS else f"on the {floor}"
        return policies.shared_name(candidates, named_areas=named_areas, context_area=context_area,
                                    can=lambda d: self._can(d, fr.action), words=tagged.text.split(), where=where,
                                    after=tagged.words_after(ph),
                                    state=fr.word if fr.action == "get_state" else None)

    def _names(self, ph: str, tagged: Tagged) -> set[str]:
        """The names and aliases of the devices placeholder ``ph`` says, normalised."""
        return {normalize(n) for d in self._called(ph, tagged) for n in (d.name, *d.aliases)}

    def _called(self, ph: str, tagged: Tagged) -> list[Device]:
        """Every configured device the name of placeholder ``ph`` says (names repeat across rooms and types)."""
        names = tagged.names.get(ph, (self._entity(tagged, ph, "device").name,))
        return [d for d in self.config.devices if d.name in names]

    def _can(self, device: Device, action: str) -> bool:
        """Whether ``device`` can do ``action`` (said the schema's way for its type)."""
        try:
            self._check(device, self._canonical(action, device.type, None, (device,))[0])
        except Refusal:
            return False
        return True

    def _shares_place_and_type(self, dev: Device) -> bool:
        return any(o is not dev and (o.name, o.area, o.type) == (dev.name, dev.area, dev.type) for o in self.config.devices)

    def _plans_leaving_out(self, fr: Frame, tagged: Tagged, context_area: str | None,
                           chosen: dict[str, Device] | None) -> list[Plan]:
        """A group command that leaves areas or devices out ("turn off all the lights except in the kitchen",
        "everything upstairs but the lamp"): the group's devices without them, one intent per area left
        whole (the schema has no key for what is left out) and one per device of an area left in part."""
        # a name said with the whole house ("close the blinds everywhere but the bedroom") is all the devices
        # that share it (:meth:`_everywhere`), left out of in the same way
        if (fr.device and not fr.house) or fr.action in TIMER_ACTIONS or fr.action == "cancel":
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
        whole = self._plan(replace(fr, excluded_areas=[], excluded_devices=[]), tagged, context_area, chosen)
        areas = {self._entity(tagged, a, "area").name for a in fr.excluded_areas}
        names = {self._entity(tagged, d, "device").name for d in fr.excluded_devices}
        kept = [d for d in whole.devices if d.area not in areas and d.name not in names]
        if not kept:
            raise Refusal(RefusalKind.NO_DEVICES, "Sorry, that leaves nothing to do.")
        i = whole.intent
        plans: list[Plan] = []
        for area in dict.fromkeys(d.area for d in kept):
            here = tuple(d for d in kept if d.area == area)
            if area is not None and len(here) == sum(d.area == area for d in whole.devices):
                plans.append(Plan(replace(i, area=area, floor=None), here, "", leaves_out=True))
            else:
                plans += [Plan(replace(i, device=d.name, area=d.area, floor=None, domain=d.type, quantifier=None), (d,), "",
                               leaves_out=True)
                          for d in here]
        return plans

    def _everywhere(self, fr: Frame, tagged: Tagged) -> Plan | None:
        """"Close the blinds everywhere": a name that several devices of one type share, said with the whole
        house, is all of them (that can do the action), those of the floor or rooms said with it ("every ceiling
        light upstairs"); ``None`` when the name is one device's."""
        devices = [d for d in self._called(fr.device or "", tagged) if self._can(d, fr.action)]
        places = {self._entity(tagged, a, "area").name for a in fr.areas}
        places |= {a for f in fr.floors for a in self._floors.get(self._entity(tagged, f, "floor").name, ())}
        if places:
            devices = [d for d in devices if d.area in places]
        if len(devices) < 2 or len({d.type for d in devices}) > 1:
            return None
        value, unit = self._value(fr, tagged, tuple(devices))
        action, value = self._canonical(fr.action, devices[0].type, value, tuple(devices))
        return Plan(Intent(action, device=devices[0].name, domain=devices[0].type, value=value, unit=unit), tuple(devices), "")

    def _plan(self, fr: Frame, tagged: Tagged, context_area: str | None, chosen: dict[str, Device] | None = None) -> Plan:
        action = fr.action
        if (fr.device and fr.house and action not in TIMER_ACTIONS
                and not policies.house_needs_a_scope_word(self._names(fr.device, tagged), tagged.spans.get(fr.device, ""),
                                                          tagged.text.split(), fr.device)):
            fr = replace(fr, house=False)  # "ella's ceiling light off": one ceiling light, not all nine
        if fr.device and fr.house and action != "cancel" and action not in TIMER_ACTIONS:
            everywhere = self._everywhere(fr, tagged)
            if everywhere is not None:
                return everywhere
        if not fr.device and fr.house and fr.domain != "vacuum":  # "hoover the house" is the home's robot
            policies.whole_home_was_said(tagged.text, action)
        named = (self._named_device(fr, tagged, context_area, chosen)
                 if fr.device and action != "cancel" and action not in TIMER_ACTIONS else None)
        value, unit = self._value(fr, tagged, (named,) if named is not None else ())
        if action == "cancel":
            return Plan(Intent("cancel"), (), "")
        if action in TIMER_ACTIONS:
            name: str | None = tagged.copied(fr.timer_name) if fr.timer_name else None
            policies.timer_name_was_said(action, fr.timer_name, name)
            if fr.timer_len and value is not None and action != "start_timer":
                name, value, unit = f"timer:{value}s", None, None
            if action in ("cancel_timer", "cancel_all_timers", "pause_timer", "resume_timer", "timer_status") and not fr.timer_len:
                value, unit = None, None
            # "cancel the kitchen timer": the timers started in that room (docs/DESIGN.md section 3); a timer
            # starts where it is said, so start_timer keeps no area
            area = (self._entity(tagged, fr.areas[0], "area").name
                    if fr.areas and action != "start_timer" else None)
            return Plan(Intent(action, device=name, area=area, domain="timer", value=value, unit=unit), (), "")
        if named is not None:
            dev = named
            action, value = self._canonical(action, dev.type, value, (dev,))
            if dev.type == "sensor":
                action, value, unit = _sensor_reading(action, dev, value, unit)
            self._check(dev, action)
            # a name shared in one room by devices of one type: the class tells them apart (docs/DESIGN.md §3)
            said_as = f"{dev.type}:{dev.device_class}" if dev.device_class and self._shares_place_and_type(dev) else dev.type
            return Plan(Intent(action, device=dev.name, area=dev.area, domain=said_as, value=value, unit=unit), (dev,), "")
        # a group: the domain named, or the action's natural one
        lights_named = any(isinstance(e, Entity) and e.kind == "device" and e.type == "light" for e in tagged.slots.values())
        if not policies.warmth_of_a_light(action, tagged.text.split(), lights_named):
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, did you mean the heating or the lights? Say turn the "
                                                      "heating down, or name the light to make it cooler.")
        domain = fr.domain or DEFAULT_DOMAIN.get(action)
        if domain is None:
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand which device you mean.")
        if domain == EVERYTHING:
            return self._everything(fr, action, tagged, context_area)
        if ACTION_TYPES.get(action) is not None and domain.partition(":")[0] not in ACTION_TYPES[action]:
            raise Refusal(RefusalKind.UNSUPPORTED, "Sorry, I can't do that.")
        areas = [self._entity(tagged, a, "area").name for a in fr.areas]
        floors = [self._entity(tagged, f, "floor").name for f in fr.floors]
        base, _, cls = domain.partition(":")
        house = fr.house or base == "vacuum"
        implicit = not areas and not floors and not house
        say_name = fr.one  # the one device found is said by name, not as a group
        whole_home = action == "get_state" and asks_the_whole_home(fr.one, fr.quantifier, base, tagged.text)
        if implicit and context_area and not whole_home:
            areas, floors = self._here(tagged.text, context_area)
        devices = self.devices_of(domain, areas, floors)
        asked_of_a_place = (base == "binary_sensor" and cls) or (base == "person" and areas and not implicit)
        if not devices and action == "get_state" and asked_of_a_place and not (implicit and self.devices_of(domain, [], [])):
            # "is anyone in the study" where the study has a motion sensor, not an occupancy one (or people asked of
            # a room); with no place said, the whole home's sensors of the class asked come first (below)
            alike = policies.sensed_alike(cls or base, value if isinstance(value, str) else None,
                                          lambda c: bool(self.devices_of(f"binary_sensor:{c}", areas, floors)))
            if alike is not None:
                (cls, value), base = alike, "binary_sensor"
                domain = f"binary_sensor:{cls}"
                devices = self.devices_of(domain, areas, floors)
        if domain == "climate" and not devices:
            devices = self._climate_elsewhere(action, areas, floors, implicit)
        elif base == "media_player" and implicit and not devices:
            # "turn on the tv", "pause the music" said where there is none: the home's only one, by name (a fan or
            # a lamp said in a room without one is not another room's: the room may have a device of that name)
            devices = list(policies.the_only_player(self.devices_of(domain, [], [])))
            say_name = True
        elif base == "vacuum":
            say_name = True  # "hoover the house": the home's robot, when it has one
        elif action == "get_state" and implicit and not devices:
            # "are any windows open", "is the window open" asked where there are none: the whole home (a question
            # acts on nothing)
            devices, areas = self.devices_of(domain, [], []), []
        action, value = self._canonical(action, base, value, tuple(devices))
        if say_name and len(devices) == 1:
            dev = devices[0]
            self._check(dev, action)
            return Plan(Intent(action, device=dev.name, area=dev.area, domain=dev.type, value=value, unit=unit), (dev,), "")
        # Heating and temperature are understood for any place (docs/DESIGN.md §3); whether anything there can
        # answer is known only with the plugins (the daemon, `homeslm do`), not to `homeslm parse`.
        if not devices and (base != "climate" or self.supports is not None):
            where = (f" in {the(areas[0])}" if areas else "" if not floors
                     else f" {floors[0]}" if floors[0] in ADVERB_FLOORS else f" on the {floors[0]}")
            if base == "person":  # "is anyone home" in a home with no person configured
                raise Refusal(RefusalKind.NO_DEVICES, "Sorry, no people are set up in this home.")
            if base == "climate":
                raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, there is no heating or thermometer{where}." if action == "get_temperature"
                              else f"Sorry, there is no heating{where}.")
            row = binary_class(cls) if base == "binary_sensor" else None  # "occupancy sensors", not "occupancys"
            noun = (f"{cls} sensors" if base == "sensor" else row.plural if row else cls + "s") if cls else _PLURAL.get(base, base)
            raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, there are no {noun}{where}.")
        if self.supports is not None:
            devices = [d for d in devices if self.supports(d, action)]
            if not devices:
                raise Refusal(RefusalKind.UNSUPPORTED, "Sorry, none of those devices can do that.")
        # "how many windows are open": the question's quantifier, where the schema has one (a group read); one
        # that does not apply is dropped, leaving "any", whose answer is true whatever was asked (state_answers)
        quantifier = fr.quantifier if quantifier_problem(action, None, domain, fr.quantifier) is None else None
        intent = Intent(action, area=areas[0] if areas else None, floor=floors[0] if floors and not areas else None,
                        domain=domain, value=value, unit=unit, quantifier=quantifier)
        return Plan(intent, tuple(devices), "")

    def _climate_elsewhere(self, action: str, areas: list[str], floors: list[str], implicit: bool) -> list[Device]:
        """Who answers for the heating of a place without a thermostat: for a temperature question its
        thermometers; said with no place in a room without heating ("set the heating to 20" in the
        kitchen), the home's thermostats, which usually heat the whole house."""
        if action == "get_temperature":
            sensors = [d for d in self.devices_of("sensor", areas, floors) if d.device_class in ("temperature", None)]
            if sensors:
                return sensors
        return self.devices_of("climate", [], []) if implicit else []

    def _everything(self, fr: Frame, action: str, tagged: Tagged, context_area: str | None) -> Plan:
        """"Turn off everything in the study": every device there that can do it (scenes and scripts are
        not things to switch off or on by the room)."""
        if action not in ("turn_on", "turn_off"):
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I did not understand that.")
        areas = [self._entity(tagged, a, "area").name for a in fr.areas]
        floors = [self._entity(tagged, f, "floor").name for f in fr.floors]
        if not areas and not floors and not fr.house and context_area:
            areas, floors = self._here(tagged.text, context_area)
        scope = set(areas) | {a for f in floors for a in self._floors.get(f, ())}
        devices = [d for d in self.config.devices if d.type in ACTION_TYPES[action] and d.type not in ("scene", "script")
                   and (not scope or d.area in scope) and (self.supports is None or self.supports(d, action))]
        if not devices:
            where = f" in {the(areas[0])}" if areas else (f" on the {floors[0]}" if floors else "")
            raise Refusal(RefusalKind.NO_DEVICES, f"Sorry, there is nothing to switch{where}.")
        intent = Intent(action, area=areas[0] if areas else None, floor=floors[0] if floors and not areas else None)
        return Plan(intent, tuple(devices), "")

    def _here(self, text: str, context_area: str) -> tuple[list[str], list[str]]:
        """(areas, floors) of a command with no place said: the microphone's room, or its floor ("on this floor")."""
        floor = next((f for f, areas in self._floors.items() if context_area in areas), None)
        return ([], [floor]) if floor and says_this_floor(text) else ([context_area], [])

    def _followup(self, fr: Frame, tagged: Tagged, context_area: str | None,
                  previous: tuple[Plan, ...], chosen: dict[str, Device] | None = None) -> list[tuple[Plan, Frame]]:
        # "turn it off" with nothing before: ask what "it" is, never guess the room's lights
        policies.it_needs_a_previous_command(fr.it, previous)
        out: list[tuple[Plan, Frame]] = []
        if fr.it:  # new action, previous targets
            value, unit = self._value(fr, tagged, tuple(d for plan in previous for d in plan.devices))
            for plan in previous:
                if not plan.devices:
                    continue
                for dev in plan.devices:
                    self._check(dev, fr.action)
                # "which lights are on" ... "turn them off": a new action over them has no quantifier
                quantifier = plan.intent.quantifier if fr.action == "get_state" else None
                intent = dataclasses.replace(plan.intent, action=fr.action, value=value, unit=unit, quantifier=quantifier)
                out.append((Plan(intent, plan.devices, ""), dataclasses.replace(fr, it=True)))
            if not out:
                raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I'm not sure what you are referring to.")
            return out
        # "same": previous action and value, new target
        for plan in previous:
            prev = plan.intent
            if prev.domain == "timer" or prev.action == "cancel":
                continue
            new = Frame(prev.action, device=fr.device, areas=list(fr.areas), floors=list(fr.floors), house=fr.house)
            new.domain = None if fr.device else (prev.domain if prev.device is None else prev.domain)
            new.quantifier = prev.quantifier  # "how many windows are open upstairs" ... "and downstairs?"
            p = self._plan(new, tagged, context_area, chosen)
            if isinstance(prev.value, (int, float)) and prev.unit != "s":  # 80 degrees for the kettle, not the heating
                self._check_range(p.intent.action, prev.value, prev.unit, p.devices)
            p = Plan(dataclasses.replace(p.intent, value=prev.value, unit=prev.unit), p.devices, "")
            out.append((p, new))
        if not out:
            raise Refusal(RefusalKind.NOT_UNDERSTOOD, "Sorry, I'm not sure what you are referring to.")
        return out


def _no_action_from_a_question(out: list[tuple[Plan, Frame]], said: str, tagged: str) -> list[tuple[Plan, Frame]]:
    """The policy :func:`~homeslm.understanding.policies.question_never_acts`: what a question reads as an action is
    dropped or asked as the state it leaves, its read-only intents kept; nothing left is a refusal."""
    kept: list[tuple[Plan, Frame]] = []
    refusal: Refusal | None = None
    for plan, fr in out:
        try:
            readable = bool(plan.intent.device) and all(d.type in ACTION_TYPES["get_state"] for d in plan.devices)
            state = policies.question_never_acts(said, plan.intent.action, tagged, named=readable)
        except Refusal as ref:
            refusal = ref
            continue
        if state is not None:  # asked as the state the action leaves ("" for a flip: whichever it is)
            plan = replace(plan, intent=replace(plan.intent, action="get_state", value=state or None))
        kept.append((plan, fr))
    if refusal is not None and not kept:
        raise refusal
    return kept
