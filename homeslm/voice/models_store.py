"""Downloadable speech models: `homeslm models pull vosk-en`.

Models are pinned by URL and SHA-256, downloaded with a progress bar into
``$XDG_DATA_HOME/homeslm/models/`` (``~/.local/share/homeslm/models/``), resumed after an
interruption (HTTP ``Range``), verified, and unpacked atomically: a model directory either is
complete or does not exist. Offline machines can install the same archive from a file
(``--archive FILE.zip``); it is verified just the same.
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


def data_dir() -> Path:
    """``$XDG_DATA_HOME/homeslm`` (``~/.local/share/homeslm`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "homeslm"


def models_dir() -> Path:
    return data_dir() / "models"


def find_spec(name: str) -> ModelSpec:
    if name not in MODELS:
        raise HomeslmError(f"unknown model {name!r}; available: {', '.join(sorted(MODELS))}")
    return MODELS[name]


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
             expected_size: int | None = None) -> Path:
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
                           f"elsewhere and install it with `homeslm models pull --archive FILE.zip`") from exc
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


def pull_model(spec: ModelSpec, directory: Path | None = None, *, archive: Path | None = None,
               progress: bool = True, force: bool = False) -> Path:
    """Install a model (download or local ``archive``), verified; return its directory.

    An already installed model is kept unless ``force``.
    """
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
