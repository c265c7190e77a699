"""What is not a command for this home: out-of-domain sentences and devices, qualifiers and places
no home of the grammar has."""

from __future__ import annotations

# Things that are not commands for this home.
OUT_OF_DOMAIN = [
    "what is the weather [like ][(today|tomorrow|this weekend)]",
    "what is the weather [like] in (london|paris|cornwall|new york|spain|the lake district|town)",
    "how (hot|cold|warm) is it in (london|paris|cornwall|spain|australia|the desert) [today]",
    "what is the temperature (on|of) (mars|the sun|the sea|the oven|venus)", "how cold is space",
    "(is it|will it be) (sunny|windy|cold|hot|raining) (today|tomorrow|outside|at the weekend)",
    "it is (a lovely|such a nice|a rainy) day", "what a (lovely|rainy) day",
    "(lock|open) (the|my) (phone|laptop|computer|car|account)", "close (the|my) (app|tab|browser)",
    "turn the page", "switch (channels|to channel four)", "turn (left|right|around)", "set the table",
    "light a candle", "open a (bottle|beer|tin) of (wine|beans)", "close your eyes", "the lights are (lovely|too modern)",
    "will it rain (today|tomorrow)", "tell me a joke", "how are you",
    "good (morning|night|evening|afternoon)", "hello", "hi there", "thank you", "thanks", "who (are|made) you", "what time is it",
    "what is the date [today]", "play [some ](jazz|music|the beatles|my playlist|a podcast) on spotify", "call (mum|mom|dad|john)",
    "send a message to (sarah|tom)", "(what|who) is the (president|capital of france|tallest mountain)", "how far is the moon",
    "set an alarm for (7|seven) (am|tomorrow)", "add (milk|eggs|bread) to (my|the) shopping list", "what is on my calendar",
    "read me the news", "who won the (game|match) (last night|yesterday)", "how do you spell (necessary|rhythm)",
    "what is (2|two) plus (2|two)", "order (a pizza|some food)", "book a table for (2|two)", "i love you", "sing me a song",
    "what can you do", "open the pod bay doors", "(translate|say) hello in (french|spanish)", "how tall is the eiffel tower",
    "is it going to be sunny", "navigate (home|to work)", "find my phone", "turn left at the next junction", "what is for dinner",
    "recommend a (movie|book)", "how many calories in an apple", "what is the meaning of life", "remind me to call the dentist",
    "buy [more ](dog food|batteries)", "what is the traffic like", "tell me about (dinosaurs|black holes)", "start a new email",
    "how old is the universe", "(next|play) episode on netflix", "watch (the news|a film) on (netflix|youtube)",
    "what is my name", "lets play a game", "flip a coin", "roll a die", "spell (cat|dog)", "define (serendipity|ephemeral)",
    "i am (bored|tired|hungry)", "the (kids|dog) (are|is) (noisy|asleep)", "(my|the) (car|bike) (is|needs) (broken|petrol)",
    "what is the score", "take a picture", "where are my keys", "did you hear that", "blah blah blah", "the quick brown fox",
    "can you hear me", "testing testing", "are you there", "what is [the ](stock price|bitcoin) [today]", "convert (10|ten) miles to km",
    "how do i make pancakes", "goodbye", "see you later", "yes", "no", "maybe", "i do not know", "okay", "cool",
    "that is (great|nice|fine)", "what did you say", "repeat that", "speak up",
]
# Things people ask of devices that a home does not have ("turn on the {x}" with x unknown).
UNKNOWN_DEVICES = [
    "dishwasher", "oven", "kettle", "coffee machine", "toaster", "microwave", "iron", "hair dryer", "jacuzzi", "sauna",
    "pool pump", "hot tub", "fridge", "freezer", "tumble dryer", "boiler", "car", "lawn mower", "drone", "robot arm",
    "pod bay doors", "warp drive", "hyperdrive", "alarm system", "doorbell", "intercom", "playstation", "xbox", "printer",
    "projector", "treadmill", "aquarium", "fish tank", "christmas tree", "fireplace", "electric blanket", "bread maker",
    "sprinkler system", "gate", "elevator", "escalator", "submarine", "rocket", "chimney", "disco ball", "lava lamp",
    "spaceship", "time machine", "mixer", "blender", "air fryer", "slow cooker", "steam room", "hallway heater", "pressure cooker",
]
#: Words before a thing that make a device the home may not have ("the heated towel rail").
UNKNOWN_QUALIFIERS = ["heated", "electric", "smart", "outdoor", "spare", "portable", "wireless", "automatic", "mini",
                      "heated towel", "infrared", "hanging", "glass", "solar", "battery", "wifi", "usb"]
#: Rooms and things no generated home has, combined with class words ("the attic light", "the cellar door"):
#: a room the home lacks must be refused, not read as "here".
UNKNOWN_PLACES = ["attic", "cellar", "summer house", "loft", "shed", "basement", "garage", "boathouse", "sauna", "studio",
                  "pool house", "wine cellar", "treehouse", "panic room", "guest house", "barn", "stable", "chapel"]
UNKNOWN_TEMPLATES = [
    "(turn|switch) on (the|my) {x}", "(turn|switch) off (the|my) {x}", "(open|close) (the|my) {x}", "start the {x}",
    "(lock|unlock) the {x}", "set the {x} to {num} percent", "is the {x} on", "dim the {x}", "stop the {x}", "{x} on",
    "{x} off", "turn the {x} (on|off)", "activate the {x}", "(pause|play) the {x}",
]
