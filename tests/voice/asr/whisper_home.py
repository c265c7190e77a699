"""The home the Whisper tests speak to: its names (the prompt) and its sentences (the home language model),
shared by test_whisper.py and test_fusion.py."""

PHRASES = ["kitchen light", "bedroom lamp", "tradfri bulb", "kitchen", "bedroom", "living room", "den", "upstairs"]
SENTENCES = [
    "turn on the kitchen light", "turn off the kitchen light", "turn on the bedroom lamp", "turn off the bedroom lamp",
    "switch off the tradfri bulb", "switch on the tradfri bulb in the den", "dim the kitchen light to fifty percent",
    "set the bedroom lamp to thirty percent", "what is the temperature in the living room", "turn off the lights upstairs",
    "is the kitchen light on", "turn on the lights in the den", "set a timer for ten minutes", "cancel the timer",
]
