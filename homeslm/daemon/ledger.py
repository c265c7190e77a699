"""What the daemon remembers of the commands it took: the ids it executed (kept on disk, so that a command
the broker delivers again after a crash is not run twice) and how many commands of each kind it dropped
(published on the retained ``homeslm/<site>/stats``: nothing is dropped without a trace).

:class:`ExecutedIds` is an append-only journal in the state directory, one JSON id per line, written after a
command ran and before it is acknowledged. A write reaches the operating system at once (no ``fsync``): it
survives the daemon's ``kill -9`` and systemd's watchdog, not a power cut. The journal is rewritten
atomically (a temporary file, then :func:`os.replace`) with only the last :data:`EXECUTED_IDS_KEPT` ids once
it holds twice as many, so it stays small (a few hundred kB at most).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter, OrderedDict
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

#: Request ids of executed commands remembered (in memory and in the journal).
EXECUTED_IDS_KEPT = 10_000
#: The journal's lines are cut back to :data:`EXECUTED_IDS_KEPT` once there are this many times as many.
COMPACT_FACTOR = 2
#: Longest id kept in the journal (in characters of its JSON); a longer one is remembered in memory only.
MAX_JOURNAL_ID_CHARS = 512

#: The kinds of dropped commands counted on ``homeslm/<site>/stats`` (``dropped``).
DROP_KINDS = (
    "malformed",         # not a command payload (bad JSON, binary, too long, empty)
    "disabled",          # commands: {enabled: false}
    "retained",          # a retained message on the command topic (it would run at every connect)
    "queue_full",        # the worker's queue was full: answered "Too many commands."
    "too_old",           # waited longer than commands.max_age_s: answered as failed
    "already_executed",  # delivered again after a restart, its id already executed: not run twice
    "stopping",          # voice commands still queued when the daemon stopped (MQTT ones come again)
)


def journal_path(state_dir: Path, site: str) -> Path:
    """Where the executed ids of ``site`` are kept (a site id is one topic level: no ``/``, no NUL)."""
    return state_dir / f"executed-commands-{site}.jsonl"


class ExecutedIds:
    """The ids of the last :data:`EXECUTED_IDS_KEPT` executed commands, in memory and, when ``path`` is given,
    in a journal read back at the next start (see the module docstring). Thread-safe."""

    def __init__(self, path: Path | None, kept: int = EXECUTED_IDS_KEPT) -> None:
        self.path = path
        self.kept = kept
        self._ids: OrderedDict[str | int, None] = OrderedDict()
        self._lock = threading.Lock()
        self._journal: IO[str] | None = None
        self._lines = 0
        self._cut = False
        """The journal's last line has no newline (a crash in the middle of a write): the next write starts one."""
        self._broken = False
        if path is not None:
            self._load(path)

    def __contains__(self, request_id: object) -> bool:
        with self._lock:
            return request_id in self._ids

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def add(self, request_id: str | int) -> None:
        """Remember an executed command's id, in the journal first (the caller acknowledges it after)."""
        with self._lock:
            self._ids[request_id] = None
            self._ids.move_to_end(request_id)
            while len(self._ids) > self.kept:
                self._ids.popitem(last=False)
            self._append(request_id)

    def close(self) -> None:
        with self._lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    # -- the journal (under _lock) ------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        try:
            with open(path, encoding="utf-8", errors="replace") as journal:
                text = journal.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            logger.warning("could not read the executed command ids from %s (%s): a command delivered again "
                           "after a crash may run twice", path, exc)
            return
        lines = text.splitlines()
        self._cut = bool(text) and not text.endswith("\n")
        for line in lines:
            try:
                value = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash in the middle of a write
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                self._ids[value] = None
                self._ids.move_to_end(value)
                if len(self._ids) > self.kept:
                    self._ids.popitem(last=False)
        self._lines = len(lines)

    def _append(self, request_id: str | int) -> None:
        if self.path is None or self._broken:
            return
        line = json.dumps(request_id, ensure_ascii=False)
        if len(line) > MAX_JOURNAL_ID_CHARS:
            return
        try:
            if self._lines >= COMPACT_FACTOR * self.kept:
                self._compact()  # writes the ids kept, this one included
                return
            if self._journal is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._journal = open(self.path, "a", encoding="utf-8")
            if self._cut:
                self._journal.write("\n")
                self._cut = False
            self._journal.write(line + "\n")
            self._journal.flush()  # to the operating system: survives kill -9
            self._lines += 1
        except OSError as exc:
            self._broken = True
            logger.error("could not write the executed command ids to %s (%s): from now on they are kept in "
                         "memory only, so a command delivered again after a crash may run twice", self.path, exc)

    def _compact(self) -> None:
        assert self.path is not None
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            for request_id in self._ids:
                line = json.dumps(request_id, ensure_ascii=False)
                if len(line) <= MAX_JOURNAL_ID_CHARS:
                    out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
        self._lines = len(self._ids)
        self._cut = False


class CommandCounts:
    """Commands received, executed and dropped (per kind of :data:`DROP_KINDS`): the payload of the retained
    ``homeslm/<site>/stats``. Thread-safe; :meth:`changed` tells the publisher whether to publish again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._version = 0
        self._published_version = -1

    def count(self, what: str) -> None:
        """One more of ``what``: ``received`` (an MQTT command taken), ``handled`` (a command run through the
        pipeline, whatever its outcome) or a kind of :data:`DROP_KINDS`."""
        if what not in DROP_KINDS and what not in ("received", "handled"):
            raise ValueError(f"unknown command count {what!r}")
        with self._lock:
            self._counts[what] += 1
            self._version += 1

    def dropped(self, kind: str | None = None) -> int:
        """How many were dropped (of ``kind``, or of every kind)."""
        with self._lock:
            return self._counts[kind] if kind is not None else sum(self._counts[k] for k in DROP_KINDS)

    def payload(self, waiting: int) -> dict[str, Any]:
        """``{"received", "handled", "waiting", "dropped": {kind: n}, "dropped_total"}``."""
        with self._lock:
            dropped = {kind: self._counts[kind] for kind in DROP_KINDS}
            return {"received": self._counts["received"], "handled": self._counts["handled"], "waiting": waiting,
                    "dropped": dropped, "dropped_total": sum(dropped.values())}

    def take_changed(self) -> bool:
        """Whether something was counted since the last call that returned ``True`` (the publisher's)."""
        with self._lock:
            if self._version == self._published_version:
                return False
            self._published_version = self._version
            return True

    def mark_unpublished(self) -> None:
        """Publish again at the next chance (a new connection: a broker without persistence forgot it)."""
        with self._lock:
            self._published_version = -1
