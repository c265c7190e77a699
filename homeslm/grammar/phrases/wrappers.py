"""What goes around a command: polite openings and endings, fillers, the words joining several
commands in one breath, the remarks said before a command and the afterthoughts said after it, and the
openings that suit a question or a remark."""

from __future__ import annotations

# Polite wrappers and fillers, around any single command.
PREFIXES = [
    "please", "could you", "can you", "could you please", "can you please", "would you", "would you please",
    "would you mind", "will you", "i want you to", "i would like you to", "i need you to", "go ahead and",
    "hey", "ok", "okay", "kindly", "just", "quickly", "hey can you", "ok so", "right", "alright",
    "computer", "hey computer", "ok computer", "um", "uh", "er", "so", "yo", "could you just", "now",
    "i would like to", "let us", "mind", "be a dear and", "do me a favour and", "can i get you to",
    "would you be able to", "are you able to", "i was wondering if you could", "any chance you could", "please could you",
    "can you go ahead and", "hey there", "excuse me", "sorry", "right then", "okay then", "oi", "hiya", "listen", "actually",
    "oh and", "also", "now then", "if you could", "could you possibly", "would you kindly",
    "do us a favour and", "can you just", "when you get a chance", "hey so",
]
SUFFIXES = [
    "please", "thanks", "thank you", "for me", "now", "right now", "if you can", "cheers", "please thanks",
    "for me please", "asap", "when you can", "straight away", "if you would", "will you", "ta",
    "when you get a chance", "if you do not mind", "if that is ok", "would you", "ta very much", "thank you very much",
    "much appreciated", "lovely", "mate", "love", "buddy", "pal", "please and thank you", "for us", "real quick", "pronto",
    "cheers mate", "thanks a lot", "please mate", "if possible",
]
FILLERS = ["um", "uh", "er", "erm", "like", "you know", "hmm", "ah", "uhh", "umm", "so", "i mean", "well", "actually",
           "oh", "basically", "sort of", "uh huh", "errr"]

# Joining several commands in one breath.
JOINERS = [" and ", " and then ", " then ", ", ", ", then ", " and also ", " also ", " plus ", " after that ", " and after that "]

#: Situations said before a command ("i'm off out, lock the back door"). Alone they are remarks, out of
#: domain; followed by a command, the command is what counts.
REMARKS = [
    "the kids are asleep", "the little one is napping", "the dog is asleep", "i am off to bed", "i'm off to bed",
    "i am going to bed", "we're off out", "i'm popping out", "we are off to the shops", "it is getting late", "it's late",
    "we are going out", "i am home", "i'm home", "i'm back", "movie time", "that is enough", "that's enough", "i am done",
    "i'm done", "i'm finished in here", "we are leaving now", "guests are coming", "dinner is ready", "time for bed",
    "bedtime", "i am going out", "i'm off to work", "we are done here", "morning", "good morning", "good night",
    "night night", "i am leaving", "i'm going to read", "i'm trying to sleep", "right i'm done", "i have heard enough",
    "it's bedtime", "we're watching a film", "i'm working from home today", "nobody is in there", "no one is using it",
    "it's a nice day", "it's getting dark", "i'm cooking", "i'm in the shower", "we have visitors", "i'm about to leave",
    "i'm going for a nap", "lunch is ready", "it's very quiet", "hang on", "oh wait", "ok right", "right ok",
    "you know what", "come to think of it", "on second thought", "the glare is awful", "it's boiling today",
    "the postman is here", "i've got a headache", "the match is starting", "my hands are full", "i'm on a call",
    "we're about to eat", "the cat's gone out", "i'm having a bath", "everyone's gone home", "the film is over",
]

#: Said after a command, asking for nothing more ("turn the fan off, it's cool enough now").
AFTERTHOUGHTS = [
    "it's cool enough now", "it's warm enough now", "nobody needs it", "it's bright enough", "it's too noisy",
    "it's been on all day", "we don't need it", "it's wasting power", "i can't hear myself think", "it's stuffy in here",
    "the room is empty", "i've finished with it", "it's giving me a headache", "it's nice and sunny", "we're going out",
    "i'm heading to bed", "that's better", "cheers", "i'm all done", "no one's watching", "the kids have gone to school",
]

#: Openings that suit a question or a remark as well as a request ("hey, what time is it"); request
#: openings ("could you", "i want you to") go only before commands and requests.
ATTENTION_PREFIXES = [
    "hey", "ok", "okay", "hey computer", "ok computer", "computer", "um", "uh", "er", "so", "right", "alright",
    "excuse me", "sorry", "actually", "listen", "hey there", "hiya", "oh and", "also", "now then", "hey so", "quick question",
    "ok so", "right then", "okay then",
]
#: First words of a question or a remark ("is the door locked", "it is freezing in here", "the kids are asleep"),
#: not of a request: only :data:`ATTENTION_PREFIXES` go before them, never "could you".
NON_REQUEST_OPENERS = frozenset({
    "is", "are", "was", "were", "what", "whats", "how", "hows", "did", "does", "has", "have", "had", "when", "where", "who",
    "which", "why", "any", "it", "its", "that", "thats", "there", "the", "my", "our", "good", "hello", "hi", "thank", "thanks",
    "yes", "no", "maybe", "okay", "ok", "cool", "goodbye", "see", "blah", "testing", "quick", "nobody", "am", "should",
    "what's", "how's", "it's", "that's", "there's", "where's", "who's", "when's",
})
