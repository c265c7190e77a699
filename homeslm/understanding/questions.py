"""Whether a sentence asks rather than commands (:func:`is_question`): the structural half of the policy that a
question never acts (:func:`homeslm.understanding.policies.question_never_acts`), which refuses any action read
from a sentence this module calls a question. Tested from the question and polite-request tables of
``tests/understanding/test_policies.py``."""

from __future__ import annotations

import re

from homeslm.understanding.textnorm import normalize

__all__ = ["is_negative", "is_question", "is_report"]

_WH = r"what|which|who|whom|whose|where|when|why|how"
_AUX = (r"is|are|was|were|am|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must"
        r"|is not|are not|was not|were not|do not|does not|did not|has not|have not|can not|will not|would not")
#: What follows an auxiliary when it asks (subject inversion): "is *the* door", "did *you* turn".
_SUBJECT = (r"the|my|our|your|a|an|any|anything|anyone|anybody|someone|somebody|something|everything|everyone|"
            r"nothing|nobody|it|its|there|that|this|these|those|they|them|he|she|we|i|you|all|every|each|both|"
            r"either|neither|some|no|<[a-z_]+\d>|[a-z]+(?:'s)?")
#: Polite requests are commands: "can you ...", "could you please ...", "would you mind ...", "can I have ...".
_POLITE_REQUEST = re.compile(
    r"^(?:(?:please|hey|ok|okay|so|um|uh|oh|and|then|now|just|hi|hello) )*"
    r"(?:(?:can|could|would|will|can not|will not|would not) (?:you|ya|u)(?: please| kindly| just| maybe| now)?\b"
    r"|(?:can|could|may) (?:i|we) (?:please )?(?:have|get|turn|switch|set|put|make|open|close|lock|start|stop)\b"
    r"|(?:do|would) you mind\b|would it be possible\b|is it possible (?:to|for you)\b"
    r"|would you be (?:so )?kind\b|why (?:do not|not) (?:you|we)\b|how about\b|what about\b"
    r"|(?:can|could) (?:[a-z0-9_<>']+ ){1,5}(?:go|be|come|get) (?:a (?:bit|little|touch|tad) )?(?:on|off|up|down|open|"
    r"closed|shut|turned|switched|dimmed|brighter|dimmer|warmer|cooler|louder|quieter|locked|unlocked|started|stopped)"
    r"(?: (?:on|off|up|down|please|now|for me|thanks|thank you|again|too|as well|right now|straight away|a bit|"
    r"a little|bit|a touch|a tad|more))*(?:$| and | then )"
    # "can the picture lights go off", "can the ceiling light be a bit cooler"; nothing more said of it ("can the
    # heating go up at night", "can the front door be unlocked from outside" ask)
    r"|(?:do|did) (?:me|us) a favou?r\b)")
_WH_OPENER = re.compile(rf"^(?:(?:{_WH})\b|(?:is|are) there\b)")
_VERBS = (r"turn|switch|set|put|make|open|close|lock|unlock|start|stop|dim|brighten|raise|lower|play|pause|resume|"
          r"skip|cancel|give|change|run|activate|pull|shut|kill|bring|crank|boost|lift|drop|mute|unmute|leave|keep")
#: An auxiliary before its subject; "do not turn off the light" is a command, "do me a favour and ..." a request.
_INVERSION = re.compile(rf"^(?:{_AUX}) (?!(?:{_VERBS}|please)\b)(?:{_SUBJECT})\b")
_EMBEDDED = re.compile(
    r"^(?:(?:please|hey|ok|okay|so|and|then|now|just) )*"
    r"(?:(?:tell|show) me (?:if|whether|what|which|how|when|where|who)|(?:check|see|find out|ask) (?:if|whether)|"
    r"i (?:wonder|wondered|was wondering) (?:if|whether)|do you know|any idea|let me know (?:if|whether)|"
    r"i (?:would like|want|need) to know|"
    r"(?:can|could|would|will) (?:you|ya|u)(?: please| just| quickly)? (?:tell|check|see|find out|let me know)(?: for)?"
    r"(?: me| us)? (?:if|whether|what|which|how|when|where|who))\b")  # "could you check if I turned off the lamp"
#: A tag question after a statement ("the door is locked, is not it"); "..., will you" after a command is polite.
_TAG = re.compile(rf"\b(?:{_AUX}|right|correct|yes|yeah) ?(?:it|they|he|she|there|i|we|that)?$")
_POLITE_TAG = re.compile(r"\b(?:will|would|can|could|will not) (?:you|ya)(?: please)?$")
_IMPERATIVE = re.compile(rf"^(?:(?:please|just|now|ok|okay|and|then) )*(?:do not |never )?(?:{_VERBS})\b")


#: "do" as the verb of a command, not an auxiliary: "do the same for the bedroom", and, with the home's names as
#: placeholders (the lexicon's reading), "do the <area1> next", "do the <script1> routine": after "do", names and
#: words that end a command, and no verb of a question ("do the <cover1> close at night" asks).
_DO_AS_A_VERB = re.compile(
    r"^do (?:the same(?:$| (?:for|in|with|on|to|here|there|upstairs|downstairs|too|again|please|now|as well)\b)"
    r"|(?:(?:the|my|our) )?<[a-z_]+\d>(?:,? (?:and )?(?:(?:the|my|our) )?<[a-z_]+\d>)*"
    r"(?: (?:routine|scene|script|one|ones|too|as well|also|again|now|please|for me|tonight))*$)")


def is_question(text: str, tagged: str | None = None) -> bool:
    """Whether ``text`` asks rather than commands: a wh-word or "is there" opening it, an auxiliary before
    its subject ("is the door locked", "did you turn off the light"), an embedded question ("tell me if
    the door is locked", "I wonder whether ..."), a tag question ("the heating is on, is not it"), any of
    these after a name and a comma ("ben, why is the fan on") or after one word ("rob did you shut the barn door",
    as a recogniser writes it), or a question mark. Polite requests are
    commands: "can you turn on the light", "could you close the blinds", "would you mind ...", "can I have
    the lights on", "turn it off, will you", "what about the kitchen" (a follow-up), and so is "do" as the verb ("do
    the same for the bedroom"; with ``tagged``, the sentence with the home's names as placeholders: "do the <area1>
    too")."""
    raw = text.strip()
    norm = normalize(re.sub(r"(?<=[a-z])'re\b", " are", raw.lower()))  # "we're heading out": not "were"
    if not norm:
        return False
    if _POLITE_REQUEST.match(norm):
        return bool(_EMBEDDED.match(norm))  # "can you tell me if the door is locked" asks
    if _WH_OPENER.match(norm) or _EMBEDDED.match(norm):
        return True
    words = norm.split()
    if _INVERSION.match(norm) and not _IMPERATIVE.match(norm) and words[0] not in ("please", "just") \
            and not _DO_AS_A_VERB.match(norm) and not (tagged and _DO_AS_A_VERB.match(tagged)):
        return True
    if _POLITE_TAG.search(norm) and _IMPERATIVE.match(norm):
        return False
    if len(words) > 2 and _TAG.search(norm) and not _IMPERATIVE.match(norm) and _has_clause(words[:-2]):
        return True
    if len(words) > 3 and words[0] not in _NOT_A_NAME and not _IMPERATIVE.match(words[0]):
        # a name said to someone with no comma heard ("rob did you shut the barn door"); "tom can you ..." requests
        rest_words = " ".join(words[1:])
        if not _POLITE_REQUEST.match(rest_words) and (_WH_OPENER.match(rest_words) or _NAMED_INVERSION.match(rest_words)):
            return True
    head, comma, rest = raw.partition(",")
    if comma and 1 <= len(head.split()) <= 2 and not _SAID_OF_A_DEVICE & set(head.lower().split()) \
            and is_question(rest):
        return True  # a question after a name said to someone ("ben, why is the cooker fan on")
    return raw.rstrip().endswith("?")


#: An auxiliary before a pronoun or a determiner: a question however the word before it reads ("[rob] did you shut
#: ...", "[so] is the door locked"), where "[we] are heading out" is none.
_NAMED_INVERSION = re.compile(
    r"^(?:(?:do|does|have|has|had)(?: not)? (?:you|we|i|they|he|she|anyone|anybody|someone|somebody|everyone)"
    r"|(?:did|is|are|was|were|can|could|will|would|should|shall)(?: not)? (?:you|we|i|they|he|she|it|there|the|my|our"
    r"|your|anyone|anybody|someone|somebody|everyone|anything))\b")
#: Words that make a short phrase before a comma a command of its own ("lamp off, is that ok"), not a name.
_SAID_OF_A_DEVICE = frozenset({"on", "off", "up", "down", "open", "shut", "closed"})
#: First words that are no name said to someone ("we are heading out", "lamp off", "also do the kitchen").
_NOT_A_NAME = _SAID_OF_A_DEVICE | {"we", "i", "you", "they", "he", "she", "it", "there", "that", "this", "these", "those",
                                   "please", "and", "also", "now", "then", "ok", "okay", "yes", "yeah", "right", "goodnight"}


def _has_clause(words: list[str]) -> bool:
    """A statement before a tag ("the door is locked"): a verb "to be" or "to have" in it."""
    return bool({"is", "are", "was", "were", "has", "have", "had"} & set(words))


#: Something the speaker did, told ("I've shut the coop door with the string", "we turned the heating off at
#: lunch", "I had the window open"): first person, then a verb in the past. Forms that are also the present ("I
#: set", "I put", "I shut") count only after have ("I've put the kettle on"); "I want", "I need", "I'd like" ask.
_REPORT = re.compile(
    r"^(?:(?:so|well|oh|ok|okay|right|yeah|and|but|mum|dad) )*(?:i|we)(?: (?:have|had|already|just|also|finally))*"
    r" (?:turned|switched|closed|opened|locked|unlocked|started|stopped|paused|dimmed|lowered|raised|pulled|drew"
    r"|drawn|left|had|changed|cancelled|canceled|brightened|muted)\b"
    r"|^(?:(?:so|well|oh|ok|okay|right|yeah|and|but) )*(?:i|we) (?:have|had)(?: (?:already|just|also|finally))*"
    r" (?:set|put|shut|cut|run)\b")


def is_report(text: str) -> bool:
    """Whether ``text`` tells of something the speaker did rather than asks for it: "I've shut the coop door",
    "we turned the lights off", "I had the blinds down" (policy ``a_report_never_acts``)."""
    norm = normalize(re.sub(r"(?<=[a-z])'ve\b", " have", text.lower().strip()))
    return bool(_REPORT.match(norm))


#: A command said in the negative ("do not unlock the front door", "never turn the heating off", "you don't need to
#: lock up"): a verb of a command after the negation is what must not be done. "Don't forget to ...", and "we don't
#: need the heating any more" (a request to turn it off), are not.
_NEGATIVE = re.compile(
    r"^(?:(?:please|and|but|so|ok|okay|hey|no|now|just|oh) )*(?:(?:you|we) )?(?:do not|dont|never|no need to)"
    rf"(?: (?:need|have) to)? (?:{_VERBS})\b")


def is_negative(text: str) -> bool:
    """Whether ``text`` asks for something not to be done: "do not unlock the front door", "never turn the heating
    off", "please don't open the garage" (policy ``a_negative_never_acts``); "don't forget to lock the door" asks
    for it."""
    return bool(_NEGATIVE.match(normalize(text.lower().strip())))
