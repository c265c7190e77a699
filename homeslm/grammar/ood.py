"""What people say near a voice assistant that is *not* a home command: the out-of-domain grammar.

Every sentence here is labelled "no intent" (``none``). Templates use the syntax of
:mod:`homeslm.grammar.templates` (``(a|b)`` one of, ``[x]`` optional, ``{slot}``). Home slots are
filled from the home the example is drawn for, so the model learns that a room, a device word or a
device's own name in a sentence does not make it a command:

- ``{a}`` one of the home's areas, ``{f}`` one of its floors (a template needing a floor is skipped
  in a home without floors);
- ``{d}`` the name (or an alias) of one of the home's physical devices (never a scene or a script);
- ``{m}`` one of the home's media players, or a word for one ("tv");
- ``{c}`` / ``{cs}`` a singular / plural device word ("lamp" / "lamps"), usually of a kind the home has.

Other slots (``{person}``, ``{city}``, ``{food}``...) draw from :data:`WORDS`
(:mod:`homeslm.grammar.phrases.talk_words`, with the device words :data:`THINGS`).

Rule for this file: every template must be clearly *not* a command in any home. No indirect requests
("it is dark in here", "i am freezing", "the sun is in my eyes", "music please"), nothing a scene or a
script could be called ("good night", "good morning", "bedtime", "breakfast", "movie night"), no
durations asked of the home (timers are commands: a duration belongs only in talk that asks for nothing,
"i'll be ten minutes", "the roast needs another hour"), nothing the ``cancel`` grammar says ("never mind", "no thanks", "that
is all"), no state questions ("is the lamp on"). Remarks *about* devices, past events, requests to
other people and questions about the world are what this file is for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from homeslm.grammar import phrases as P
from homeslm.grammar.homes import Home
from homeslm.grammar.phrases.talk_words import THINGS, WORDS
from homeslm.grammar.templates import render, slots_of

@dataclass(frozen=True)
class Category:
    """A kind of out-of-domain sentence: its templates, how often it is drawn, and whether it is a
    request ("tell me a joke": a polite opening such as "could you" may go before it) or a question
    or remark (only an attention opening such as "hey" or "ok" may)."""

    name: str
    weight: float
    request: bool
    templates: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category("weather", 3, False, (
        "what is the weather [going to be] like (today|tomorrow|this weekend|on {day}|in {city})",
        "what is the (forecast|weather forecast) for (today|tomorrow|the weekend|{day}|{city})",
        "(will|is) it [going to ](rain|snow|be sunny|be windy) (today|tomorrow|on {day}|in {city}|later)",
        "do i need (an umbrella|a coat|sun cream) (today|tomorrow)",
        "how (hot|cold|warm) is it in {city} [(today|right now)]",
        "is it (raining|snowing|sunny) in {city}", "when is the sun (setting|rising) (today|tomorrow)",
        "what time is (sunset|sunrise) [(today|tomorrow)]", "(is there|will there be) a (storm|frost|heatwave) (tonight|this week)",
        "what is the pollen count [today]", "how windy is it going to be (today|tomorrow)",
        "what was the weather like in {city} (yesterday|last week)",
    )),
    Category("time and date", 2, False, (
        "what time is it [(now|in {city})]", "what is the time [in {city}]", "what day is it [(today|tomorrow)]",
        "what is (the date|today's date)", "what year is it", "how many days (until|till) {holiday}",
        "when is {holiday} [this year]", "what date is {holiday}", "is {day} a bank holiday",
        "what is the time difference (between here and|with) {city}", "when do the clocks go (back|forward)",
        "which day of the week is the fifth",
    )),
    Category("news and sport", 2.5, False, (
        "what is (the news|in the news) [today]", "(any|what is the) (news|latest) (about|on) (the election|{team}|{country})",
        "what happened in {city} (today|yesterday)", "who won the {team} (game|match) [(last night|yesterday|on {day})]",
        "what is the score in the {team} (game|match)", "(did|have) {team} (win|won|lose|lost) [(last night|yesterday)]",
        "when (do|does) {team} play next", "who is top of the league", "who won the {sport} [(yesterday|last night)]",
        "did you see the (game|match|{sport}) on (tv|the telly|the television) last night",
        "what a (goal|game|match) that was", "is the {sport} on (today|this weekend|on {day})",
        "who scored for {team} [(last night|yesterday)]", "how is the stock market doing [today]",
        "what is the price of (bitcoin|gold|petrol) [today]",
    )),
    Category("trivia", 4, False, (
        "who invented the {invention}", "when was the {invention} invented", "who discovered (penicillin|gravity|america|dna)",
        "how do {cs} work", "how does a {c} work", "who invented the {c}", "what is a {c} made of",
        "what colour is the sky", "why is the sky blue", "why is grass green", "what is the capital of {country}",
        "how many people live in {country}", "what language do they speak in {country}", "where is {country}",
        "who is {famous}", "how old is {famous}", "how tall is {famous}", "when was {famous} born",
        "who wrote (romeo and juliet|harry potter|pride and prejudice|the hobbit)", "who painted the mona lisa",
        "how (far|big|old|hot) is the (sun|moon|earth|planet mars)", "how deep is the (ocean|sea)",
        "what is the (tallest|biggest|oldest) (mountain|building|tree|animal) in the world",
        "how long do {animal} live", "what do {animal} eat", "how many legs does a spider have",
        "what is the speed of (light|sound)", "how many (planets|moons|continents|oceans) are there",
        "what is the (boiling|freezing) point of water", "who was the first person on the moon",
        "what is the meaning of life", "tell me (something|a fact) about (dinosaurs|space|{country}|{animal}|the ocean)",
        "what is the population of {city}", "how many bones are in the human body", "why do cats purr",
        "who was the (first|last) king of england", "when did the second world war end",
        "how much electricity does a {c} use", "what is the best {c} to buy", "are smart {cs} worth it",
        "how long do {cs} usually last", "what does a {c} cost", "why do {cs} (hum|buzz|click)",
        "who makes the best {cs}",
    )),
    Category("maths and words", 3, False, (
        "what is {num} (plus|minus|times|divided by) {num}", "what is the square root of {num}",
        "what is {num} percent of {num}", "how many (centimetres|inches) (in|are in) a (foot|metre|yard)",
        "how many (grams|ounces) in a (pound|kilo)", "(how many|what is) {num} (miles|pounds|feet) in (kilometres|kilos|metres)",
        "how many days [are there ]in a (leap year|year|fortnight)", "is {num} a prime number",
        "how do you spell {word}", "spell {word}", "what does {word} mean", "what is the meaning of {word}",
        "what is another word for (happy|big|tired|lovely)", "what rhymes with (orange|cat|house|light)",
        "how do you say (hello|thank you|good luck|{word}) in {language}", "what is the plural of (mouse|goose|cactus)",
        "is it (affect|effect) or (effect|affect)", "how do you pronounce {word}", "define {word}",
        "what is (pi|infinity|a prime number)", "what is {num} squared",
    )),
    Category("chit chat", 4, False, (
        "how are you [today]", "how is your day going", "are you (a robot|real|alive|listening|a person|happy)",
        "what is your (name|favourite colour|favourite food)", "do you (like|dream|sleep|have feelings)",
        "you are (funny|clever|silly|the best|so helpful|amazing|rubbish)", "(what|who) made you",
        "where do you live", "how old are you", "do you know any jokes", "that (is|was) (funny|hilarious|a good one)",
        "(what|how) was your day", "nice to meet you", "how was everyone's day",
        "(oh my god|oh wow|no way|you are kidding|seriously|unbelievable)", "what a (day|week|year) it has been",
        "i cannot believe it is (monday|friday|already {holiday}) (again|already)", "guess what happened (today|at work)",
        "can you keep a secret", "what do you think about (cats|dogs|pizza|football|the weather)",
        "happy birthday [to] {person}", "(congratulations|well done) [{person}]", "bless you", "cheers to that",
        "what should i (wear|cook) (today|tonight|for dinner)", "(what|who) is your favourite (band|film|singer)",
        "that was (lovely|delicious|a great meal|a good film|a long day|fun)",
        "the (dinner|cake|soup) was (lovely|delicious|a bit salty)", "i had (a great|a long|a terrible|a nice) day",
        "(the kids are|the dog is|the cat is|the baby is) (asleep|so cute|being naughty|hungry|playing outside) [in the {a}]",
        "the weather has been (awful|lovely|strange) (lately|this week)",
    )),
    Category("feelings", 3, False, (
        "i love this (song|film|show|book|place)", "i hate this (song|show|weather|traffic)",
        "my (feet|back|head|knees|legs) (hurt|hurts|are killing me|is killing me|ache)", "i (am|feel) so (tired|sleepy|stressed|happy|sad|excited|nervous|full)",
        "i am (hungry|starving|bored|exhausted|fed up|in a good mood|worried about work)",
        "i have (a headache|a cold|a sore throat|so much to do)", "i (miss|love) {person}", "i need a (holiday|hug|nap|haircut)",
        "i am (proud of|annoyed with|worried about) {person}", "i think i am getting (a cold|ill|old)",
        "i cannot wait for {holiday}", "i did not sleep well (last night|at all)", "what a lovely (surprise|evening|present)",
        "i am so glad it is (friday|the weekend)", "ugh (mondays|traffic|work)", "i feel (much better|a bit better|sick) (today|now)",
    )),
    Category("remarks about the home", 6, False, (
        "the {a} looks (nice|lovely|great|tidy|different|much bigger) (today|now|since we painted it)",
        "who painted the {a}", "we are (painting|redecorating|renovating|extending) the {a} (next month|this summer|soon)",
        "the {a} is my favourite room", "(should|shall) we (repaint|redecorate|wallpaper) the {a} [(blue|green|white)]",
        "i (found|left) (your|my) (keys|glasses|phone|wallet|book) in the {a}", "have you seen my (keys|glasses|phone|charger)",
        "the cat (is asleep|was sleeping|is hiding) in the {a}", "we had (a party|dinner|a leak) in the {a} (last night|yesterday|on {day})",
        "the {a} (needs|could do with) (a new carpet|new wallpaper|a new sofa|some plants|a rug)",
        "the {a} used to be (a bedroom|an office|the kitchen|a garage)", "how big is the {a}",
        "the (plumber|electrician|builder|painter) is coming to look at the {a} (on {day}|tomorrow|next week)",
        "the {a} is (too small|a bit small|very cosy|always full of toys)",
        "i put the (presents|shopping|boxes|washing) in the {a}", "the {f} needs a new carpet",
        "we (moved|are moving) the (sofa|piano|desk|bookcase) (into|out of) the {a}",
    )),
    Category("household chatter with home words", 7, False, (
        # talk between people near an open microphone (issue 13): plans, complaints, shopping, remarks
        "the (soup|sauce|stew|curry) needs more (salt|pepper|garlic|time)", "the meeting (ran|went) over (again|this afternoon|today)",
        "my (meeting|call|shift) (ran|went) (over|late) so i missed the bus", "(the|our) {c} (cost|was) (a fortune|forty quid|on sale)",
        "we (need|should get) (a new|another) {c} for the {a} (at some point|one day|eventually)",
        "(can you|could you) (pick up|grab|get) (light bulbs|batteries|a new plug|bin bags|{food}) on the way home",
        "(light bulbs|batteries|a plug adaptor|{food}) (and|then) {food} for the shopping list",
        "i (moved|put) the {c} (next to|behind|by) the (sofa|bed|window|bookcase) (yesterday|last week)",
        "(my|your) (mum|sister|brother|friend) has the same {c} in (her|his|their) {a}",
        "the {c} in the {a} (was|is) (a present|a gift|second hand|from the old house)",
        "i (hate|love|like) the (colour|shape|sound) of the {c}", "the {a} (always|never) (gets|got) (cold|warm|the sun) in the (morning|afternoon)",
        "(did you|have you) (see|seen) the (game|match|film|news) (last night|yesterday)",
        "the (kids|dog|cat|baby) (left|spilled|dropped) (juice|water|crumbs|toys) all over the {a}",
        "(whose|who left the) (socks|shoes|coat|bag|mug) (are|is|in) (these|this|the {a})",
        "i (turned|switched) (it|the {c}) off (yesterday|last night|earlier) (but|and) (it|nothing) (came back on|happened|was fine)",
        "(remember|don't forget) (to|that) (we have|the) (dentist|school trip|bin day|plumber) (tomorrow|on {day})",
        "(we|i) should (clean|tidy|paint|sort out) the {a} (this weekend|on {day}|tomorrow)",
        "the (neighbours|people next door) (have|got) (new|really bright) {cs}", "the {cs} at (work|school|the office) are (awful|so bright|broken)",
        "that (film|show|book) (was|is) (so|really) (good|long|boring)", "(dinner|lunch|tea) (is|will be) ready (in a bit|soon|in a moment)",
        "i think the {c} [in the {a} ](is|might be) (broken|dying|making a noise|flickering)",
        "(i|we) (left|forgot) the (shopping|washing|keys) in the {a} (again|earlier)",
        "(the|my) (train|bus|flight) (was|is) (delayed|cancelled|late) (again|today)",
        "the {a} (smells|looks) (of paint|amazing|like a bomb hit it|so much better)",
        "(mum|dad|grandma) (wants|asked for) a {c} for (her|his) birthday", "(how|when) did the {c} (break|get broken|get so dusty)",
        "(we|i) (watched|saw) (a film|the match|the news) in the {a} (last night|yesterday)",
        "i (was|am) (thinking|wondering) (about|whether) (getting|buying) (a new|another) {c}",
        "the {c} (is|was) (cheaper|more expensive|on offer) (online|at the shop|on amazon)",
        "(turning|switching) the {c} on and off (all the time|every day) (wastes|uses) (money|power)",
        "the (heating|boiler) (engineer|man) (is coming|came) (on {day}|yesterday|tomorrow)",
        "(the|our) electricity bill (was|is) (huge|massive|going up) (this month|again)",
        "my (phone|laptop|tablet) (battery|charger) (is|was) (dead|broken|lost) (again|today)",
        "(she|he|they) (left|locked|opened) the (door|window|gate) (this morning|earlier|again) [(by mistake|on purpose)]",
        "(i|we) (paused|stopped|started) the (film|show|game) (earlier|this morning|when you (left|came in))",
        "(i|we) (set|started) the (oven|slow cooker) before (we|i) (left|went out)",
    )),
    Category("commands not meant for the home", 5, False, (
        # action verbs said to people, denied, planned, or asked how: nothing to do now (issue 13)
        "{kid} (don't|do not) (turn|switch) (on|off) the {c} (until|before) (you have done your homework|dinner is ready|i say so|your dad gets home)",
        "(don't|do not|please don't) (touch|unplug|play with|sit on) the {d} [{kid}]", "{kid} (leave|keep your hands off) the {d} [(alone|please)]",
        "{kid} (you can|you may) (turn|switch) on the {c} (after|once) (dinner|your homework|you have tidied up|your bath)",
        "(we|i) (will|could|might) (turn|switch) (on|off) the {cs} (later|tonight|tomorrow|at the weekend|when we get back)",
        "(we|i) (will|could|might) (fix|clean|move|paint) the {d} (later|tomorrow|in the morning|when it stops raining)",
        "(remember|don't forget) to (turn|switch) off the {c} before (you|we) (leave|go to bed|go out)",
        "who (left|turned|put) the {c} on (all night|in the {a}|again)", "who (turned|switched) (off|on) the {d} [(earlier|this morning)]",
        "how do (i|you) (turn|switch) (on|off) the {d} [by hand]", "(the|our) {c} (won't|will not|doesn't|does not) (turn|switch) (on|off) [(anymore|again)]",
        "stop (turning|switching|playing with) the {cs} (on and off|off and on) {kid}", "{kid} (did|have) you (turned|turn) off the {c} in your room",
        "(it's|it is) (fine|ok|okay) to leave the {c} on (tonight|for the cat|while we are out)",
        "(nobody|no one) (needs|wants) the {c} on (right now|at the moment|today)",
        "i was going to (turn|switch) on the {c} but (it is|it's) (not dark yet|warm enough|too late)",
        "(maybe|perhaps) we should (open|close) the (curtains|blinds|windows|garage) (later|tomorrow|at some point)",
        "(the|our) {d} (keeps|kept) (turning|switching) [itself ](on|off) (at night|by itself|all week)",
        # questions nothing in the home can answer: why, when, for how long
        "why (is|are) the {d} (on|off|still on|so bright|flashing|beeping|making that noise)",
        "why (did|does) the {d} (turn|switch|keep turning) (on|off) [(by itself|at night|every morning)]",
        "when did the {d} (last turn on|go off|last open|break)", "how long has the {d} been (on|off|open|running)",
        "when (was|were) the {cs} last (on|changed|replaced|cleaned)",
    )),
    Category("conditional and later requests", 2.5, True, (
        # a request for later or on a condition is an automation, not a command to carry out now
        "(if|when) (it gets dark|it gets cold|we go to bed|you hear the doorbell|i leave) (turn|switch) (on|off) the {c}",
        "(turn|switch) (on|off) the {c} (at|by) (sunset|sunrise|midnight|seven tomorrow|six every morning)",
        "(every|each) (morning|evening|night|weekday) (turn|switch) (on|off) the {cs} [in the {a}]",
        "(open|close) the (curtains|blinds|garage door|shutters) (tomorrow|every morning|at sunrise|at seven) [please]",
        "(remind me to|could you remind me to) (turn|switch) (off|on) the {c} (later|at ten|before bed)",
    )),
    Category("durations and plans in talk", 4, False, (
        # a length of time in talk between people is not a timer (issue 13: chatter started timers)
        "i will be (five|ten|twenty|a couple of) minutes", "give me (five|ten|two|a couple of) minutes i am on the phone",
        "(the|that) (roast|cake|bread|lasagne|chicken) needs (another|about) (ten minutes|twenty minutes|half an hour|an hour)",
        "(the bus|the train|dinner|{person}|the taxi) (comes|is due|will be here|gets here) in (ten|twenty|five|forty) minutes",
        "it took (an hour|forty minutes|ages|half an hour) to get (here|home|to work) (today|this morning)",
        "we waited (an hour|twenty minutes|ages) for the (bus|doctor|delivery|plumber)",
        "the film (is|was) (two|three) hours long", "(five|ten) more minutes (of telly|on the ipad|then bed) {kid}",
        "i (set|put) a timer on my phone", "the timer on the (oven|microwave|washing machine) (went off|is broken|beeps so loudly)",
        "did you hear the (oven|microwave|kitchen) timer go off [earlier]", "the (meeting|match|party|class) (lasted|went on for) (two hours|ages|an hour)",
        "(the|my) (match|meeting|trip|party|flight|class|appointment) (got|was|has been) (cancelled|moved|put off) [(again|today)]",
        "they cancelled (the match|school|the bin collection|the concert) (because of the snow|again|today)",
        "i need to stop (eating biscuits|buying shoes|staying up so late)", "we stopped at the (shop|garage|chemist) on the way home",
        "(i|we) (started|finished) the (book|series|puzzle|painting) (last week|yesterday|in an hour)",
        "(she|he|they) (paused|stopped) for a (minute|second|bit) and then (carried on|left)",
        "the (washing|dishwasher|bread maker) (has|had) (ten|twenty) minutes left [when i looked]",
        "(school|work|the shop) (starts|finishes|closes) in (half an hour|twenty minutes|an hour)",
        "(this|that) recipe takes (forty|twenty|ninety) minutes (from start to finish|all in|if you are quick)",
        "(the|our) clocks (go|went) (back|forward) an hour (this weekend|on sunday|last night)",
        "there (are|is) (two|ten|a) (minutes|minute) (of injury time|left in the match|to go in the game)",
        "(leave|let) it (rest|stand|cool) for (ten|five|twenty) minutes (before|then) (serving|you cut it|eating)",
        "my (alarm|phone) went off (twice|at five|in the meeting) this morning",
    )),
    Category("questions people ask each other", 4, False, (
        # sound like state questions, ask about the world or people who are not the home's devices
        "is the (shop|chemist|post office|pub|library|pool|bakery|tip) open (today|on sundays|this late|yet)",
        "are the shops open (tomorrow|on bank holidays|late tonight)", "what time does the (shop|chemist|gym|pool) (open|close)",
        "is the (baby|dog|cat) (asleep|awake|outside|hungry|in the {a})", "are the (kids|children|boys|girls) (in bed|asleep|back|ready) [yet]",
        "is your (sister|brother|dad|mum|friend) (back|coming|ready) [yet]", "is (dinner|tea|lunch|the pasta) ready [yet]",
        "is (it|the road|the car park) (busy|icy|flooded) (today|this morning)", "are you (warm|cold|comfortable|hungry|ready) [enough] {kid}",
        "is the (car|bike|van) (fixed|back from the garage) [yet]", "did you lock the car", "is (there|there any) (milk|bread|coffee) left",
        "are the (tickets|presents|bags) (in the {a}|upstairs|in the car)", "is the (game|match|party|meeting) still on [(tonight|tomorrow)]",
        "is (anyone|anybody|somebody) going to (help me|eat this|answer the door|walk the dog)",
        "how many (people|kids|guests) are coming (tonight|on {day}|to the party)", "(which|what) room is (the party|the meeting|dinner) in",
        "how (hot|warm|cold) was it (on holiday|in {city}|at the beach)",
    )),
    Category("numbers in talk", 2.5, False, (
        "it was (thirty|twenty five|forty) degrees in ({city}|{country}) [last week]", "my phone is on (five|ten|two) percent",
        "(i|she|he) got (eighty|ninety|seventy) percent in the (test|exam)", "(we|i) got (twenty|fifty|ten) percent off the {c}",
        "the (car|van) only has (ten|a quarter of a) (percent|tank) left", "the {c} is (fifty|ninety) percent cheaper online",
        "(she|he) is (twelve|forty|ninety) (tomorrow|next week|on {day})", "we need (six|twelve|two) more chairs for the party",
        "it was (minus five|freezing|zero degrees) at the bus stop", "the (oven|recipe) says (two hundred|a hundred and eighty) degrees",
    )),
    Category("remarks about devices", 9, False, (
        "the {c} is new", "the {c} in the {a} is new", "the {d} is (new|brand new|lovely|ugly|quite old|from ikea)",
        "(i|we) bought a new {c} (yesterday|last week|online|at the weekend|in the sale)",
        "the {c} was (expensive|cheap|a present|on sale|a bargain|a gift from {person})",
        "the {d} was (expensive|cheap|a present|on sale|a bargain|a gift from {person})",
        "my (sister|mum|neighbour|friend|brother) has the same {c}", "{person} has the same {d} as us",
        "the {cs} were (installed|delivered|fitted) (last week|yesterday|on {day})",
        "the {cs} in the {a} were (installed|fitted|put in) (last year|in the spring|by the last owners)",
        "i like the colour of the {c}", "i (like|love|do not like|hate) the (shape|style|design) of the {d}",
        "where did you (buy|get) the {c}", "where did (we|you) get the {d} from", "how much was the {c}",
        "what brand is the {d}", "how old is the {d}", "the {c} came with the house", "the {d} came with the house",
        "the {c} (matches|goes with) the (sofa|curtains|rug|walls)", "the {d} was my (grandmother's|grandad's|mum's)",
        "the {d} arrived (today|this morning|yesterday)", "i (read|lost|found) the manual for the {d}",
        "the warranty on the {c} (runs out|ends) (next year|in june|soon)", "the {d} has a (scratch|dent|crack) on it",
        "(dad|{person}|the electrician) (fixed|will fix|is fixing) the {c} (yesterday|tomorrow|on {day})",
        "{person} broke the {c} (again|last week|playing football)", "the box for the {c} is in the {a}",
        "i need to (buy|order) a new {c} (for the {a}|for {person}|online)", "should we get a (bigger|smaller|new) {c}",
        "do you think the {c} (suits|fits) the {a}", "the {cs} in this house are so old",
        "the {d} (makes|has been making) a (funny|weird|clicking|humming) noise (lately|since {day})",
        "the {c} in the {a} is (dusty|a bit wonky|from the charity shop|older than me)",
        "i saw a (lovely|cheap|nice) {c} in the (shop|catalogue|sale) (today|yesterday)",
        "(they|the shop) (sell|have) {cs} on offer (this week|at the moment)", "the {c} is the same as the one at (work|mum's)",
        "the {cs} (at|in) {person}'s house are (really nice|so bright|fancy)", "there is a spider (on|behind|under) the {c}",
        "the cat knocked the {c} over (again|yesterday)", "the dog (is scared of|barks at) the {c}",
        "did you see the (game|news|film|match) on (tv|the telly) last night", "there was a great (film|documentary|match) on tv last night",
        "the {c} (is|looks) (nice|lovely|cool) (today|in that corner|there)", "the {d} looks (nice|great|good) (there|in the {a})",
        "how many {cs} do we have", "i (cleaned|dusted|painted) the {c} (this morning|yesterday)",
        "i (moved|carried) the {d} (to|into) the {a} (yesterday|this morning)", "the {c} (fell over|broke) (last night|yesterday)",
        "the {cs} (were|have been) (flickering|playing up) (last week|since the storm)",
        "{person} (gave us|bought us|made) the {d} (for christmas|as a present|years ago)", "who chose the {d}",
        "the {d} is (older than the house|from the market|the best thing we bought)", "do you remember when we got the {d}",
        "i (cannot|can never) remember where we bought the {d}", "the {d} (cost|was) (a fortune|twenty pounds|a lot)",
        "the instructions for the {d} are in the drawer", "the {d} is (exactly|nearly) the same as {person}'s",
        "my (friend|sister|mum) (wants|asked about) the {d}", "the {d} was (delivered|fitted|put up) (on {day}|last week)",
        "we should (sell|give away|keep) the old {c}", "the dog (chewed|sat on) the {c} [again]",
    )),
    Category("habits opinions and comparisons about devices", 5, False, (
        # how a device always is, what someone thinks of it, how it compares: said about it, nothing asked of it;
        # habitual words ("always", "every morning") keep these apart from "it is too bright in here"
        "the {d} is always (so|a bit|really|rather) (harsh|glaring|slow|blue|yellow|noisy) (first thing|in the mornings|at night|in winter|when i come in)",
        "(every|each) (morning|night|time) the {d} (seems|looks|sounds) (harsher|dimmer|noisier|slower) than it used to",
        "i (love|hate|can't stand|really like|am not sure about) the (colour|glow|light|look|hum) of the {d}",
        "the {d} makes the {a} look like a (nightclub|hospital|dentist's|spaceship|cave|film set)",
        "look at the {cs} (twinkling|glowing|sparkling|shining) (outside|in the garden|over there|in the dark)",
        "(look|see) how (pretty|nice|bright|cosy) the {d} (looks|is) (tonight|from outside|with the snow|in the dark)",
        "(their|the neighbours'|{person}'s) {c} is (so much|much|a lot|way) (quieter|louder|brighter|nicer|smaller|faster) than (ours|our one|the one we have)",
        "we should (get|buy|order) (some|one|a couple) of those {cs} for the {a} (too|as well|at some point)",
        "(is|are) the {d} on a (schedule|motion sensor|routine) or (do|did) (you|{person}) (switch|turn) (it|them) on [(by hand|yourself)]",
        "(is|are) the {d} (on a dimmer|on a smart plug|wired in|battery powered) or (just|only) (on a switch|a normal switch|plugged into the wall) (do you know|love|mate)",
        "the {d} (uses|takes|eats|drinks) (so much|loads of|hardly any|a lot of) (power|electricity|battery) [(these days|in winter)]",
        "(honestly|to be fair) the {d} (works|has worked) (brilliantly|fine|perfectly) since (we got it|{person} fixed it|the update)",
        "the {d} (was|looked) (much|so much|way) (better|brighter|nicer) (in the shop|in the picture|at the old house)",
        "(my|our) old {c} (was|used to be) (brighter|quieter|louder|better|more reliable) than this one",
        "the {cs} (in|at) (the hotel|school|the hospital|{person}'s flat) were (so|really) (bright|dim|noisy|fancy) (last time|when we went)",
        "(whoever|the person who) (designed|chose|fitted) the {d} (had|has) (no|great|odd) taste",
    )),
    Category("past events", 4, False, (
        "i (already|just) (turned|switched) (off|on) the {c} (earlier|this morning|at lunchtime|before we left)",
        "i (turned|switched) the {cs} (off|on) (already|earlier|before i went out|at lunchtime)",
        "i already (turned|switched) the {d} (off|on)", "i (locked|checked) the (front door|back door|doors) (when i came in|earlier|at lunchtime)",
        "we (turned|had) the heating (down|up) last winter", "you (turned|switched) the {cs} off (yesterday|last night) [remember]",
        "thanks for (turning|switching) the {cs} (off|on) (earlier|yesterday)", "i (changed|replaced) the bulb in the {a} (last week|yesterday)",
        "(someone|{person}) (fixed|moved|unplugged|painted) the {c} (yesterday|last week)",
        "we left the (window|back door) open (yesterday|last night) and nothing happened",
        "i set the thermostat (last year|when we moved in) and never touched it since",
        "the {cs} (were|came) on (all night|by themselves) (last week|yesterday) but it is fine now",
        "(last night|yesterday) i (watched|saw) {film} on (the tv|the telly|the big screen)", "i (opened|closed) the {cs} (this morning|earlier) myself",
        "we (had|got) the {cs} (installed|fitted|serviced) (last year|in march|when we moved in)",
    )),
    Category("talking to other people", 5, False, (
        "{kid} (can|could) you pass the (salt|pepper|ketchup|bread|remote)", "{kid} (dinner|lunch|tea) is ready",
        "{kid} time to {chore}", "{kid} (please|) {chore}", "{kid} (have you|did you) {chore}",
        "tell your (brother|sister|dad|mum) to (come down|hurry up|{chore})", "(come|hurry) (on|up) {kid} we are (late|leaving)",
        "{kid} (where are|have you seen) my (keys|glasses|shoes)", "{kid} stop (fighting|shouting|running)",
        "{kid} (do you want|would you like) (a cup of tea|some toast|a drink|more pasta)", "{person} is on the phone",
        "{kid} your (friend|nan|teacher) is here", "{kid} the (taxi|bus|car) is here", "{kid} (i love you|well done|good job)",
        "{kid} what do you want for (dinner|lunch|tea)", "{kid} (can|could) you (help me|give me a hand) with the (shopping|bags)",
        "{kid} (shall|should) we go to the park", "{kid} (who|what) are you (talking to|doing)", "{kid} it is your turn",
        "{kid} (come and see|look at) this", "{kid} how was school", "{kid} did you (eat|brush your teeth|finish your homework)",
        # questions and warnings to a person about a device: the person answers, not the home
        "{kid} did you leave the {c} on [again] [(all day|all night|when you went out)]",
        "{kid} (did|have) you (shut|close|lock) the {c} [(before bed|when you came in|after you|on your way out)]",
        "did you (leave|put) the {c} on [again] {kid}", "{kid} (was it|was that) you who (left|put) the {c} on",
        "{kid} (don't|do not|stop) (touch|touching|play with|playing with|fiddle with|fiddling with) the {c}",
        "{kid} (who|what) (turned|switched) the {c} (off|on) [in the {a}]", "{kid} why is the {c} (on|off|open) [in the {a}]",
    )),
    Category("reported speech", 3.5, False, (
        # what someone said or asked, relayed: an action verb and a device, and nothing asked of the home
        "{who} (said|says|told me|told us|reckons) (to|we should|we ought to) (turn|switch) (on|off) the {c} (at night|when we go out|for the cat|every so often)",
        "{who} (said|told me) (to|not to) (lock|open|close|unlock) the {d} (behind (me|her|him)|before bed|when the dog is out)",
        "{who} (said|told us) (never|not) to (set|turn) the {c} (above|below|past) (twenty|eighteen|five|ten)",
        "(apparently|{who} says) you (should|should not|should never) leave the {cs} on (all night|when nobody is in|on standby)",
        "(did|has) {person} (ask|asked) you to (open|close|turn off|switch on) the {d}",
        "{who} asked (me|us) to (turn|switch) the {d} (down|off|on) (earlier|last night|yesterday|at lunch)",
        "my (mum|dad|gran|grandad) always (says|said) to (turn off|switch off|unplug) the {cs} (at the wall|before bed|when you go out)",
        "the (manual|leaflet|box|instructions|app) (says|said) to (turn|switch) the {c} off (at the wall|once a month|before cleaning it)",
        "{who} wants (us|me) to (open|close|dim|lock) the {d} (for the (party|viewing|photos)|next week|on {day})",
        "i (told|asked) {person} to (turn|switch) (on|off) the {d} (but|and) (she|he) (forgot|did not|never did)",
    )),
    Category("narrating what i do", 3.5, False, (
        # first person: what the speaker is doing or about to do by hand, nothing asked of the home
        "i am (just|only) going to (open|close) the {d} (myself|by hand)",
        "i am (turning|switching) the {d} (on|off) (at the wall|by hand|with the switch on the back|myself)",
        "i (have|have just|just) (switched|turned) the {d} (off|on) (at the wall|myself|by hand|with the remote)",
        "i (have|have just|just) (unplugged|plugged in|moved|reset) the {d} [(again|for now)]",
        "i am (popping|nipping|going) (out to|up to|down to|into) the {a} (for a sec|to get something|to find my charger|to grab a jumper)",
        "i am (going|heading) up to the {f} to (have a bath|get changed|find the charger|tidy the wardrobe)",
        "hang on i am (just|still) (closing|opening|locking) the {d}", "(hold on|one sec) i am (plugging in|fixing|moving) the {d}",
        "i am (sitting|reading|working|lying) in the {a} with the {c} on", "i will get the {d} (open|sorted|working) (in a sec|when i have finished this|myself)",
        "(watch out|mind your head) i am (opening|closing) the {d}", "i (can|will) (do|sort) the {cs} (myself|in a bit|when i am up)",
    )),
    Category("reading aloud", 3, False, (
        # a manual, a recipe, a letter, homework: instructions read out, nothing asked of the home
        "(to|if you want to) (reset|clean|pair|descale) the {c} (switch|turn) it off and (unplug it|wait|press the button)",
        "(step|stage) (one|two|three) (switch|turn) off the (power|mains|water) (at the fuse box|at the stopcock|first)",
        "the (manual|guide) (recommends|suggests) keeping the {c} (clean|dust free|away from the window)",
        "(add|stir in) (a pinch of salt|the butter|two eggs|the sugar|the flour) (and|then) (mix|stir|whisk) (well|gently|until smooth)",
        "(turn|open) to page (twelve|four|ninety|thirty one) of your (book|reading book|workbook)",
        "(dear|to) {person} thank you [so much ]for the (lovely|kind|generous) (present|card|letter)",
        "(warning|caution) do not (open|cover|immerse) the {c} (while it is on|in water|when hot)",
        "(question|number) (three|five|ten) (name|list|describe) (three|two) (types of|things about) (rock|plants|rivers|volcanoes)",
        "(slide|push) the battery cover (off|back on) (before|after) you (fit|change) the batteries",
    )),
    Category("talking to pets and babies", 3, False, (
        "{pet} (get off|get down from|off) the (sofa|bed|table|counter|chair) [(now|please)]",
        "{pet} (drop it|leave it|sit|stay|come here|good (boy|girl)|no barking)", "(no|stop it) {pet} (do not|don't) (chew|eat|touch) (that|the {c}|my slippers)",
        "who is a good (boy|girl) [then]", "(shh|hush) (now|little one|baby) (go to sleep|it is ok|mummy is here|daddy is here)",
        "(no|stop) (sweetie|baby|darling) (do not|don't) (touch|pull|lick|bite) the {c}", "(open|close) your (mouth|eyes) for me (sweetie|baby|darling)",
        "{pet} (out|in) you go", "(let|put) the (dog|cat) (out|in) {kid}", "{pet} (what|who) (is|was) that (noise|at the door)",
    )),
    Category("heard from the tv radio and calls", 3, False, (
        # a presenter, an advert, a film line, one half of a phone call
        "(and now|coming up) (the weather|the news|the sport|the travel) (in|for) (the north|your area|the south west|scotland|wales)",
        "(join|see) us again (next week|tomorrow|on {day}) for more", "(lines|voting) (close|closes) at (midnight|ten) (tonight|on {day})",
        "(hurry|order now) while stocks last", "(terms and conditions apply|calls cost ten pence plus network charges)",
        "(he|she) (turns|switches) off the (lights|lamp) and (walks|creeps) (out|upstairs|into the dark)",
        "(yes|yeah|no) i (can|will) call you back (i am|we are) just (cooking|in the car|putting the kids to bed)",
        "(hello|hi) (yes|yeah) it is (me|{person}) [(speaking|here)] can i call you back", "(ok|right|sure) so you want me to (send|email|post) (it|the form) (tomorrow|today) [yeah]",
        "(breaking news|this just in) (flooding|snow|strikes) (in|across) {city}", "(stay tuned|don't go anywhere) (after the break|for more)",
    )),
    Category("wishes and what ifs", 2.5, False, (
        "one day i would (love|like) (a|to get a|to put a) {c} in the {a}", "(if|when) we (move|win the lottery|redo the {a}) (we will|i want to) (get|put) (a|some) {cs} in",
        "(ever since|after) the power cut (last week|on {day}) the {d} (has been|was) (acting up|blinking|slow)",
        "(imagine|wouldn't it be nice) if the {cs} (turned|switched) (themselves|on by themselves) (on|off)",
        "(what if|suppose) we (painted|moved|knocked through) the {a}",
        "if i had the money i would (replace|change|upgrade) [all ]the {cs}", "(maybe|perhaps) (next year|one day) we (can|could) (get|afford) a (new|better) {c}",
    )),
    Category("shopping and calendar", 4, True, (
        "add {food} to (the|my) (shopping|grocery) list", "put {food} [and {food} ]on the shopping list",
        "what is on (the|my) shopping list", "(remove|take) {food} (off|from) the [shopping ]list",
        "we (need|are out of|have run out of) {food}", "(buy|order) (some|more) {food}",
        "what is on my (calendar|schedule|agenda) (today|tomorrow|for {day}|this week)",
        "(add|put) a (meeting|dentist appointment|haircut|party) (on|for) {day} [at {clock}] [in my calendar]",
        "when is my (next appointment|dentist appointment|meeting with {person})", "am i free (on {day}|tomorrow at {clock})",
        "move my meeting with {person} to {day}", "(cancel|delete) my (appointment|meeting) on {day}",
        "what time is my (flight|train|meeting) (on {day}|tomorrow)", "(when|what day) is {person}'s birthday",
        "remind me to (buy {food}|call {person}|take the bins out|pay the bills|water the plants) (tomorrow|on {day}|at {clock})",
        "remind me about {person}'s birthday", "add (pay the bills|call the vet) to my (to do|todo) list",
        "what is on my to do list", "set an alarm for {clock} [(tomorrow|on {day})]", "wake me up at {clock} [tomorrow]",
        "what alarms do i have [set]", "(delete|remove) (my|the) {clock} alarm",
    )),
    Category("calls messages and email", 3, True, (
        "(call|ring|phone) {person} [(on (her|his) mobile|at work)]", "(facetime|video call) {person}",
        "text {person} (that i am running late|to call me back|happy birthday)", "send a (message|text) to {person}",
        "send {person} a (message|text|photo|voice note)", "read [me ]my (messages|texts|emails)", "any new (messages|emails)",
        "(email|write an email to) {person} about (the party|the meeting|{day})", "check my (email|inbox|voicemail)",
        "who called [me ](today|earlier)", "reply to {person} (saying ok|and say thanks)", "(start|write) a new email",
        "did {person} (text|call|email) [me] [back]", "what is {person}'s (number|address|email)",
    )),
    Category("orders games and other apps", 3, True, (
        "order (a pizza|a takeaway|an indian|a curry|some sushi|a taxi|an uber)", "book a table for {num} (at {clock}|on {day}|tonight)",
        "(book|get) [me ](a taxi|a cab|an uber) to (the station|the airport|work|{city})",
        "play a game with me", "(let us|lets) play (a game|i spy|twenty questions|a quiz|hangman)", "tell me a (joke|story|riddle|fun fact)",
        "(sing|can you sing) [me ](a song|happy birthday)", "(flip|toss) a coin", "roll (a die|the dice)", "pick a number between 1 and {num}",
        "(find|give) me a recipe for {dish}", "how do (i|you) make {dish}", "how do you (boil an egg|cook rice|make gravy)",
        "navigate to (work|{city}|the nearest petrol station)", "how far is it to {city}", "what is the traffic like (to work|on the motorway) [today]",
        "when is the next (train|bus) to {city}", "(find|where is) my (phone|keys|car)", "(take|send) a (photo|picture|screenshot)",
        "(translate|say) (hello|thank you|good luck|where is the station) in {language}", "book (a flight|a hotel|a holiday) to {city}",
        "(track|where is) my (parcel|order|delivery)", "(pay|transfer) {num} pounds to {person}", "what is my bank balance",
        "(find|are there) any (restaurants|pubs|cafes|chemists) (near here|nearby|open now)", "post (this|that) on (facebook|instagram)",
    )),
    Category("media searches we do not do", 3, True, (
        "search {service} for ({film}|{artist}|cat videos|{dish} recipes)", "(find|show) me (funny cat videos|{film}) on {service}",
        "what is (on|new on) {service} (tonight|this week)", "is {film} on {service}", "who sings this song", "what song is this",
        "who (was|is) in {film}", "when did {film} come out", "who directed {film}", "(what|who) is the (actor|singer) in this",
        "add this song to my (playlist|favourites)", "(download|subscribe to) [the latest episode of ](that podcast|{artist}'s podcast)",
        "recommend a [good ](book|film|podcast|series) [for tonight]", "what films are on at the cinema [(tonight|this weekend)]",
        "(buy|rent) {film} on {service}", "when is the new {artist} album out", "(what|who) is number one in the charts",
        "what are the lyrics to (this song|{film})", "how many albums did {artist} make",
        # playing a title is not a transport command ("play" alone resumes): no such action
        "play {film} on [the ]{m}", "(put|stick) {film} on [the ]{m} [for the kids]", "play [some ]{artist} on [the ]{m}",
        "(watch|stream) {film} on [the ]{m}", "play the (new|latest) {artist} (album|single) [on the {m}]",
        "(can|could) you play {film} [on the {m}]", "play {artist} [in the {a}]", "put {artist} on [in the {a}]",
        "play (a podcast|an audiobook|some jazz|some classical music|my workout playlist) on [the ]{m}",
    )),
)

#: Fallback device words for a home with no devices of a kind with a known word.
_ANY_THING = [pair for pairs in THINGS.values() for pair in pairs]
_HOME_SLOTS = frozenset({"a", "f", "d", "c", "cs", "m"})
#: Device types whose names are not things one can remark on ("the movie night is new").
_NOT_THINGS = frozenset({"scene", "script", "person"})


def templates() -> list[tuple[str, str]]:
    """Every template as ``(category, template)``."""
    return [(cat.name, tpl) for cat in CATEGORIES for tpl in cat.templates]


def _usable(template: str, home: Home) -> bool:
    slots = slots_of(template)
    if "f" in slots and not home.floors:
        return False
    if "d" in slots and not any(d.type not in _NOT_THINGS for d in home.devices):
        return False
    if "a" in slots and not home.areas:
        return False
    return True


def filler(home: Home, rng: random.Random) -> Callable[[str], str]:
    """``fill(slot)`` for :func:`templates.render`: home slots from ``home``, others from :data:`WORDS`.
    One draw of ``{c}`` and ``{cs}`` per sentence keeps "the lamp ... the lamps" consistent."""
    things = [d for d in home.devices if d.type not in _NOT_THINGS]
    kinds = [d.type for d in things if d.type in THINGS]
    thing = rng.choice(THINGS[rng.choice(kinds)]) if kinds and rng.random() < 0.75 else rng.choice(_ANY_THING)

    def fill(slot: str) -> str:
        if slot == "a":
            return rng.choice(home.areas)
        if slot == "f":
            return rng.choice(list(home.floors))
        if slot == "d":
            dev = rng.choice(things)
            return rng.choice(dev.aliases) if dev.aliases and rng.random() < 0.3 else dev.name
        if slot == "m":  # something that plays: one of the home's media players, or a word for one
            players = [d for d in things if d.type == "media_player"]
            if players and rng.random() < 0.7:
                return rng.choice(players).name
            return rng.choice(THINGS["media_player"])[0]
        if slot == "c":
            return thing[0]
        if slot == "cs":
            return thing[1]
        if slot in WORDS:
            return rng.choice(WORDS[slot])
        raise KeyError(f"out-of-domain template slot {{{slot}}} has no filler: add it to talk_words.WORDS")

    return fill


#: Talk that asks for nothing, said after another remark in one breath: what :func:`remark` draws from. (Not
#: around commands: run 15, trained with it after commands, acted on more chatter; docs/benchmarks.md.)
REMARK_CATEGORIES = frozenset({"feelings", "remarks about the home", "remarks about devices", "past events",
                               "habits opinions and comparisons about devices", "talking to pets and babies",
                               "talking to other people"})
_REMARKS = tuple(c for c in CATEGORIES if c.name in REMARK_CATEGORIES)
#: How a second remark follows the first in one long breath.
_RUN_ON = [", ", " and ", " but ", " because ", " so ", " anyway ", ", i mean ", " although ", " and honestly ", ", "]


def remark(rng: random.Random, home: Home) -> str:
    """One sentence of talk that asks for nothing (:data:`REMARK_CATEGORIES`), its home slots from ``home``."""
    cat = rng.choices(_REMARKS, [c.weight for c in _REMARKS])[0]
    choices = [t for t in cat.templates if _usable(t, home)] or [t for c in _REMARKS for t in c.templates
                                                                  if not slots_of(t) & _HOME_SLOTS]
    return render(rng.choice(choices), rng, filler(home, rng))


def draw(rng: random.Random, home: Home, request_openers: frozenset[str] = frozenset()) -> str:
    """One out-of-domain sentence about ``home``, sometimes with an opening: a request ("tell me a
    joke") may take a polite one ("could you tell me a joke"), a question, a remark or a sentence that
    already opens as a request ("i ...", "can ...": ``request_openers``) only an attention one ("hey,
    what time is it")."""
    cat = rng.choices(CATEGORIES, [c.weight for c in CATEGORIES])[0]
    choices = [t for t in cat.templates if _usable(t, home)]
    if not choices:
        cat = CATEGORIES[0]  # weather needs nothing of the home
        choices = list(cat.templates)
    text = render(rng.choice(choices), rng, filler(home, rng))
    if not cat.request and rng.random() < 0.12:  # talk runs on: a long breath of two remarks is still talk
        text = f"{text}{rng.choice(_RUN_ON)}{remark(rng, home)}"
    if rng.random() < 0.2:
        first = text.split(" ", 1)[0]
        polite = cat.request and first not in request_openers and first not in P.NON_REQUEST_OPENERS
        text = f"{rng.choice(P.PREFIXES if polite else P.ATTENTION_PREFIXES)} {text}"
    return text
