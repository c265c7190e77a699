"""``homeslm bench voice``: spoken commands and chatter through the real voice daemon to a real broker.

What runs is what ``homeslm run`` runs: the config's recogniser (pocketsphinx with the home's language
model by default), the listening loop with its end-of-speech detection, the daemon's worker, the
intent model, the real plugins and a real mosquitto started on a free loopback port. Only the
microphone is replaced: the benchmark pushes synthesised audio into the loop (faster than real time,
one utterance at a time, waiting for its answer before the next).

- **Commands**: ``--count`` sentences drawn from the home's training grammar
  (:func:`homeslm.grammar.data.sample_commands`, a seed other than the recogniser's language model's),
  each kept only when its *text* is understood; the intents of the text are the target. Every command
  is spoken in every ``--voices`` voice (espeak-ng, ``flite:NAME``, ``festival:NAME``; ``all``), each
  voice at one ``--snr`` level in turn (so every voice meets every level), always over a noise floor
  40 dB below the speech. A command is *executed
  correctly* when the intents the daemon published on ``homeslm/<site>/intent`` for it equal the target.
  Follow-ups are disabled (``followup_window_s: 0``) so that a misheard command does not change how the
  next one is judged.
- **Chatter**: ``--chatter`` everyday sentences that are not commands, spoken the same way; *wrongly
  executed* when the daemon published any intent for one.
- **Word error rate** of the commands' transcripts against their spoken form.
- **Latency**: from the end-of-speech decision (``voice.silence_s`` after the last word, when the loop
  asks the recogniser for its final result) to the first device command arriving from the broker at a
  subscriber; and to the answer on ``homeslm/<site>/intent``.
- **Real-time factor**: the recogniser's processing time over the audio it was fed.
- **RSS**: this process (the daemon runs inside it) and, unless ``--no-daemon-rss``, a real
  ``homeslm run --input`` child process after it executed a spoken "<wake phrase>, <command>".
- **Wake phrase**: the configured keyword spotter (:class:`homeslm.voice.wake.KeywordSpotter`) on a long
  synthesised stream of chatter with the wake phrase (followed by a command) inserted every few
  sentences, in every voice and noise level: detection rate, and false alarms per hour of the rest.

The devices are simulated on the broker: zigbee2mqtt devices publish (retained) state and answer
``/get`` and ``/set``; Tasmota devices answer ``cmnd`` with ``stat``; generic MQTT devices have a
retained state. Without a ``--config``, a built-in home of 19 devices on these three plugins is used.

Modules: ``command`` (arguments, the built-in home, the whole run :func:`bench`, ``--wake-only``),
``speech`` (espeak-ng, Flite and Festival voices, noise, :class:`SpeechBank`, :data:`CHATTER`), ``broker`` (the recorder and
simulated devices, :class:`BrokerSide`), ``rig`` (:class:`VoiceRig`: the daemon fed through
:class:`QueueSource`, :class:`TimedRecognizer`, clips and their results, the daemon's RSS as a process),
``wake`` (the wake phrase on a long stream), ``report`` (figures, targets and the table).
"""

from __future__ import annotations

from homeslm.benchmarks.voice.broker import LOOPBACK, BrokerSide, Message
from homeslm.benchmarks.voice.command import (
    COMMAND_SEED,
    DEFAULT_SNRS,
    DEFAULT_VOICES,
    add_arguments,
    bench,
    default_home,
    run,
    run_wake_only,
)
from homeslm.benchmarks.voice.report import TARGETS, build_report, format_table, percentiles_ms
from homeslm.benchmarks.voice.rig import (
    WAIT_ANSWER_S,
    Clip,
    ClipResult,
    QueueSource,
    TimedRecognizer,
    Utterance,
    VoiceRig,
    daemon_rss_mb,
    word_errors,
)
from homeslm.benchmarks.voice.speech import (
    CHATTER,
    FLOOR_SNR_DB,
    RATE_HZ,
    SpeechBank,
    add_noise,
    espeak,
    have_espeak,
    parse_snrs,
    pink_noise,
    snr_label,
    speech_rms,
    zeros,
)
from homeslm.benchmarks.voice.wake import (
    WAKE_HIT_AFTER_S,
    WakeReport,
    format_wake,
    wake_benchmark,
    wake_report_dict,
)

HELP = ("voice: spoken commands and chatter (espeak-ng, several voices and noise levels) through the recogniser, "
        "the daemon and plugins to a real broker: commands executed correctly, chatter executed, WER, "
        "end of speech -> device command p50/p95, real-time factor, RSS, wake phrase detection and false alarms")

__all__ = [
    "CHATTER", "COMMAND_SEED", "DEFAULT_SNRS", "DEFAULT_VOICES", "FLOOR_SNR_DB", "HELP", "LOOPBACK", "RATE_HZ",
    "TARGETS", "WAIT_ANSWER_S", "WAKE_HIT_AFTER_S",
    "BrokerSide", "Clip", "ClipResult", "Message", "QueueSource", "SpeechBank", "TimedRecognizer", "Utterance",
    "VoiceRig", "WakeReport",
    "add_arguments", "add_noise", "bench", "build_report", "daemon_rss_mb", "default_home", "espeak", "format_table",
    "format_wake", "have_espeak", "parse_snrs", "percentiles_ms", "pink_noise", "run", "run_wake_only", "snr_label",
    "speech_rms", "wake_benchmark", "wake_report_dict", "word_errors", "zeros",
]
