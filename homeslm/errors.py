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


class ModelSelfCheckError(ModelError):
    """The intent model answers its recorded check sentences differently here: CTranslate2 computes
    wrongly in this environment (for example oneDNN under ``MemoryDenyWriteExecute=yes``). Restarting
    cannot fix it, so the CLI exits 2, which the shipped unit does not restart."""


class AudioError(HomeslmError):
    """No usable audio device, or the audio stream failed (the message names the fix)."""


class ConfigErrors(ConfigError):
    """Several problems of one config file, found in one pass (``homeslm check`` lists them all).

    :attr:`errors` holds them in the order of their lines; the message has one ``file:line: key: problem``
    line for each, and :attr:`file`, :attr:`line`, :attr:`key` and :attr:`problem` are the first one's, so
    code that handles a single :class:`ConfigError` still works.
    """

    def __init__(self, errors: list[ConfigError]) -> None:
        if not errors:
            raise ValueError("ConfigErrors needs at least one error")
        first = errors[0]
        super().__init__(first.problem, file=first.file, line=first.line, key=first.key)
        self.errors: tuple[ConfigError, ...] = tuple(errors)
        self.args = ("\n".join(str(error) for error in errors),)
