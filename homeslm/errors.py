"""The few error types callers treat differently.

Everything homeslm raises on purpose derives from :class:`HomeslmError`; the CLI maps
:class:`ConfigError` to exit code 2 and every other :class:`HomeslmError` to exit code 1.
"""

from __future__ import annotations


class HomeslmError(Exception):
    """Base class of every error homeslm raises deliberately."""


class ConfigError(HomeslmError):
    """The configuration is invalid.

    The message always reads ``file:line: key: problem`` so that editors and humans can jump to it.
    """

    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None, key: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.key = key
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        keypart = f"{key}: " if key else ""
        super().__init__(f"{where}{keypart}{problem}")


class PluginError(HomeslmError):
    """A plugin could not be loaded or registered something invalid (the message names the plugin)."""


class ModelError(HomeslmError):
    """The intent model directory is missing, incomplete or cannot be loaded."""


class AudioError(HomeslmError):
    """No usable audio device, or the audio stream failed (the message names the fix)."""
