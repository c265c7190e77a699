"""The daemon's background retrain (``model: {retrain: auto}``): ``homeslm train`` for the home, at low
priority, while the old model keeps serving; the new model swapped in atomically.

- :class:`Retrainer` runs ``homeslm -v train --config <the daemon's config> --out <state>/models/retrained/<new>
  --init-from <the configured model>`` in a child process at nice 19, in a session of its own (stopping
  the daemon stops the child and its data worker), reads the ``step N/M`` lines of its log for the
  progress, and reports :class:`RetrainProgress` (``running``, ``done``, ``failed``) through a callback.
- When the child succeeded, the daemon loads the new directory (which self-checks it) and only then calls
  :func:`install_model`: the ``<state>/models/retrained/current`` link is replaced with ``os.replace``
  (atomic), older retrained models are removed, the last one before it is kept.
- At start, :func:`retrained_model_dir` gives the model the daemon serves: the retrained one when it
  was fine-tuned from the model the config names, else the configured one.

A failed retrain (the child's exit code and the end of its log) is logged and reported; the old model
keeps serving, and the same home is not retried until the daemon restarts or the home changes.
Training needs the ``train`` extra (torch); without it the daemon says so and never starts a retrain.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeslm.config.model import Config
from homeslm.understanding.model_fit import read_metadata

logger = logging.getLogger(__name__)

#: Subdirectory of the state directory holding the retrained models and the ``current`` link (its own: users
#: keep other models, the Vosk model and models trained by hand, in ``<state>/models``, see docs/service.md).
MODELS_DIR = "models/retrained"
CURRENT_LINK = "current"
#: The names of the retrained models' directories (UTC time of the start); only these are ever removed.
_STAMPED = re.compile(r"\d{8}T\d{6}(-\d+)?")
#: The child lowers its own priority before it imports anything (CPU and I/O go to the daemon first).
NICENESS = 19
#: Lines of the child's log kept for the failure message.
LOG_TAIL_LINES = 12
#: How long stopping waits for the child after SIGTERM before SIGKILL.
STOP_GRACE_S = 1.5

# The child: lower the priority, then run the homeslm command line with the arguments that follow.
_CHILD = ("import os, sys\nos.nice(%d)\nfrom homeslm.cli import main\nsys.exit(main(sys.argv[1:]))" % NICENESS)
_STEP = re.compile(r"\bstep (\d+)/(\d+)\b")


class RetrainState(enum.Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class RetrainProgress:
    """Where a retrain is (``homeslm/<site>/model``'s ``retrain`` field)."""

    state: RetrainState
    message: str
    """In words: why it runs, how far it is, why it failed."""
    progress: float | None = None
    """Share of the training steps done, 0..1 (``None`` before the first step is reported)."""
    model_dir: Path | None = None
    """The directory being written (running) or the new model (done)."""

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "message": self.message,
                "progress": None if self.progress is None else round(self.progress, 3),
                "path": str(self.model_dir) if self.model_dir is not None else None}


def models_dir(state_dir: Path) -> Path:
    return state_dir / MODELS_DIR


def retrained_model_dir(state_dir: Path, base_model: Path) -> Path | None:
    """The retrained model to serve at start: ``<state>/models/retrained/current`` when it is complete and was
    fine-tuned from ``base_model`` (the model the config names); else ``None`` (serve ``base_model``)."""
    link = models_dir(state_dir) / CURRENT_LINK
    if not link.is_dir():
        return None
    target = link.resolve()
    from homeslm.understanding.model import REQUIRED_FILES

    missing = [name for name in REQUIRED_FILES if not (target / name).is_file()]
    if missing:
        logger.warning("%s: the retrained model lacks %s; serving the configured model %s", target,
                       ", ".join(missing), base_model)
        return None
    options = read_metadata(target).get("options")
    init_from = options.get("init_from") if isinstance(options, dict) else None
    if not isinstance(init_from, str) or Path(init_from).resolve() != base_model.resolve():
        logger.info("%s was retrained from %s, not from the configured model %s; serving the configured one",
                    target, init_from, base_model)
        return None
    return target


def install_model(state_dir: Path, new_dir: Path) -> None:
    """Point ``<state>/models/retrained/current`` at ``new_dir`` atomically (a new link renamed over the old),
    then remove the retrained models older than the one it replaced."""
    root = models_dir(state_dir)
    link = root / CURRENT_LINK
    previous = link.resolve() if link.is_dir() else None
    tmp = root / f".{CURRENT_LINK}-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(new_dir.name, tmp)
    os.replace(tmp, link)
    keep = {new_dir.resolve(), previous}
    for entry in root.iterdir():
        if _STAMPED.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink() and entry.resolve() not in keep:
            shutil.rmtree(entry, ignore_errors=True)
    shutil.rmtree(new_dir / "train", ignore_errors=True)  # the checkpoint with optimizer state: not needed


class Retrainer:
    """One background retrain at a time (see the module docstring).

    :param state_dir: the daemon's state directory; models go to ``<state_dir>/models/retrained``.
    :param on_progress: called (from the retrain's thread) with every change of :class:`RetrainProgress`;
        the ``done`` one carries the new model's directory, not yet installed.
    :param train_args: more ``homeslm train`` options (``--steps``, ``--max-minutes``, ...) after the
        per-home defaults.
    :param python: the interpreter that runs ``homeslm train`` (this one: it has the same packages).
    """

    def __init__(self, state_dir: Path, on_progress: Callable[[RetrainProgress], None], *,
                 train_args: Sequence[str] = (), python: str = sys.executable) -> None:
        self.state_dir = state_dir
        self._on_progress = on_progress
        self._train_args = tuple(train_args)
        self._python = python
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def start(self, config: Config, base_model: Path, reason: str) -> bool:
        """Start retraining for ``config`` (which must come from a file: the child reads it), fine-tuning
        ``base_model``; ``False`` when one is already running or stopping."""
        if config.source is None:
            raise ValueError("a retrain needs a configuration loaded from a file")
        with self._lock:
            if self.running or self._stopping:
                return False
            root = models_dir(self.state_dir)
            root.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            out, n = root / stamp, 1
            while out.exists():
                n += 1
                out = root / f"{stamp}-{n}"
            argv = [self._python, "-c", _CHILD, "-v", "train", "--config", str(config.source), "--out", str(out),
                    "--init-from", str(base_model), *self._train_args]
            self._thread = threading.Thread(target=self._run, args=(argv, out, reason), name="homeslm-retrain",
                                            daemon=True)
            self._thread.start()
            return True

    def stop(self) -> None:
        """Stop a running retrain (the child and everything it started) and remove its partial output."""
        with self._lock:
            self._stopping = True
            process = self._process
        if process is not None and process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(STOP_GRACE_S)
        thread = self._thread
        if thread is not None:
            thread.join(STOP_GRACE_S)

    # -- the retrain's thread -----------------------------------------------------------------------

    def _report(self, progress: RetrainProgress) -> None:
        try:
            self._on_progress(progress)
        except Exception:  # boundary: the daemon's callback must not end the retrain's thread
            logger.exception("reporting the retrain's progress failed")

    def _run(self, argv: list[str], out: Path, reason: str) -> None:
        started = time.monotonic()
        self._report(RetrainProgress(RetrainState.RUNNING, f"retraining for this home: {reason}", None, out))
        tail: deque[str] = deque(maxlen=LOG_TAIL_LINES)
        try:
            with self._lock:
                if self._stopping:
                    return
                # a session of its own: stopping signals the whole group (the trainer's data worker too)
                self._process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})
            process = self._process
            assert process.stdout is not None
            for line in process.stdout:
                line = line.rstrip()
                if line:
                    tail.append(line)
                found = _STEP.search(line)
                if found:
                    step, total = int(found.group(1)), int(found.group(2))
                    self._report(RetrainProgress(RetrainState.RUNNING, f"training step {step} of {total}",
                                                 step / max(1, total), out))
            code = process.wait()
        except OSError as exc:
            self._fail(out, f"could not start homeslm train: {exc}")
            return
        if self._stopping:
            shutil.rmtree(out, ignore_errors=True)
            return
        if code != 0:
            self._fail(out, f"homeslm train exited with code {code} after {time.monotonic() - started:.0f} s: "
                            + " | ".join(tail))
            return
        self._report(RetrainProgress(RetrainState.DONE, f"retrained in {time.monotonic() - started:.0f} s", 1.0, out))

    def _fail(self, out: Path, why: str) -> None:
        shutil.rmtree(out, ignore_errors=True)
        self._report(RetrainProgress(RetrainState.FAILED, why, None, None))


def _signal_group(process: subprocess.Popen[str], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:  # already gone
        pass
