"""Follow-ups whose target is the previous command's: "turn it off" (``FOLLOWUP_IT``), "and the
kitchen too" (``FOLLOWUP_SAME``)."""

from __future__ import annotations

# Follow-ups: targets refer to the previous command.
FOLLOWUP_IT = {
    "turn_on": ["(turn|switch) (it|them) [back ]on", "(turn|put) (it|them) back on", "on again", "(put|switch) it on [again]"],
    "turn_off": ["(turn|switch) (it|them) [back ]off", "(turn|put) (it|them) back off", "off again", "kill it", "(shut|switch) it off [again]"],
    "toggle": ["toggle (it|them)", "flip it"],
    "increase_brightness": ["(make|turn) (it|them) [(a bit |a little )]brighter", "(turn|bring) (it|them) up [(a bit|a little)]", "brighter", "more"],
    "decrease_brightness": ["(make|turn) (it|them) [(a bit |a little )]dimmer", "(turn|bring) (it|them) down [(a bit|a little)]", "dimmer", "less"],
    "set_brightness": ["(set|make|put) (it|them) (to|at) {v}", "[now ](to|at) {v}", "{v} instead"],
    "set_color": ["(make|turn) (it|them) {v}", "(now|try) {v}", "{v} instead", "(change|set) (it|them) to {v}"],
    "open": ["open (it|them) [(again|back up)]", "(raise|lift) (it|them)"],
    "close": ["close (it|them) [again]", "(lower|shut) (it|them)"],
    "lock": ["lock (it|them) [again]"],
    "unlock": ["unlock (it|them) [again]"],
}
FOLLOWUP_SAME = [
    "and {t} too", "[and ]{t} (too|as well)", "same (for|with) {t}", "do the same (for|with|in) {t}", "also {t}",
    "now {t}", "and [also ]{t}", "(what about|how about) {t}", "{t} also", "and in {t}", "and {t} please", "also do {t}",
    "ditto (for|with) {t}", "(repeat|do) that (for|with) {t}", "{t} as well please", "same again (for|with) {t}",
    "same thing (for|with) {t}", "then {t}", "[oh ]and {t} while you are at it", "could you do {t} as well",
]

_MORE_FOLLOWUP_IT: dict[str, list[str]] = {
    "turn_on": ["(put|stick|flick) (it|them) back on", "(it|them) on again [please]", "(switch|turn) (that|those) on [too]"],
    "turn_off": ["(turn|switch|flick) (it|them) off (now|again)", "(that|those) off (too|as well)", "(kill|cut) (it|them)", "(put|turn) (it|them) out"],
    "toggle": ["(toggle|flip|switch) (it|them) (again|back)"],
    "increase_brightness": ["a (bit|touch|little) (brighter|more)", "(brighter|up) (still|again)", "more please", "(even|a bit) brighter"],
    "decrease_brightness": ["a (bit|touch|little) (dimmer|darker|less)", "(darker|dimmer|down) (still|again)", "less please", "(even|a bit) dimmer"],
    "set_brightness": ["(make|set) (it|them) {v}", "(try|how about) {v}", "(dim|bring|turn) (it|them) (down|up) to {v}"],
    "set_color": ["{v} (please|then)", "(how about|what about|try) {v} [instead]", "(make|turn) (it|them) {v} instead"],
    "open": ["(open|pull|put) (it|them) (up|back up)", "(open|raise) (that|those) [too]"],
    "close": ["(put|pull|bring) (it|them) (down|back down)", "(close|shut) (that|those) [too]"],
    "lock": ["(lock|bolt) (it|them) (up|too)", "lock (that|those) [too]"],
    "unlock": ["(unbolt|open) (it|them)", "unlock (that|those) [too]"],
}
for _action, _templates in _MORE_FOLLOWUP_IT.items():
    FOLLOWUP_IT.setdefault(_action, []).extend(_templates)
del _action, _templates
