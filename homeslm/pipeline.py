"""One utterance, from text to device commands and a spoken answer (docs/DESIGN.md section 1).

:class:`Pipeline` gets its parts (an understander, the action registry, the MQTT client, the config,
a text-to-speech hook) and builds none of them; the daemon and the one-shot CLI commands build them.
For each utterance (:meth:`Pipeline.handle_text`):

1. understand the text (:class:`homeslm.understanding.understander.Understander`); a refusal ("not understood", an unknown
   device) is answered with its polite sentence and nothing is executed;
2. confirmation guards the risky action, not the sentence (:mod:`homeslm.understanding.confirmation`): what asks
   first (unlocking the front door) is held and asked about ("Do you want me to unlock the front
   door?"), the rest of the sentence runs at once; the held part waits for ``followup_window_s`` for
   the same site's next utterance: a yes executes it, a no, the window running out (see
   :meth:`Pipeline.expire_pending`) or any other utterance drops it and says so ("OK, I won't unlock
   the front door.", before the other utterance's own answer). A yes where nothing waits is answered
   :data:`NOTHING_TO_CONFIRM`; a yes from another site, or from the same site over another channel (a
   question asked aloud, a yes over MQTT, or the other way round), never settles a site's question;
3. execute every plan through the registry: one intent per device for area/floor fan-outs, the plan's
   own intent for device-less domains (timers), each isolated by the registry; the sentence's actions on
   different devices run side by side under one deadline (``action_timeout_s`` for the whole sentence),
   those on one device one after the other in the sentence's order; results in plan and device order;
4. answer: the understanding's response when everything worked silently, else per plan what the
   plugins said (state reads, failures) or the plan's acknowledgement; publish ``homeslm/<site>/intent``
   (the schema plus ``results``) and ``homeslm/<site>/response``, and speak it.

An exception inside one utterance is caught at this boundary, logged with the utterance, and answered
"Sorry, something went wrong."; it never reaches the daemon's loop.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from homeslm.config.model import Config, Device, with_article
from homeslm.understanding.confirmation import acknowledgement, asks_before, confirmation_question, declined_answer, split_plans
from homeslm.mqtt import intent_topic, response_topic, transcript_topic
from homeslm.outcomes import Status
from homeslm.schema import ActionResult, Intent
from homeslm.state_answers import group_answer

if TYPE_CHECKING:
    from homeslm.understanding.resolve import Plan
    from homeslm.understanding.understander import Understanding
    from homeslm.plugins import ActionRegistry

logger = logging.getLogger(__name__)

#: What a failing utterance is answered with.
SORRY = "Sorry, something went wrong."
#: The answer to a "no" (or silence) when nothing could name what was declined; see
#: :func:`homeslm.understanding.confirmation.declined_answer` for "OK, I won't unlock the front door.".
DECLINED = "OK, I won't."
#: The answer to a yes where no question waits (none was asked at this site, or it was settled).
NOTHING_TO_CONFIRM = "There is nothing to confirm here."

SOURCES = ("mqtt", "cli", "voice")
#: The longest answer published or spoken, in characters; a longer one is cut at a word (:func:`clip_answer`).
MAX_ANSWER_CHARS = 300
#: What a cut answer ends with.
CUT_ENDING = ", and so on."


def clip_answer(text: str, max_chars: int = MAX_ANSWER_CHARS) -> str:
    """``text`` unchanged when at most ``max_chars`` long, else cut at the last word that fits and ended with
    :data:`CUT_ENDING` (the whole at most ``max_chars``; a single word longer than that is cut inside)."""
    if len(text) <= max_chars:
        return text
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    room = max(0, max_chars - len(CUT_ENDING))
    head = text[:room + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else text[:room]
    return head.rstrip(" ,.;:!?") + CUT_ENDING

def needs_confirmation(understanding: Understanding) -> bool:
    """Whether some action of the understanding waits for a yes (unlocking the front door does; asking
    whether it is locked, or locking it, does not): :func:`homeslm.understanding.confirmation.asks_before`."""
    return any(asks_before(d, plan.intent) for plan in understanding.plans for d in plan.devices)


class UnderstanderLike(Protocol):
    """What the pipeline uses of :class:`homeslm.understanding.understander.Understander`."""

    def understand(self, text: str, *, area: str | None = None, site: str | None = None) -> Understanding: ...

    def remember(self, site: str, understanding: Understanding) -> None: ...


class Publisher(Protocol):
    """What the pipeline uses of :class:`homeslm.mqtt.MqttClient`."""

    def publish(self, topic: str, payload: str | bytes | dict[str, Any], *, qos: int = 1, retain: bool = False) -> Any: ...


@dataclass(frozen=True)
class ActionOutcome:
    """One intent executed on one device (or on a device-less domain)."""

    device: str | None
    """The device's canonical name; ``None`` for device-less domains (timers)."""
    intent: Intent
    """The intent as the plugin received it (for a fan-out: with this device's name, area and type)."""
    result: ActionResult

    def to_dict(self, index: int) -> dict[str, Any]:
        """One entry of the ``results`` list on the ``intent`` topic."""
        out = self.result.to_dict()
        out.update({"index": index, "action": self.intent.action, "device": self.device})
        return out


@dataclass(frozen=True)
class Outcome:
    """What became of one utterance."""

    text: str
    """What was said or sent."""
    source: str
    """``mqtt``, ``cli`` or ``voice``."""
    status: Status
    """What became of it (:class:`homeslm.outcomes.Status`; never ``UNDERSTOOD``, which is ``homeslm parse``'s)."""
    response: str
    """What was answered (published on ``homeslm/<site>/response`` and spoken)."""
    understanding: Understanding | None = None
    """The understanding acted on (for a "yes": the confirmed command); ``None`` on errors."""
    actions: tuple[tuple[ActionOutcome, ...], ...] = ()
    """Per plan, the actions executed; empty when nothing was executed."""

    @property
    def results(self) -> tuple[tuple[tuple[str | None, ActionResult], ...], ...]:
        """Per plan, ``(device name or None, ActionResult)`` for each action executed."""
        return tuple(tuple((a.device, a.result) for a in plan) for plan in self.actions)

    @property
    def ok(self) -> bool:
        """Whether the utterance was carried out completely (or was a state read that worked)."""
        return self.status == Status.EXECUTED


@dataclass
class _Pending:
    understanding: Understanding
    """What waits for the yes: only the held plans (and devices), with the sentence's text."""
    asked_s: float
    source: str
    request_id: str | int | None
    declined: str
    """"OK, I won't unlock the front door.": said when it is dropped."""


def _part(understanding: Understanding, plans: list[Plan], response: str) -> Understanding:
    """The same utterance reduced to ``plans`` (what runs now, or what waits for a yes)."""
    result = replace(understanding.result, intents=tuple(p.intent for p in plans), response=response,
                     needs_confirmation=False)
    return replace(understanding, result=result, plans=tuple(plans))


def _then(first: str, answer: str) -> str:
    """Two answers said one after the other."""
    return f"{first} {answer}".strip() if first else answer


def _json(payload: dict[str, Any]) -> str:
    """JSON for MQTT; plugin data that is not JSON becomes its ``str``."""
    return json.dumps(payload, ensure_ascii=False, default=str)


class Pipeline:
    """Runs utterances through understanding, plugins, MQTT and speech (see the module docstring).

    :param understander: text -> :class:`homeslm.understanding.understander.Understanding`; remembers the site's last command.
    :param registry: the :class:`homeslm.plugins.ActionRegistry` that executes intents.
    :param mqtt: publishes the ``intent``, ``response`` and ``transcript`` topics; ``None`` publishes nothing.
    :param config: the home (site, follow-up window).
    :param speak: the text-to-speech hook, called with every answer; ``None`` speaks nothing.
    :param action_timeout_s: time limit of one action on one device.
    :param clock: monotonic seconds, for the confirmation window.
    :param on_answer: called with ``(outcome, site, request_id)`` after each answer is published (the Hermes
        bridge: ``hermes/intent/...``); never lets an exception through.
    :param remote_sites: sites whose answers are not spoken here (Hermes satellites: ``on_answer`` takes them there).
    """

    def __init__(
        self,
        understander: UnderstanderLike,
        registry: ActionRegistry,
        mqtt: Publisher | None,
        config: Config,
        *,
        speak: Callable[[str], None] | None = None,
        action_timeout_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        on_answer: Callable[[Outcome, str, str | int | None], None] | None = None,
        remote_sites: frozenset[str] = frozenset(),
    ) -> None:
        if action_timeout_s <= 0:
            raise ValueError(f"action_timeout_s must be positive, got {action_timeout_s}")
        self.understander = understander
        self.registry = registry
        self.mqtt = mqtt
        self.config = config
        self._speak = speak
        self.action_timeout_s = action_timeout_s
        self._clock = clock
        self._on_answer = on_answer
        self._remote_sites = remote_sites
        self._lock = threading.RLock()
        self._pending: dict[str, _Pending] = {}

    # -- public ---------------------------------------------------------------------------------

    def handle_text(self, text: str, *, source: str = "mqtt", area: str | None = None, site: str | None = None,
                    request_id: str | int | None = None) -> Outcome:
        """Understand ``text``, execute it, publish and speak the answer; never raises.

        :param source: where the text came from (``mqtt``, ``cli``, ``voice``), for logs and the intent topic.
        :param area: the room the command counts as spoken in (default: the config's ``area``).
        :param site: the site whose follow-ups and confirmations this belongs to (default: the config's).
        :param request_id: echoed as ``id`` on the ``intent`` and ``response`` topics (MQTT ``{"id": ...}``).
        """
        site = site or self.config.site
        try:
            with self._lock:
                outcome = self._handle(text, source, area, site, request_id)
        except Exception:  # boundary: one utterance must never take the daemon down
            logger.exception("utterance from %s failed: %r (site %s, area %s)", source, text, site, area)
            outcome = Outcome(text=text, source=source, status=Status.ERROR, response=SORRY)
        return self._answer(outcome, site, request_id)

    def expire_pending(self) -> list[Outcome]:
        """Drop questions nobody answered within the follow-up window, saying so ("OK, I won't unlock the
        front door.").

        The daemon calls this from its worker loop about once a second.
        """
        now = self._clock()
        expired: list[tuple[str, _Pending]] = []
        with self._lock:
            for site, pending in list(self._pending.items()):
                if now - pending.asked_s > self.config.followup_window_s:
                    del self._pending[site]
                    expired.append((site, pending))
        outcomes = []
        for site, pending in expired:
            outcome = Outcome(text="", source=pending.source, status=Status.EXPIRED, response=pending.declined,
                              understanding=pending.understanding)
            outcomes.append(self._answer(outcome, site, pending.request_id))
        return outcomes

    def pending_question(self, site: str | None = None) -> bool:
        """Whether a confirmation question is waiting for the site's answer."""
        with self._lock:
            return (site or self.config.site) in self._pending

    def publish_transcript(self, text: str, confidence: float | None = None, *, site: str | None = None) -> None:
        """Publish ``homeslm/<site>/transcript`` ``{"text": ..., "confidence": ...}`` (the voice front end's)."""
        self._publish(transcript_topic(site or self.config.site), {"text": text, "confidence": confidence})

    def announce(self, text: str, *, site: str | None = None) -> None:
        """Publish ``text`` as a response of ``site`` and speak it (timer ends, plugin announcements), unless
        ``site`` is one of ``remote_sites`` (the daemon says it there); never raises."""
        site = site or self.config.site
        self._publish(response_topic(site), {"text": text})
        if site not in self._remote_sites:
            self._say(text)

    # -- one utterance --------------------------------------------------------------------------

    def _handle(self, text: str, source: str, area: str | None, site: str, request_id: str | int | None) -> Outcome:
        from homeslm.understanding.understander import yes_or_no  # the understanding stage loads the model code: only when used

        answer = yes_or_no(text)
        dropped = ""  # "OK, I won't unlock the front door." when this utterance drops a question
        pending = self._pending.pop(site, None)  # only this site's own question: a yes never crosses sites
        if pending is not None and pending.source != source:
            # Nor channels: a question asked aloud is answered aloud, one asked over MQTT over MQTT (whoever can
            # publish to the broker must not confirm what the room was asked). It stays for its own channel.
            self._pending[site] = pending
            if answer is not None:
                logger.info("a %s from %s does not answer the question asked over %s at site %s: %r",
                            "yes" if answer else "no", source, pending.source, site,
                            pending.understanding.result.text)
            pending = None
        if pending is not None:
            if self._clock() - pending.asked_s <= self.config.followup_window_s:
                if answer is True:
                    logger.info("confirmed by %r: %s", text, pending.understanding.result.text)
                    return self._execute(pending.understanding, text, source, site, area)
                if answer is False:
                    return Outcome(text=text, source=source, status=Status.DECLINED, response=pending.declined,
                                   understanding=pending.understanding)
                logger.info("question about %r dropped: %r does not answer it; taking it as a new command",
                            pending.understanding.result.text, text)
            else:
                logger.info("question about %r expired unanswered", pending.understanding.result.text)
            dropped = pending.declined
        elif answer is True and self._pending:
            logger.info("a yes at site %s does not answer the question waiting at site(s) %s", site,
                        ", ".join(sorted(self._pending)))

        understanding = self.understander.understand(text, area=area, site=site)
        result = understanding.result
        if not understanding.plans:
            if answer is not None and dropped:  # a yes or no after the window: the question is gone
                response = dropped
            elif answer is True:
                response = NOTHING_TO_CONFIRM
            else:
                response = _then(dropped, result.response)
            return Outcome(text=text, source=source, status=Status.REFUSED, response=response, understanding=understanding)
        parts = split_plans(understanding.plans)
        held = [h for _, h in parts if h is not None]
        if not held:
            outcome = self._execute(understanding, text, source, site, area)
            return replace(outcome, response=_then(dropped, outcome.response))
        return self._ask(understanding, parts, held, dropped, text, source, site, request_id, area)

    def _ask(self, understanding: Understanding, parts: list[tuple[Plan | None, Plan | None]], held: list[Plan],
             dropped: str, text: str, source: str, site: str, request_id: str | int | None,
             area: str | None = None) -> Outcome:
        """Hold the risky part of an utterance and ask about it; execute the rest now. The outcome has the
        whole utterance's intents, with results for what was executed (plan by plan)."""
        acks = [plan.response if now is None else acknowledgement(plan) for now, plan in parts if plan is not None]
        waiting = _part(understanding, held, " ".join(acks))
        self._pending[site] = _Pending(waiting, self._clock(), source, request_id, declined_answer(held))
        question = confirmation_question(held)
        now_plans = [now for now, _ in parts if now is not None]
        if not now_plans:
            return Outcome(text=text, source=source, status=Status.ASKED, response=_then(dropped, question),
                           understanding=understanding)
        running = _part(understanding, now_plans, " ".join(p.response if h is None else acknowledgement(p)
                                                            for p, h in parts if p is not None))
        done = iter(self._act(running, site, area))
        actions = tuple(next(done) if now is not None else () for now, _ in parts)
        said = compose_response(running, [a for (now, _), a in zip(parts, actions) if now is not None])
        return Outcome(text=text, source=source, status=Status.ASKED, response=_then(dropped, _then(said, question)),
                       understanding=understanding, actions=actions)

    def execute(self, understanding: Understanding, *, source: str = "cli", site: str | None = None) -> Outcome:
        """Execute an understanding as it is (no confirmation asked), remember it for follow-ups, answer it;
        never raises. :meth:`handle_text` does this after understanding and confirming."""
        site = site or self.config.site
        text = understanding.result.text
        try:
            with self._lock:
                outcome = self._execute(understanding, text, source, site)
        except Exception:  # boundary: one utterance must never take the daemon down
            logger.exception("executing %r from %s failed (site %s)", text, source, site)
            outcome = Outcome(text=text, source=source, status=Status.ERROR, response=SORRY, understanding=understanding)
        return self._answer(outcome, site, None)

    def _execute(self, understanding: Understanding, text: str, source: str, site: str,
                 area: str | None = None) -> Outcome:
        actions = self._act(understanding, site, area)
        all_ok = all(a.result.ok for plan in actions for a in plan)
        return Outcome(text=text, source=source, status=Status.EXECUTED if all_ok else Status.FAILED,
                       response=compose_response(understanding, actions), understanding=understanding,
                       actions=tuple(actions))

    def _act(self, understanding: Understanding, site: str, area: str | None = None) -> list[tuple[ActionOutcome, ...]]:
        """Execute every plan (per plan, its actions) and remember the understanding for follow-ups. ``area``:
        the room the command was said in, when it came with one (handlers asking for ``area`` get it; else the
        registry takes the site's).

        The sentence's actions run side by side under one deadline (:meth:`_run_sentence`): three devices
        that hang take about ``action_timeout_s`` in all, not three times that."""
        jobs: list[tuple[int, Intent, Device | None]] = []
        seen: set[tuple[Intent, tuple[str, ...]]] = set()
        for index, plan in enumerate(understanding.plans):
            key = (plan.intent, tuple(d.name for d in plan.devices))
            if key in seen:  # the same intent twice would, for a toggle, undo itself
                logger.info("ignoring a repeated intent %s in %r", plan.intent.to_dict(), understanding.result.text)
                continue
            seen.add(key)
            if plan.devices:
                jobs.extend((index, replace(plan.intent, device=d.name, area=d.area, domain=d.type, quantifier=None), d)
                            for d in plan.devices)
            else:
                jobs.append((index, plan.intent, None))
        results = self._run_sentence([(intent, device) for _, intent, device in jobs], site, area)
        done: list[list[ActionOutcome]] = [[] for _ in understanding.plans]
        for (index, intent, device), result in zip(jobs, results):
            done[index].append(ActionOutcome(device.name if device is not None else None, intent, result))
        try:
            self.understander.remember(site, understanding)
        except Exception:  # boundary: follow-up memory is a convenience; the command was executed
            logger.exception("could not remember %r as the previous command of site %s", understanding.result.text, site)
        return [tuple(plan_done) for plan_done in done]

    def _run(self, intent: Intent, device: Device | None, timeout_s: float | None = None, site: str | None = None,
             area: str | None = None) -> ActionResult:
        return self.registry.execute(intent, device, timeout_s=self.action_timeout_s if timeout_s is None else timeout_s,
                                     site=site, area=area)

    def _run_sentence(self, jobs: list[tuple[Intent, Device | None]], site: str | None = None,
                      area: str | None = None) -> list[ActionResult]:
        """Run a sentence's actions side by side under one deadline, ``action_timeout_s`` from now; results in
        the order of ``jobs``.

        The actions on one device (or one device-less domain, such as timers) run one after the other in the
        sentence's order ("turn on the lamp and set it to 50 percent"); different devices run side by side,
        so one slow device never delays the others. An action whose turn comes after the deadline is not
        started and fails as not answered. A thread per device, each ending by the deadline (the registry's
        action threads are bounded per plugin), so timed-out actions never pile up threads here."""
        if not jobs:
            return []
        if len(jobs) == 1:
            return [self._run(*jobs[0], site=site, area=area)]
        deadline = time.monotonic() + self.action_timeout_s
        results: list[ActionResult | None] = [None] * len(jobs)
        lanes: dict[str, list[int]] = {}
        for index, (intent, device) in enumerate(jobs):
            lane = f"device:{device.name}" if device is not None else f"domain:{intent.domain}"
            lanes.setdefault(lane, []).append(index)

        def not_answered(index: int) -> ActionResult:
            intent, device = jobs[index]
            name = with_article(device.name, capital=True) if device is not None else f"The {intent.domain or 'action'}"
            return ActionResult(ok=False, speech=f"{name} did not answer.", data={"error": "timeout"})

        def run_lane(indices: list[int]) -> None:
            for index in indices:
                intent, device = jobs[index]
                left_s = deadline - time.monotonic()
                if left_s <= 0:
                    results[index] = not_answered(index)
                    continue
                try:
                    results[index] = self._run(intent, device, left_s, site, area)
                except Exception:  # boundary: one action of the sentence (the registry already isolates plugins)
                    logger.exception("executing %s on %s failed", intent.to_dict(), device.name if device else None)
                    what = with_article(device.name) if device is not None else "that"
                    results[index] = ActionResult(ok=False, speech=f"Sorry, something went wrong with {what}.")

        if len(lanes) == 1:
            run_lane(next(iter(lanes.values())))
        else:
            threads = [threading.Thread(target=run_lane, args=(indices,), name=f"homeslm-{lane[:40]}", daemon=True)
                       for lane, indices in lanes.items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(max(0.0, deadline + 1.0 - time.monotonic()))
        return [r if r is not None else not_answered(i) for i, r in enumerate(results)]

    # -- answering --------------------------------------------------------------------------------

    def _answer(self, outcome: Outcome, site: str, request_id: str | int | None) -> Outcome:
        """Log, publish and speak one outcome, its answer clipped to :data:`MAX_ANSWER_CHARS` (it may quote what
        was said or configured: a 1 KB device or area name); never raises. Returns the outcome as answered."""
        if len(outcome.response) > MAX_ANSWER_CHARS:
            outcome = replace(outcome, response=clip_answer(outcome.response))
        try:
            _log_outcome(outcome)
            extra = {} if request_id is None else {"id": request_id}
            if outcome.status != Status.EXPIRED:
                self._publish(intent_topic(site), {**_intent_payload(outcome), **extra})
            self._publish(response_topic(site), {"text": outcome.response, **extra})
        except Exception:  # boundary: answering must not fail the utterance
            logger.exception("could not publish the answer to %r", outcome.text)
        if self._on_answer is not None:
            try:
                self._on_answer(outcome, site, request_id)
            except Exception:  # boundary: the answer's listener (Hermes)
                logger.exception("the answer listener failed on %r (site %s)", outcome.text, site)
        if site not in self._remote_sites:
            self._say(outcome.response)
        return outcome

    def _publish(self, topic: str, payload: dict[str, Any]) -> None:
        if self.mqtt is None:
            return
        try:
            self.mqtt.publish(topic, _json(payload), qos=1)
        except Exception:  # boundary: one publication (invalid topic from a bad site id, a stopped client)
            logger.exception("could not publish to %s", topic)

    def _say(self, text: str) -> None:
        if self._speak is None or not text:
            return
        try:
            self._speak(text)
        except Exception:  # boundary: the text-to-speech hook
            logger.exception("speaking %r failed", text)


def compose_response(understanding: Understanding, actions: list[tuple[ActionOutcome, ...]]) -> str:
    """The answer to an executed utterance.

    Everything worked and no plugin had anything to say: the understanding's response. Otherwise, per
    plan: its acknowledgement when some of its actions worked silently, then what the plugins said
    (state reads, failures), each sentence once; a state asked of several devices is answered in one
    sentence (:func:`homeslm.state_answers.group_answer`: "No, all 5 windows are closed.").
    """
    flat = [a for plan in actions for a in plan]
    if all(a.result.ok and not a.result.speech for a in flat):
        return understanding.result.response
    parts: list[str] = []
    for plan, done in zip(understanding.plans, actions):
        together = (group_answer([a.result for a in done], plan.intent.quantifier) if plan.intent.action == "get_state"
                    else None)
        if together is not None:  # "are any windows open": one sentence for the devices asked about
            parts.append(together)
            continue
        if any(a.result.ok and not a.result.speech for a in done):
            parts.append(plan.response)
        for a in done:
            if a.result.speech:
                parts.append(a.result.speech)
            elif not a.result.ok:
                parts.append(f"Sorry, that did not work for the {a.device}." if a.device else "Sorry, that did not work.")
    unique = list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    return " ".join(unique) or understanding.result.response


def understanding_payload(understanding: Understanding | None, status: Status, *, text: str = "",
                          response: str = "") -> dict[str, Any]:
    """The schema of docs/DESIGN.md section 3 with the utterance's ``status`` and, for a refusal, its ``refusal``
    kind (``not_understood``, ``unknown_device``, ...): what ``homeslm parse --json`` prints (status
    ``refused`` or ``understood``) and what the ``intent`` topic's message starts from, so both
    say a refusal the same way. ``text``/``response`` stand in when there is no understanding (an error)."""
    if understanding is None:
        return {"text": text, "intents": [], "response": response, "confidence": 0.0, "status": status}
    payload = understanding.result.to_dict()
    payload["status"] = status
    if understanding.result.refusal is not None:
        payload["refusal"] = understanding.result.refusal
    return payload


def parse_status(understanding: Understanding) -> Status:
    """``homeslm parse``'s status: ``REFUSED`` when nothing would be executed, else ``UNDERSTOOD``."""
    return Status.UNDERSTOOD if understanding.plans else Status.REFUSED


def _intent_payload(outcome: Outcome) -> dict[str, Any]:
    """The ``intent`` topic: :func:`understanding_payload` plus ``results`` and ``source``."""
    payload = understanding_payload(outcome.understanding, outcome.status, text=outcome.text,
                                    response=outcome.response)
    if isinstance(payload.get("response"), str):
        payload["response"] = clip_answer(payload["response"])  # it may quote a name said or configured
    payload["results"] = [a.to_dict(i) for i, plan in enumerate(outcome.actions) for a in plan]
    for result in payload["results"]:
        if isinstance(result.get("speech"), str):
            result["speech"] = clip_answer(result["speech"])
    payload["source"] = outcome.source
    if outcome.understanding is not None and outcome.text != outcome.understanding.result.text:
        payload["answer"] = outcome.text  # the "yes" / "no" that settled a confirmation
    return payload


def _log_outcome(outcome: Outcome) -> None:
    """INFO: one line per utterance: source, text, intents (with their devices), status, answer."""
    if outcome.status == Status.EXPIRED:
        logger.info("confirmation of %r expired unanswered", outcome.understanding.result.text if outcome.understanding else "")
        return
    described = "-"
    if outcome.understanding is not None and outcome.understanding.plans:
        described = ", ".join(
            f"{p.intent.action}({', '.join(d.name for d in p.devices) or p.intent.domain or ''})"
            for p in outcome.understanding.plans
        )
    elif outcome.understanding is not None and outcome.understanding.result.refusal:
        described = f"refused: {outcome.understanding.result.refusal}"
    failed = [f"{a.device or a.intent.action}: {a.result.speech or 'failed'}"
              for plan in outcome.actions for a in plan if not a.result.ok]
    logger.info("utterance [%s] %r -> %s -> %s%s: %r", outcome.source, outcome.text, described, outcome.status,
                f" ({'; '.join(failed)})" if failed else "", outcome.response)
