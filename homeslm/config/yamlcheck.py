"""YAML read with the line of every key, and typed checks whose errors read ``file:line: key.path: problem``.

:func:`read_yaml` parses YAML text into plain dicts and lists (keys as written: ``on:`` stays ``"on"``;
duplicate keys are errors; ``<<`` merges resolved) and a map from key paths such as
``("devices", 3, "topic")`` to 1-based lines. A :class:`Checker` then reads values out of that data and
raises :class:`homeslm.errors.ConfigError` naming the file, the line and the key path
(``devices[3].topic``) with what was expected. :mod:`homeslm.config.model` is built on it; anything else that
validates YAML (a plugin's settings, an import) can use it too.
"""

from __future__ import annotations

import difflib
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from homeslm.errors import ConfigError, ConfigErrors

Key = str | int
#: Where a value sits: mapping keys and list indices from the document root.
KeyPath = tuple[Key, ...]


def read_yaml(text: str, source: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse one YAML document into plain dicts/lists plus the 1-based line of every key path.

    Returns ``(None, {})`` for an empty document. Raises :class:`ConfigError` (``source:line: invalid YAML:
    ...``) on syntax errors, several documents, duplicate keys, recursive aliases or non-scalar keys.
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other control characters)
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise ConfigError(f"invalid YAML: character #x{char:04x} is not allowed in YAML; remove it or save the "
                          "file as plain UTF-8 text", file=source, line=line) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = f"invalid YAML: {exc.problem or exc.context or exc}"
            if mark is not None:
                problem += f" (column {mark.column + 1})"
            if exc.context and exc.problem:
                began = exc.context_mark
                if began is not None and mark is not None and began.line != mark.line:
                    problem += f", {exc.context} that began on line {began.line + 1}"
                else:
                    problem += f", {exc.context}"
            if "'\\t'" in problem:
                problem += "; indent YAML with spaces, not tabs"
            raise ConfigError(
                problem,
                file=source,
                line=mark.line + 1 if mark is not None else None,
            ) from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"invalid YAML: {exc}", file=source) from None
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {(): node.start_mark.line + 1}
        size = _expanded_size(node, {}, set())
        if size > MAX_YAML_VALUES:
            raise ConfigError(f"the YAML holds {size} values once its aliases are expanded, more than the "
                              f"{MAX_YAML_VALUES} a config may have; do aliases (*name) multiply each other?",
                              file=source, line=1)
        data = _plain(loader, node, (), lines, source, set())
        return data, lines
    except RecursionError:
        raise ConfigError("invalid YAML: lists or mappings nested too deeply", file=source) from None
    finally:
        loader.dispose()


_MERGE_TAG = "tag:yaml.org,2002:merge"
#: Most values (scalars, lists and mappings, every alias expansion counted) one document may hold: aliases
#: that refer to aliases multiply the data without bound otherwise (the "billion laughs").
MAX_YAML_VALUES = 100_000


def _expanded_size(node: Any, memo: dict[int, int], active: set[int]) -> int:
    """How many values ``node`` becomes once every alias is expanded (linear in the node graph)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, yaml.ScalarNode) or key in active:  # a recursive alias is reported by _plain
        return 1
    active.add(key)
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        children = [part for pair in node.value for part in pair]
    total = 1 + sum(_expanded_size(child, memo, active) for child in children)
    active.discard(key)
    memo[key] = total
    return total


def _plain(loader: Any, node: Any, path: KeyPath, lines: dict[KeyPath, int], source: str, active: set[int]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise ConfigError(f"invalid YAML value: {exc.problem}", file=source, line=node.start_mark.line + 1,
                              key=format_key_path(path) or None) from None
    if id(node) in active:
        raise ConfigError("recursive YAML alias", file=source, line=node.start_mark.line + 1, key=format_key_path(path) or None)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for i, item in enumerate(node.value):
                lines[path + (i,)] = item.start_mark.line + 1
                items.append(_plain(loader, item, path + (i,), lines, source, active))
            return items
        # A mapping: resolve `<<` merges on a copy; own keys override merged ones, own duplicates are errors.
        own_count = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
        flat = yaml.MappingNode(node.tag, list(node.value), node.start_mark, node.end_mark)
        try:
            loader.flatten_mapping(flat)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise ConfigError(f"invalid YAML merge: {exc.problem}", file=source,
                              line=mark.line + 1 if mark else None, key=format_key_path(path) or None) from None
        n_merged = len(flat.value) - own_count
        out: dict[str, Any] = {}
        own_keys: set[str] = set()
        for index, (key_node, value_node) in enumerate(flat.value):
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError("expected a plain key, got a list or mapping as key", file=source,
                                  line=key_node.start_mark.line + 1, key=format_key_path(path) or None)
            key = str(key_node.value)  # as written: `on:` stays "on", not True
            key_path = path + (key,)
            if index >= n_merged:
                if key in own_keys:
                    raise ConfigError(f"duplicate key (first at line {lines[key_path]}); keep one", file=source,
                                      line=key_node.start_mark.line + 1, key=format_key_path(key_path))
                own_keys.add(key)
            lines[key_path] = key_node.start_mark.line + 1
            out[key] = _plain(loader, value_node, key_path, lines, source, active)
        return out
    finally:
        active.discard(id(node))


def format_key_path(path: KeyPath) -> str:
    """``("devices", 3, "topic")`` -> ``devices[3].topic`` (list indices count from 0)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --------------------------------------------------------------------------------------------------
# Checking values


def describe(value: Any) -> str:
    """A value as error messages show it: ``3``, ``'abc'``, ``true``, ``null``, ``a list``, ``a mapping``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest choice (by similarity, else by prefix), or ``""``."""
    options = list(choices)
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches and len(word) >= 2:  # `ca` for `ca_file`, `window` for `window_s`
        matches = [option for option in options if option.startswith(word)][:1]
    return f"; did you mean {matches[0]!r}?" if matches else ""


def given(data: dict[str, Any], key: str) -> bool:
    """A key counts as given when present and not null (``area: null`` means no area)."""
    return data.get(key) is not None


def others_can_read(file: Path) -> int | None:
    """The permission bits when every user may read ``file``, else ``None`` (also when it cannot be stat'ed)."""
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except OSError:
        return None
    return mode if mode & stat.S_IROTH else None


class Checker:
    """Typed readers for parsed YAML that raise :class:`ConfigError` at ``file:line: key.path``.

    ``source`` names the origin (a file path, or a label such as ``generated home``), ``lines`` maps key
    paths to 1-based lines (empty for data built in Python: errors then carry no line), ``base_dir``
    anchors relative file paths (``None`` leaves them as written) and ``file`` is the file on disk, if any
    (for permission checks).
    """

    def __init__(self, source: str | None, lines: dict[KeyPath, int], *, base_dir: Path | None = None,
                 file: Path | None = None) -> None:
        self.source = source
        self.lines = lines
        self.base_dir = base_dir
        self.file = file
        self.errors: list[ConfigError] = []
        """What :meth:`collecting` blocks raised, in the order found."""

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Run a block of checks that the checks after it do not depend on: a :class:`ConfigError` it raises
        (each one of a :class:`ConfigErrors`) is kept in :attr:`errors` and ends only this block, so one
        pass finds every problem of a file. :meth:`raise_errors` raises them at the end."""
        try:
            yield
        except ConfigErrors as exc:
            self.errors.extend(exc.errors)
        except ConfigError as exc:
            self.errors.append(exc)

    def sorted_errors(self) -> list[ConfigError]:
        """:attr:`errors` in the order of their lines (those without a line last)."""
        return sorted(self.errors, key=lambda error: (error.line is None, error.line or 0))

    def raise_errors(self) -> None:
        """Raise what :meth:`collecting` kept: the one :class:`ConfigError`, or a :class:`ConfigErrors`
        listing several by line; nothing when there were none."""
        errors = self.sorted_errors()
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ConfigErrors(errors)

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path``, else of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: KeyPath, problem: str) -> ConfigError:
        """A :class:`ConfigError` for ``problem`` at ``path`` (to raise)."""
        return ConfigError(problem, file=self.source, line=self.line(path), key=format_key_path(path) or None)

    def where(self, path: KeyPath) -> str:
        """``file:line: key.path``, for log messages."""
        line = self.line(path)
        prefix = f"{self.source}:{line}: " if self.source and line else (f"{self.source}: " if self.source else "")
        return f"{prefix}{format_key_path(path)}"

    def check_keys(self, data: dict[str, Any], path: KeyPath, allowed: Iterable[str], *,
                   extension_prefix: str | None = None) -> None:
        """Refuse keys not in ``allowed`` with a did-you-mean (a :class:`ConfigErrors` when several are
        unknown, one per key); keys starting with ``extension_prefix`` pass."""
        known = tuple(allowed)
        unknown = [self.error(path + (key,), f"unknown key{did_you_mean(key, known)} (known keys: {', '.join(known)})")
                   for key in data
                   if key not in known and not (extension_prefix is not None and key.startswith(extension_prefix))]
        if len(unknown) == 1:
            raise unknown[0]
        if unknown:
            raise ConfigErrors(unknown)

    def required(self, data: dict[str, Any], path: KeyPath, key: str, what: str) -> Any:
        """``data[key]``, which must be given (not missing, not null)."""
        if not given(data, key):
            raise self.error(path + (key,), f"missing; expected {what}")
        return data[key]

    def as_mapping(self, value: Any, path: KeyPath, what: str = "a mapping") -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected {what}, got {describe(value)}")
        return value

    def as_list(self, value: Any, path: KeyPath, what: str = "a list") -> list[Any]:
        if not isinstance(value, list):
            raise self.error(path, f"expected {what}, got {describe(value)}")
        return value

    def as_string(self, value: Any, path: KeyPath, what: str = "a string") -> str:
        """A non-empty string, stripped."""
        if not isinstance(value, str):
            raise self.error(path, f"expected {what}, got {describe(value)}")
        if not value.strip():
            raise self.error(path, f"expected {what}, got an empty string")
        return value.strip()

    def as_bool(self, value: Any, path: KeyPath) -> bool:
        if not isinstance(value, bool):
            raise self.error(path, f"expected true or false, got {describe(value)}")
        return value

    def as_int(self, value: Any, path: KeyPath, *, minimum: int, maximum: int | None = None) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(path, f"expected a whole number, got {describe(value)}")
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
            raise self.error(path, f"expected a whole number {bounds}, got {value}")
        return value

    def as_number(self, value: Any, path: KeyPath, *, minimum: float = 0.0, maximum: float | None = None,
                  positive: bool = False) -> float:
        """A finite number in ``[minimum, maximum]`` (above 0 when ``positive``), as a float."""
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
            raise self.error(path, f"expected a number, got {describe(value)}")
        if value < minimum or (positive and value == 0) or (maximum is not None and value > maximum):
            if maximum is not None:
                bounds = f"from {minimum:g} to {maximum:g}"
            else:
                bounds = "above 0" if positive and minimum == 0 else f"of at least {minimum:g}"
            raise self.error(path, f"expected a number {bounds}, got {value}")
        return float(value)

    def as_path(self, value: Any, path: KeyPath, what: str = "a file path") -> Path:
        """A path with ``~`` expanded, relative ones joined to ``base_dir``."""
        chosen = Path(self.as_string(value, path, what)).expanduser()
        if not chosen.is_absolute() and self.base_dir is not None:
            chosen = self.base_dir / chosen
        return chosen

    def existing_file(self, value: Any, path: KeyPath) -> str:
        """:meth:`as_path`, which must name an existing file."""
        chosen = self.as_path(value, path)
        if not chosen.is_file():
            raise self.error(path, f"file {chosen} does not exist")
        return str(chosen)
