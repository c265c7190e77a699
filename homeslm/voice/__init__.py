"""The voice front end: sound card -> wake word -> end of speech -> recogniser -> transcript.

In stream order: :mod:`~homeslm.voice.audio` (the only code that touches the sound card),
:mod:`~homeslm.voice.wake` (wake phrase detection), :mod:`~homeslm.voice.asr` (one module per
recogniser behind one small interface), :mod:`~homeslm.voice.loop` (the loop that chains them),
:mod:`~homeslm.voice.engines` (recognisers and wake engines that plugins provide),
:mod:`~homeslm.voice.link` (transcripts into the daemon, answers back to the speaker),
:mod:`~homeslm.voice.models_store` (downloadable speech models).
"""
