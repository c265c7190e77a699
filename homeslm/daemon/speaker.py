"""The daemon's voice: answers are spoken on a thread of their own, never on the worker, and never at length.

The worker hands each answer to :class:`Speaker` and goes on with the next command; the ``homeslm-speaker``
thread says the answers one after the other through the ``speak`` plugins (a slow or hanging text-to-speech
engine holds only this thread, so the worker keeps taking commands and feeding the watchdog). What is said
is bounded: an answer longer than :data:`MAX_SPOKEN_CHARS` is cut at a word and ends "and so on" (a 1 KB name
read back once became a minute of speech), and at most :data:`SPEAK_QUEUE` answers wait; more are dropped
(logged, at most once a second): they were published on ``homeslm/<site>/response`` anyway.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from homeslm.pipeline import CUT_ENDING, MAX_ANSWER_CHARS, clip_answer

__all__ = ["CUT_ENDING", "MAX_SPOKEN_CHARS", "SPEAK_QUEUE", "Speaker", "clip_spoken"]

logger = logging.getLogger(__name__)

#: The longest text spoken at once, in characters (about 20 s of speech): the pipeline's bound on every answer.
MAX_SPOKEN_CHARS = MAX_ANSWER_CHARS
#: Answers waiting to be spoken; more are dropped.
SPEAK_QUEUE = 8

_STOP = object()


def clip_spoken(text: str, max_chars: int = MAX_SPOKEN_CHARS) -> str:
    """``text`` as it may be spoken: its whitespace collapsed, then clipped at a word like every answer
    (:func:`homeslm.pipeline.clip_answer`, ending :data:`CUT_ENDING` when cut)."""
    return clip_answer(" ".join(text.split()), max_chars)


class Speaker:
    """Says texts one after the other on its own thread (started at the first :meth:`say`).

    :param speak: says one text, may block as long as the engine needs (the daemon's: the ``speak`` plugins
        with the microphone muted); its errors are logged.
    :param max_chars: texts are clipped to this length (:func:`clip_spoken`).
    :param queue_size: texts waiting at most; more are dropped.
    """

    def __init__(self, speak: Callable[[str], None], *, max_chars: int = MAX_SPOKEN_CHARS,
                 queue_size: int = SPEAK_QUEUE) -> None:
        self._speak = speak
        self.max_chars = max_chars
        self._queue: queue.Queue[str | object] = queue.Queue(maxsize=queue_size)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._dropped = 0
        self._last_drop_log_s = -1e9

    def say(self, text: str) -> bool:
        """Queue ``text`` (clipped) to be spoken and return at once; ``False`` when it was dropped (stopped, or
        :data:`SPEAK_QUEUE` answers still waiting)."""
        text = clip_spoken(text, self.max_chars)
        if not text:
            return False
        with self._lock:
            if self._stopped:
                logger.info("not speaking %r: the daemon is stopping", text)
                return False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="homeslm-speaker", daemon=True)
                self._thread.start()
        try:
            self._queue.put_nowait(text)
        except queue.Full:
            self._dropped += 1
            now = time.monotonic()
            if now - self._last_drop_log_s >= 1.0:
                self._last_drop_log_s = now
                logger.warning("not speaking %r: %d answers are still waiting to be spoken (%d dropped so far; the "
                               "text-to-speech plugin is slow or hangs)", text, self._queue.maxsize, self._dropped)
            return False
        return True

    def stop(self, timeout_s: float) -> None:
        """Speak what is queued within ``timeout_s``, then stop; what is left is abandoned (logged)."""
        with self._lock:
            self._stopped = True
            thread = self._thread
        if thread is None:
            return
        deadline = time.monotonic() + timeout_s
        try:  # the sentinel needs room: a full queue empties as the thread speaks
            self._queue.put(_STOP, timeout=max(0.0, deadline - time.monotonic()))
        except queue.Full:
            pass
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            logger.warning("stopping: the answers still being spoken after %.1f s were abandoned", timeout_s)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is _STOP or not isinstance(text, str):
                return
            try:
                self._speak(text)
            except Exception:  # boundary: the text-to-speech hook
                logger.exception("speaking %r failed", text)
