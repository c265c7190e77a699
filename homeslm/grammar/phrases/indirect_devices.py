"""The second, broader wave of phrasings for covers, locks, media, timers, vacuums and cancelling
(``INDIRECT_DEVICES``), in the manner of :mod:`homeslm.grammar.phrases.indirect_lights`."""

from __future__ import annotations

#: The second wave, continued: covers, locks, media, timers, vacuums and cancelling.
INDIRECT_DEVICES: dict[str, dict[str, list[str]]] = {
    "open": {
        "any": [
            "(roll|wind|crank|pull|draw|bring) {t} (up|back)", "(can|could) (i|we) (have|get) {t} (open|up)",
            "(i would like|i'd like|i want) {t} (opened|up)", "(let us|lets) open [up ]{t}", "open {t} (up|please|for me|fully)",
            "{t} open please", "(part|throw open|fling open) {t}", "raise {t} (fully|completely)", "open {t} completely",
            "(pull|put|bring|roll|take) {t} up", "{t} up please", "lift up {t}", "(can|could) you (open|raise) {t}",
            "(get|have) {t} opened", "{t} (needs|need) opening", "(open|raise) {t} (would you|will you)",
            "(slide|pull) {t} open", "{t} up (now|then)", "open {t} (now|again)", "open up {t} (please|for me)",
            "crack [open ]{t}", "(open|crack) {t} (a little|a bit|slightly)", "(i want|i'd like) to open {t}",
            "(get|have) {t} open (please|now)",
        ],
        "grp.cover": [
            "let (some|the) (daylight|sunshine|sun) in {w}", "(i want|let us have) some (daylight|sunlight|natural light) {w}",
            "open everything up {w}", "(let us|lets) see (outside|the view) {w}", "(it is|it's) (morning|daytime) open (up|everything) {w}",
        ],
        "dev.valve": ["(turn|let) the water (run|flow) (through|from) {t}", "open {t} (fully|up)"],
    },
    "close": {
        "any": [
            "(close|shut|draw) {t} (please|for me|fully|completely)", "(roll|wind|pull|let|bring) {t} down",
            "(can|could) (i|we) (have|get) {t} (closed|shut|down)", "(i would like|i'd like) {t} (closed|shut|down)",
            "{t} (closed|shut|down) please", "(pull|draw) {t} (to|together|across)", "(let|put|bring) down {t}",
            "(take|bring) {t} down", "lower {t} (fully|completely|all the way)", "{t} all the way down",
            "(can|could) you (close|lower|shut) {t}", "(get|have) {t} (closed|shut)", "{t} (needs|need) closing",
            "(close|lower) {t} (would you|will you)", "(slide|pull) {t} (shut|closed)", "close {t} (now|again)",
            "(shut|close) {t} for the night",
            "(i want|i'd like) to close {t}", "(get|have) {t} (shut|closed) (please|now)", "(make sure|check that) {t} (is|are) (closed|shut)",
        ],
        "grp.cover": [
            "(keep|shut) the (sun|glare|heat) out {w}", "the sun is in my eyes {w}", "(it is|it's) too (sunny|glary) {w}",
            "(i want|i need) [some ]privacy {w}", "(close|shut) everything {w}", "close everything up for the night {w}",
            "(people|the neighbours|the neighbors) can see in {w}", "(block|keep) out the glare {w}",
            "(it is|it's) (getting dark|night time) close (up|everything) {w}",
        ],
        "dev.valve": ["close {t} (fully|off)"],
    },
    "set_position": {
        "any": [
            "{t} {v} open", "(open|close|raise|lower) {t} (up|down) to {v}",
            "(i want|i would like|i'd like) {t} (at|to) {v}", "(can|could) you (put|set) {t} (at|to) {v}", "{t} to {v} please",
            "(roll|wind|pull) {t} (up|down) to {v}", "(set|put) the position of {t} to {v}", "position {t} at {v}",
            "(have|leave|make) {t} {v} open", "(open|raise) {t} {v} of the way", "{v} on {t}",
            "(drop|lower) {t} to {v}", "(lift|raise) {t} to {v}", "{t} at {v} please", "(adjust|change) {t} to {v}",
            "(open|raise) {t} to {v} open", "{t} should be (at|on) {v}",
            "(i need|we need) {t} at {v}", "(can|could) {t} be (at|on) {v}",
            "{t} to {v} open", "(set|move) {t} to {v} open",
        ],
    },
    "lock": {
        "any": [
            "(lock|bolt) {t} (please|for me|tonight|behind me)", "{t} needs locking", "(i would like|i'd like) {t} locked",
            "(get|have) {t} locked", "lock down {t}", "{t} on lock", "(set|put) {t} to locked", "{t} should be locked",
            "[double ]lock {t} (now|for the night)", "(do not|don't) forget to lock {t}", "secure {t} (now|for the night)",
            "lock {t} (would you|will you)", "(can|could) {t} be locked", "keep {t} locked", "make sure {t} is locked (please|tonight)",
            "(lock|bolt) {t} (up|shut)", "(i am|we are) (leaving|going out|off to bed) lock {t}", "(can|could) you bolt {t}",
            "(i want|i'd like) to lock {t}", "{t} (locked|lock) please", "lock {t} (behind|after) (me|us|them)",
        ],
        "grp.lock": [
            "lock [all ][the ]doors {w}", "(lock|secure) (everything|the place|all the doors) {w}", "lock up for the night {w}",
            "(we are|i am) (going to bed|leaving|heading out) lock (up|the doors) {w}", "make sure [all ]the doors are locked {w}",
            "lock all the locks {w}", "lock it all down {w}", "(secure|lock) [all the ](doors|locks) {w} please",
        ],
    },
    "unlock": {
        "any": [
            "(unlock|unbolt|unlatch) {t} (please|for me|now)", "(let|buzz) (me|us|them) in (through|at|via) {t}", "(open up|release) {t}",
            "take {t} off [the ]lock", "(i need|i want|i would like|i'd like) {t} unlocked", "{t} needs (unlocking|to be unlocked)",
            "(can|could) (you|we) (get|have) {t} unlocked", "unlock {t} (would you|will you)", "(get|have) {t} unlocked",
            "(let|buzz) the (guests|kids|delivery driver|cleaner|postman|dog walker) in (at|through) {t}", "(set|put) {t} to unlocked",
            "{t} should be unlocked", "(i am|we are) (home|here|outside) unlock {t}", "unlatch {t}", "(can|could) you unlock {t} for (me|us)",
            "let (me|us) in (at|through) {t} please", "{t} unlock please",
            "(i want|i'd like) to unlock {t}", "(open|unlock) {t} (i am|we are) (home|here|outside)", "{t} (open|unlocked) please",
        ],
        "grp.lock": ["unlock [all ][the ]doors {w}", "(unlock|unbolt) everything {w}", "unlock all the locks {w}",
                     "(let|buzz) (me|us) in {w}"],
    },
    "media_pause": {
        "any": [
            "(pause|hold|freeze) {t} (please|for a (sec|moment|bit))", "(put|pop) {t} on (pause|hold)",
            "pause [the ](music|song|film|movie|show|video|telly|tv|programme) on {t}", "{t} (pause|hold on|wait)",
            "(can|could) you pause {t}", "hit the pause [button ]on {t}", "(freeze|stop) the (film|movie|video|show) on {t}",
            "pause whatever is (playing|on) [on ]{t}", "(give|hold) {t} a (sec|moment)", "{t} pause please", "pause {t} (now|quickly)",
        ],
        "none": [
            "(pause|stop) (this|that|the) (song|track|film|movie|show|programme|episode|video)", "pause (it|that|this) [for a (sec|moment|bit)]",
            "(hold on|wait) pause [the ](music|telly|tv|film)", "(put|pop) (it|the (music|film|show|tv|telly)) on pause",
            "(freeze|pause) the (telly|tv|film|frame)", "(pause|stop) playback", "(hang on|hold on|wait) pause (it|that)", "pause please",
            "(i need to|let me) (take|answer) the (call|phone) pause (it|the music)", "pause the (tunes|podcast|audiobook|radio)",
            "(can|could) you pause (it|this|the music)", "pause what is playing", "(hold|freeze) it there", "pause for now",
        ],
    },
    "media_resume": {
        "any": [
            "(unpause|resume|continue) [the ](music|film|movie|show|song|video|programme|playback) [on ]{t}", "(press|hit) play on {t} again",
            "{t} (resume|continue|unpause|play again)", "(carry on|keep) playing [on ]{t}", "(start|get) {t} (playing|going) again",
            "(can|could) you (resume|unpause) {t}", "play [the ](music|film|show) on {t} again", "back to [the ](music|show|film) on {t}",
            "(take|get) {t} off pause", "unfreeze {t}", "{t} (carry on|keep going)",
        ],
        "none": [
            "(unpause|resume) (it|that|this)", "take it off pause", "(let us|lets) (continue|carry on|keep) (watching|listening)",
            "(continue|keep|carry on) (watching|listening|the playback)", "(put|get) (it|the music|the film) (back on|going again)",
            "press play", "(resume|unpause) the (tv|telly|podcast|audiobook|radio|video|episode)", "play on", "un pause",
            "(i am|we are) back (carry on|resume|unpause)", "(ok|okay|right) resume", "hit play again", "back to the (film|programme|episode)",
            "(carry on|continue) where (we|i|it) left off", "(start|play) the (music|film) again",
            "(resume|continue|keep) playing", "(unpause|resume) [the ](music|show|film) please",
        ],
    },
    "media_next": {
        "any": [
            "(skip|next) (this|the) (song|track|tune|episode) on {t}", "(skip|jump) (ahead|forward) on {t}", "{t} skip",
            "(can|could) you skip [the ](song|track) on {t}", "(change|switch) the (song|track) on {t}", "next (tune|episode|video) on {t}",
            "skip to the next (song|track|episode) on {t}", "move {t} [on ]to the next (song|track)", "{t} next (song|track) please",
        ],
        "none": [
            "skip (this|the) (tune|episode|video|ad|advert)", "skip to the next (song|track|episode|tune)", "(next|another) (tune|song) please",
            "(change|switch) [the ](track|tune|song)", "(i|we) (hate|do not like|can not stand) this (song|track|tune)",
            "(move|jump|skip) (ahead|forward) a (track|song)", "play something else", "not this (song|track) [again]",
            "(skip|fast forward) to the next (song|track)", "skip forward", "on to the next (song|track)", "next (song|track) please",
            "(can|could) you skip (this|it)", "(i am|we are) (sick|bored) of this (song|track)", "skip this (please|song please)",
        ],
    },
    "media_previous": {
        "any": [
            "(go|skip|jump) back (a (song|track)|to the (last|previous) (song|track)) on {t}", "(replay|repeat) the (last|previous) (song|track) on {t}",
            "{t} (go back|back a track)", "(back|previous) (track|song) on {t}", "(can|could) you go back a (song|track) on {t}",
            "play the (last|previous) (song|track|episode) again on {t}",
        ],
        "none": [
            "(go|skip|jump) back (a (song|track|tune)|to the (last|previous) (song|track|tune|episode))", "(play|put on) the (last|previous) (song|track|tune|episode) again",
            "previous (tune|video)", "back a (song|track|tune)", "(i want|i'd like) to hear (the|that) (last|previous) (song|track) again",
            "(replay|repeat) the (last|previous) (song|track)", "skip back[wards]", "(go|skip) backwards", "last (track|tune) please",
            "(bring|put) back the (last|previous) (song|track)", "play that last (song|track) again", "the (song|track) before (this|that) please",
            "(can|could) you go back a (song|track)", "previous (song|track) please",
        ],
    },
    "set_volume": {
        "any": [
            "(turn|put|set) {t} to {v}", "volume (on|of) {t} (to|at) {v}", "(turn|put|bring) the volume (on|of) {t} (up|down) to {v}",
            "{t} volume {v} please", "(i want|i'd like|i would like) {t} at {v} [volume]", "{t} at {v}",
            "(can|could) you set the volume (on|of) {t} to {v}", "(raise|lower|drop|increase|decrease|reduce) the volume (on|of) {t} to {v}",
            "(raise|lower|drop) {t} to {v}", "sound (on|of) {t} (to|at) {v}", "(crank|turn|bring) {t} (up|down) to {v}",
            "(make|have) {t} play at {v} [volume]", "set {t} to volume {v}",
        ],
        "none": [
            "(turn|crank|bring|put) (it|the volume|the sound|the music|the tv|the telly) (up|down) to {v}",
            "(raise|lower|drop|increase|decrease|reduce) the volume to {v}", "volume level {v}", "(make|set) the volume {v}",
            "(i want|can i have|let us have) the volume (at|on) {v}", "(sound|volume level) (to|at) {v}", "(put|set) it (at|on) {v} volume",
            "set the sound to {v}", "(change|adjust) the volume [level ]to {v}", "(can|could) you (put|set|turn) the volume (to|at|on) {v}",
            "(music|tv|telly|sound) volume {v}", "volume (up|down) to {v}",
            "(make|set|turn) the (music|sound|tv|telly) {v}", "volume (on|at) {v} please", "(put|turn) it (up|down) to {v} [please]",
            "(could|can) (you|we) have the volume at {v}", "(set|change) the (music|sound|tv|telly) volume to {v}",
        ],
    },
    "start_timer": {
        "none": [
            "(set|start|put on|make) a timer (of|for) {v}", "timer (of|for) {v} please", "(can|could) (i|we) (have|get) a {v} timer",
            "(set|start|put) me a {v} (countdown|timer)", "(count|time) {v} (for me|please|from now)", "countdown (from|for|of) {v}",
            "(let me know|tell me|give me a shout|shout) when {v} (is|are) up", "(remind|call|alert|nudge|ping|buzz) me (in|after) {v}",
            "(wake|get) me up (in|after) {v}", "{v} timer (please|starting now|go)", "timer {v} [starting] now",
            "(set|put) the (timer|clock|countdown) (for|to|on) {v}", "(i need|give me|get me) {v} on the (timer|clock)",
            "count down {v} [from now]", "(begin|start) a countdown (of|for|from) {v}", "(set|start) a timer going for {v}",
            "set timer {v}", "(can|could) you time {v} for me", "(start|set) a {v} timer (please|now)", "timer {v} go",
            "(i would like|i'd like|i want) a {v} timer", "(let us|lets) (do|have) a {v} timer", "(start|set) a timer (that goes off|to go off) in {v}",
            "(ring|beep) in {v}", "in {v} (remind me|let me know|wake me|tell me)",
            "(i need|i want) a {v} timer", "start timing {v}", "(set|start|put on) a {v} timer (for me|please)",
            "(a|the) {v} timer please", "(set|start) (a|the) timer [going ]for {v}", "(time|count) {v} for me",
            "(ok|right) {v} timer", "{v} on the timer please", "(can|could) you start a {v} countdown",
            "(alarm|timer|countdown) (in|for) {v}",
        ],
        "named": [
            "(set|start|put on) (a|the) {n} timer (for|to|of) {v}", "(start|set) a {v} timer (for|called|named|labelled) [the ]{n}",
            "(remind|tell) me (to check|about) the {n} in {v}", "the {n} needs {v}",
            "(the|my) {n} (will be|is) (done|ready) in {v}", "{v} (on|for) the {n} [timer]", "{n} timer {v} please",
            "(i need|give me|can i get) a {n} timer for {v}", "(set|start) a {v} timer [and ]call it {n}", "(create|make) a timer (called|named) {n} (for|of) {v}",
            "timer (called|named) {n} for {v}", "(set|start) (a|the) timer for the {n} (for|to) {v}", "{v} {n} timer", "(set|start) a {n} countdown (for|of) {v}",
            "(set|start) a timer for [the ]{n} (for|of) {v}", "(set|start) a timer for {v} for (the|my) {n}", "{n} {v} timer",
            "(i need|i want) a {v} timer for the {n}", "the {n} (takes|needs) {v} (set|start) a timer", "{v} for the {n} please",
        ],
    },
    "cancel_timer": {
        "none": [
            "(stop|cancel|kill|switch off|turn off) the (alarm|beeping|buzzer|ringing)", "(scrap|scratch|drop|forget|ditch|bin) (the|my|that) timer",
            "forget about (the|my) timer", "(i do not|i don't) need (a|the|that) timer (anymore|now)", "(turn|switch) [the ]timer off",
            "(cancel|stop|end|kill) the count down", "never mind (the|that) timer", "(delete|remove|clear) (the|my) current timer",
            "(stop|end) [the ]timing", "(cancel|stop) (the|that|my) timer (please|now)", "timer (cancel|stop|off) please",
            "(you can|go ahead and) cancel the timer", "(the|my) timer (can go|is not needed)", "(cancel|stop) the (running|current|active) timer",
            "abort [the ]countdown", "(can|could) you (cancel|stop) the timer", "cancel countdown",
            "[the ]timer can stop", "(ok|alright|right) (stop|cancel) the timer", "(i am|we are) done cancel the timer",
            "(kill|stop|cancel|silence) (that|the) (beeping|noise|racket|alarm)", "(cancel|stop) my countdown",
        ],
        "named": [
            "(scrap|forget|ditch|turn off|switch off|silence) (the|my) {n} timer", "(i don't|i do not) need the {n} timer (anymore|any more)",
            "(cancel|stop|kill|delete) [the ]timer (for|called|named|on) [the ]{n}", "(cancel|stop) {n} timer",
            "the {n} (is|are) (done|ready) (cancel|stop) the timer", "forget [about ]the {n} timer", "(no more|never mind the) {n} timer",
            "(cancel|stop|end) the {n} countdown", "(can|could) you (cancel|stop) the {n} timer",
        ],
        "len": [
            "(scrap|forget|ditch|turn off|switch off|silence) the {v} timer", "(cancel|stop|kill|delete|remove|clear) the timer (for|of|set for) {v}",
            "(i don't|i do not) need the {v} timer [anymore]", "(cancel|stop|kill) the {v} countdown", "{v} timer (off|cancel|stop) please",
            "never mind the {v} timer", "(cancel|stop) my {v} timer", "(can|could) you (cancel|stop) the {v} timer",
        ],
    },
    "cancel_all_timers": {
        "none": [
            "(cancel|stop|clear|delete|kill|remove|scrap|end|ditch) all [of ](my|the) (timers|countdowns)", "(get rid of|turn off|switch off|silence) every timer",
            "all timers (off|cancelled|cancel|stop)", "(i do not|i don't) need any [of the ]timers", "(cancel|stop|clear) (both|all) [the ]timers",
            "wipe [all ](the|my) timers", "never mind the timers", "cancel every single timer", "(cancel|stop) all the (running|active|current) timers",
            "clear all timers please", "(kill|stop) all countdowns", "every timer (off|cancel)", "(can|could) you (cancel|clear) all (my|the) timers",
            "(get rid of|delete) all the timers",
        ],
    },
    "pause_timer": {
        "none": [
            "(pause|hold|freeze|suspend) the (countdown|clock)", "pause (the|my|this) timer (please|for now|for a (sec|moment|bit))",
            "(put|pop) (the|my) timer on (hold|pause)", "(hang on|hold on|wait) pause the timer", "timer (hold|freeze|on hold)",
            "(can|could) you pause the timer", "(pause|hold) the countdown for (now|a (bit|moment))", "hold the timer",
            "stop the timer for (now|a bit|a moment) [but do not cancel it]", "freeze the countdown", "stop the clock",
        ],
        "named": [
            "(pause|hold|freeze|suspend) the {n} (timer|countdown)", "(put|pop) the {n} timer on (hold|pause)",
            "pause the timer (for|on|called) [the ]{n}", "{n} timer (hold|freeze|on hold)", "stop the {n} timer for (now|a bit|a moment)",
            "(can|could) you pause the {n} timer",
        ],
    },
    "resume_timer": {
        "none": [
            "(unpause|resume|continue|restart) (the|my) (countdown|clock)", "(start|set) the (timer|countdown|clock) (going|running) again",
            "(take|get) (the|my) timer off (hold|pause)", "timer (back on|go again)", "(carry on|keep going) with the (timer|countdown)",
            "(unfreeze|un pause) the timer", "(restart|resume|continue) the paused timer", "(get|set) the timer (going|running|ticking) again",
            "(can|could) you (resume|unpause) the timer", "back on with the timer", "start the clock again",
        ],
        "named": [
            "(unfreeze|resume|unpause|continue) the {n} (timer|countdown)", "(start|get) the {n} timer (going|running) again",
            "take the {n} timer off (hold|pause)", "{n} timer (go|back on|unpause)", "(resume|continue) the timer (for|on|called) [the ]{n}",
            "(can|could) you (resume|unpause) the {n} timer",
        ],
    },
    "increase_timer": {
        "none": [
            "(add|stick|throw|put) {v} [more ]on (the|my) timer", "extend (the|my) (timer|countdown) by (another|an extra) {v}",
            "give (it|the timer) (another|an extra) {v}", "(i need|we need|give me|give it) (another|an extra) {v}",
            "{v} (longer|more) on the (timer|clock)", "(make|set) (the|my) timer {v} longer", "(bump|push) (the|my) timer (up|out|back) by {v}",
            "top up the timer (by|with) {v}", "(lengthen|prolong) the timer by {v}", "(can|could) you add {v} to the timer",
            "another {v} on the timer [please]", "timer add {v}", "(it|the timer) needs (another|an extra) {v}", "(add|put) {v} (to|on) it",
            "add (another|an extra) {v}", "add {v} [more]", "{v} more please",
            "(another|an extra) {v} please", "snooze [it ]for {v}", "(give|put) (it|the timer) {v} more",
            "extend it by {v}",
        ],
        "named": [
            "(add|put|stick) (another|an extra) {v} (on|to|onto) the {n} [timer]", "(extend|lengthen) the {n} [timer] by {v}",
            "give the {n} (another|an extra) {v}", "the {n} needs (another|an extra) {v}", "{v} more for the {n}",
            "(bump|push) the {n} timer (up|out|back) by {v}", "{n} timer plus {v}", "(add|put) {v} to the timer for the {n}",
        ],
    },
    "decrease_timer": {
        "none": [
            "(take|knock|shave|cut|chop|drop) {v} off (the|my) (timer|countdown)", "(shorten|reduce|cut|decrease) the (countdown|clock) by {v}",
            "(make|set) (the|my) timer {v} (shorter|less)", "(remove|subtract) {v} (from|off) (it|the timer|the countdown)",
            "{v} (less|fewer) on the (timer|clock)", "(take|knock) (the|my) timer down by {v}", "(bring|move) the timer (down|forward) by {v}",
            "(lower|drop) the timer by {v}", "(can|could) you (take|knock) {v} off the timer", "timer (take|knock) off {v}", "timer down by {v}",
            "(take|knock|shave) {v} off", "minus {v}", "(take|knock) {v} off (it|that)",
            "{v} less please", "(shorten|reduce) it by {v}",
        ],
        "named": [
            "(take|knock|shave|cut) {v} off the {n} [timer]", "(shorten|reduce|cut) the {n} [timer] by {v}", "the {n} needs {v} less",
            "{n} timer minus {v}", "make the {n} timer {v} shorter", "{v} less (on|for) the {n} [timer]",
        ],
    },
    "timer_status": {
        "none": [
            "(how (long|much time) is|how many (minutes|seconds) are) (left|remaining|to go) on (the|my) (timer|countdown)",
            "(what is|what's) (left|remaining) on the (timer|countdown|clock)", "(how is|how's) the (timer|countdown) (going|looking)",
            "(has the timer (gone off|finished)|is the timer (done|up)) [yet]", "(when|what time) (will|does) the timer (go off|ring|finish|end)",
            "how long (till|until) the timer [is ](done|finished|up)", "(check on|look at|check) the (timer|countdown)",
            "(what is|what's) the timer (at|on|saying|showing)", "(tell|give) me the time (left|remaining) [on the timer]",
            "how much longer [on the timer]", "(time|minutes) (remaining|left) on the (timer|clock)", "(are|is) there any timers (running|going|set)",
            "do i have (any|a) timer (running|going|set)", "(what|which) timers (are|do i have) (running|set|going)", "timer check",
            "how long have i got [left]", "(how is|how's) my countdown (doing|going)", "how much time is left on it",
            "(is|are) (my|the) timer[s] still (running|going|on)", "how long on the timer", "(what is|what's) the status of (my|the) timer",
            "how far along is the timer", "(how long|how much time) (have i|do we) got left", "(is|are) there (a|any) timer[s] (on|running|going)",
            "(how long|how much longer) (till|until) (it is|it's) (done|ready)", "(how is|how's) the timer looking", "(tell|remind) me how long is left",
        ],
        "named": [
            "(how (long|much time) is|how many minutes are) (left|remaining) (on|for) the {n}[ timer]", "(what is|what's) (left|remaining) on the {n} timer",
            "(is the {n} [timer ](done|finished|up)|has the {n} [timer ](gone off|finished)) [yet]", "how long (until|till) the {n} (is|will be) (done|ready)",
            "(how is|how's) the {n} (coming along|getting on|going)", "check on the {n} timer", "(time|minutes) left (on|for) (the|my) {n} [timer]",
            "how much longer (on|for) the {n}[ timer]", "(is|are) the {n} ready yet", "what is the {n} timer (at|on|saying)",
            "how long (has|does) the {n} [timer ](got|have) left", "(is|are) the {n} [timer ]still (running|going|on)", "how much time [is ]left (on|for) the {n}",
            "(what is|what's) the status of the {n} timer", "how far along is the {n} [timer]", "(when|how soon) will the {n} be (done|ready)",
        ],
    },
    "vacuum_start": {
        "any": [
            "(start|run|launch|fire up|kick off|power up) {t} (now|please)", "(send|set) {t} (off|to clean|cleaning|on its way)",
            "(have|let) {t} (do|clean) the (floors|house|carpets|rugs)", "get {t} to clean the (floors|house|carpets)", "{t} (start|go) cleaning", "(start|begin) (a clean|a cleaning cycle|a run) with {t}",
            "(tell|ask) {t} to (clean|start|vacuum|hoover|get to work)", "{t} (get to work|do your thing|time to clean)",
            "(wake up|unleash|deploy) {t}", "(let|set) {t} loose", "put {t} to work", "(i want|i'd like|i would like) {t} to (clean|vacuum|hoover) [the floors]",
            "(can|could) you (start|run) {t}", "(get|send) {t} (round|around) the house",
        ],
        "none": [
            "(hoover|vacuum) [the ](carpets|rugs|place)", "the floors (need|could do with) a (hoover|vacuum|clean)",
            "the (carpet|floor|rug) is (dirty|filthy|covered in crumbs)", "there are crumbs (everywhere|all over the floor)",
            "(start|run|do) a (clean|cleaning cycle|vacuum|hoover|sweep)", "(send|get|let) the (robot|vacuum|hoover|roomba|robot vacuum|robovac) (out|going|to work|cleaning)",
            "give the (house|floors|place) a [quick ](hoover|vacuum|clean)", "(can|could) you (hoover|vacuum) (up|the floors|the house)",
            "(hoover|vacuum) up [the ](mess|crumbs|dust|dog hair)", "release the (robot|roomba)", "(start|begin) the cleaning (cycle|run)",
            "(it is|it's) time to (hoover|vacuum)", "[please ]clean up the (floor|floors|crumbs)",
        ],
    },
    "vacuum_return_to_base": {
        "any": [
            "(send|get) {t} [back ]to (its|the) (charging station|docking station|base station)", "(tell|ask) {t} to (go|head) (home|back to (base|the dock))",
            "{t} (back to base|back to the dock|go charge|stop and dock|head home)", "(recharge|charge) {t}", "(stop|pause) {t} and (dock|go home|return to base)",
            "(park|home|retire) {t}", "{t} (that is|that's) enough (cleaning|for today) go home", "(call|bring) {t} (back|home|in)",
            "{t} (can|should) (go|head) home [now]", "put {t} (away|to bed)", "return {t} to (its|the) (dock|base|charger)",
            "(can|could) you (dock|send home) {t}", "{t} stop cleaning and go home",
        ],
        "none": [
            "(that is|that's) enough (vacuuming|hoovering|cleaning) [(for today|for now)]", "(call|bring) the (robot|vacuum|hoover|roomba|robovac) (back|home|in)",
            "tell the (robot|vacuum|hoover|roomba) to (go|head) (home|back to (base|its dock|the charger))",
            "(stop|end|quit) (cleaning|hoovering|vacuuming) and (go home|dock|go back to base)", "(robot|roomba|hoover|vacuum) (go|head) (home|back to base|to the dock|charge)",
            "(park|recharge|charge) the (robot|vacuum|roomba|hoover|robovac)", "put the (robot|hoover|roomba|vacuum) (away|back on charge|on its dock)",
            "(cleaning|vacuuming|hoovering) (done|over|finished) (go home|back to base)",
        ],
    },
    "cancel": {
        "none": [
            "[oh ]never mind (then|about it|that)", "(scrap|ditch|drop) (it|that|all that)", "forget what i said",
            "(cancel|abort) (it|the last (command|request|thing))", "(no|nope) (wait|sorry|cancel)", "(sorry|oops) (my bad|wrong (thing|button))",
            "(i|we) (changed|have changed) (my|our) mind", "(do not|don't) (bother|do that|worry)", "(actually|wait) (no|do not|don't) [(do that|bother)]",
            "ignore what i [just ]said", "(i was|that was) (just talking|talking to (someone else|my (wife|husband|partner|son|daughter|friend)))",
            "(leave it|let it be)", "(cancel|forget) (that|my last) (request|command|instruction)", "false alarm",
            "nah (forget it|never mind|leave it)", "no (no|don't|do not) (do that|bother)", "(nothing for now|that is it|that's it|that will be all|all done)",
            "(sorry|whoops) i did not mean that", "(hold on|wait) cancel that", "(it is|it's) fine (never mind|forget it)", "stop stop",
        ],
    },
}
