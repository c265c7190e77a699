"""The timers file of the timers plugin (:mod:`homeslm.default_plugins.timers`): one daemon's timers on disk,
``timers-<site>.json`` in its state directory, checked when read and written atomically (temporary file,
fsync, rename). The format is in the timers plugin's docstring."""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

#: The longest timer (24 hours).
MAX_TIMER_S = 24 * 3600.0
#: Version of the timers file format.
FILE_VERSION = 1
#: A timers file larger than this is not ours (a few timers take a few hundred bytes).
MAX_FILE_BYTES = 1_000_000


class TimerFileError(Exception):
    """The timers file exists but cannot be read or understood (the message says why)."""


class TimerFile:
    """The timers of one daemon on disk (format in the module docstring), written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def bad_path(self) -> Path:
        """Where an unusable file is moved aside."""
        return self.path.with_name(self.path.name + ".bad")

    def load(self) -> list[dict[str, Any]]:
        """The saved timers (``[]`` when there is no file yet), each checked.

        :raises TimerFileError: unreadable, not JSON, or not the format of :data:`FILE_VERSION`.
        """
        try:
            with open(self.path, "rb") as f:
                raw = f.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise TimerFileError(f"cannot read it: {exc.strerror or exc}") from exc
        if len(raw) > MAX_FILE_BYTES:
            raise TimerFileError(f"larger than {MAX_FILE_BYTES} bytes")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TimerFileError(f"not JSON: {exc}") from exc
        if not isinstance(data, dict) or data.get("version") != FILE_VERSION or not isinstance(data.get("timers"), list):
            raise TimerFileError(f'expected {{"version": {FILE_VERSION}, "timers": [...]}}')
        return [_check_entry(entry, i) for i, entry in enumerate(data["timers"])]

    def save(self, site: str, entries: list[dict[str, Any]]) -> None:
        """Replace the file with ``entries``: temporary file in the same directory, fsync, rename.

        :raises OSError: the directory cannot be created or written (the old file is then intact).
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": FILE_VERSION, "site": site, "timers": entries}, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):  # the temporary file may be gone already
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):  # the rename is durable once the directory is synced; best effort
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def remove_leftovers(self) -> None:
        """Delete temporary files a crash in the middle of :meth:`save` left behind."""
        with contextlib.suppress(OSError):  # a directory that is not there or not readable has none to remove
            for leftover in self.path.parent.glob(f".{glob_escape(self.path.name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def move_aside(self) -> Path:
        """Rename the file to :attr:`bad_path` (replacing an older one); returns it.

        :raises OSError: it could not be renamed.
        """
        os.replace(self.path, self.bad_path)
        return self.bad_path


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _check_entry(entry: Any, index: int) -> dict[str, Any]:
    """One saved timer, checked: ``{"name", "length_s", "ends_at", "left_s", "area"}`` (``area``, the room it was
    started in, is optional: files written before timers had rooms have none)."""
    where = f"timers[{index}]"
    if not isinstance(entry, dict):
        raise TimerFileError(f"{where}: expected an object, got {type(entry).__name__}")
    name = entry.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise TimerFileError(f"{where}.name: expected a name or null, got {name!r}")
    length = _number(entry.get("length_s"))
    if length is None or not 0 < length <= MAX_TIMER_S:
        raise TimerFileError(f"{where}.length_s: expected seconds (0 to {MAX_TIMER_S:g}), got {entry.get('length_s')!r}")
    ends_at, left = entry.get("ends_at"), entry.get("left_s")
    if ends_at is not None:
        if _number(ends_at) is None or left is not None:
            raise TimerFileError(f"{where}: a running timer has a number ends_at and left_s null, "
                                 f"got ends_at {ends_at!r}, left_s {left!r}")
    elif (left_s := _number(left)) is None or not 0 <= left_s <= MAX_TIMER_S:
        raise TimerFileError(f"{where}.left_s: a paused timer has the seconds left (0 to {MAX_TIMER_S:g}), got {left!r}")
    area = entry.get("area")
    if area is not None and (not isinstance(area, str) or not area.strip()):
        raise TimerFileError(f"{where}.area: expected a room or null, got {area!r}")
    return {"name": name, "length_s": length, "ends_at": _number(ends_at), "left_s": _number(left), "area": area}
