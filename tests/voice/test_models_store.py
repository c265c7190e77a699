"""`homeslm models pull`: download, resume, verification and unpacking against a local HTTP server."""

from __future__ import annotations

import hashlib
import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from homeslm.errors import HomeslmError
from homeslm.voice.models_store import (
    FILE_SETS,
    MODELS,
    FileSetSpec,
    ModelFile,
    ModelSpec,
    data_dir,
    download,
    installed_model_dir,
    pull_model,
    unpack,
)

ROOT = "vosk-model-test-0.1"


def make_archive(root: str = ROOT, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{root}/am/final.mdl", b"\x00acoustic model" * 5000)
        zf.writestr(f"{root}/conf/model.conf", b"--beam=10.0\n")
        zf.writestr(f"{root}/README", b"test model\n")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


@dataclass
class Served:
    """What the test server serves and what it saw."""

    data: bytes = b""
    files: dict[str, bytes] = field(default_factory=dict)
    """Served by file name (the last part of the path) instead of ``data``."""
    cut_after: int | None = None
    """Close the connection after sending this many bytes of the body (once)."""
    cut_name: str | None = None
    """Only cut the file of this name (``None``: the first one asked for)."""
    ranges: list[str | None] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[tuple[str, Served]]:
    served = Served()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            rng = self.headers.get("Range")
            served.ranges.append(rng)
            data = served.files.get(self.path.rsplit("/", 1)[-1], served.data)
            start = int(rng.split("=")[1].split("-")[0]) if rng else 0
            if start >= len(data) and rng:
                self.send_response(416)
                self.end_headers()
                return
            body = data[start:]
            self.send_response(206 if rng else 200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if served.cut_after is not None and served.cut_name in (None, self.path.rsplit("/", 1)[-1]):
                self.wfile.write(body[: served.cut_after])
                served.cut_after = None
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/model.zip", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def spec_for(url: str, data: bytes) -> ModelSpec:
    return ModelSpec(name="test", url=url, sha256=hashlib.sha256(data).hexdigest(), archive_root=ROOT)


def test_pull_downloads_verifies_and_unpacks(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    served.data = make_archive()
    target = pull_model(spec_for(url, served.data), tmp_path, progress=False)
    assert target == tmp_path / ROOT
    assert (target / "conf" / "model.conf").read_bytes() == b"--beam=10.0\n"
    assert not list(tmp_path.glob("*.zip*")), "the archive and partial files are removed after unpacking"
    served.ranges.clear()
    assert pull_model(spec_for(url, served.data), tmp_path, progress=False) == target
    assert served.ranges == [], "an installed model is not downloaded again"


def test_interrupted_download_resumes_with_range(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    served.data = make_archive()
    served.cut_after = 20000
    spec = spec_for(url, served.data)
    with pytest.raises(HomeslmError, match="interrupted.*again to resume"):
        pull_model(spec, tmp_path, progress=False)
    part = tmp_path / f"{ROOT}.zip.part"
    assert part.stat().st_size == 20000
    target = pull_model(spec, tmp_path, progress=False)
    assert served.ranges == [None, "bytes=20000-"]
    assert (target / "README").read_bytes() == b"test model\n"


def test_checksum_mismatch_is_refused_and_partial_file_deleted(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    served.data = make_archive()
    spec = ModelSpec(name="test", url=url, sha256="0" * 64, archive_root=ROOT)
    with pytest.raises(HomeslmError, match="checksum mismatch.*expected SHA-256 0000"):
        pull_model(spec, tmp_path, progress=False)
    assert not (tmp_path / ROOT).exists()
    assert not list(tmp_path.glob("*.part"))


def test_offline_error_says_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(HomeslmError, match="offline.*--archive"):
        download(f"http://127.0.0.1:{port}/x.zip", tmp_path / "x.zip", "0" * 64, progress=False, timeout_s=5)


def test_http_error_is_reported(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    served.data = b""  # a Range request beyond the end gives 416; a plain request of nothing still fails the checksum
    with pytest.raises(HomeslmError, match="checksum mismatch"):
        download(url, tmp_path / "m.zip", "1" * 64, progress=False)


def test_local_archive_is_verified_and_installed(tmp_path: Path) -> None:
    data = make_archive()
    archive = tmp_path / "model.zip"
    archive.write_bytes(data)
    spec = ModelSpec(name="test", url="http://unused.invalid/m.zip", sha256=hashlib.sha256(data).hexdigest(), archive_root=ROOT)
    target = pull_model(spec, tmp_path / "models", archive=archive)
    assert (target / "am" / "final.mdl").is_file()
    wrong = ModelSpec(name="test", url=spec.url, sha256="f" * 64, archive_root=ROOT)
    with pytest.raises(HomeslmError, match="checksum mismatch for test"):
        pull_model(wrong, tmp_path / "other", archive=archive)


def test_archive_escaping_its_directory_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    archive.write_bytes(make_archive(extra={f"{ROOT}/../../escaped.txt": b"x"}))
    with pytest.raises(HomeslmError, match="unexpected entry"):
        unpack(archive, tmp_path / "models", ROOT)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "models" / ROOT).exists()


def test_models_live_in_the_xdg_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir() == tmp_path / "homeslm"
    assert installed_model_dir("vosk-en") == tmp_path / "homeslm" / "models" / "vosk-model-small-en-us-0.15"
    with pytest.raises(HomeslmError, match="unknown model 'vosk-xx'; available: vosk-en"):
        installed_model_dir("vosk-xx")


def test_english_vosk_model_is_pinned() -> None:
    spec = MODELS["vosk-en"]
    assert spec.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert len(spec.sha256) == 64 and int(spec.sha256, 16) >= 0
    assert spec.archive_root == "vosk-model-small-en-us-0.15"


def test_models_pull_command_installs_a_local_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`homeslm models pull vosk-en --archive FILE.zip` refuses an archive that is not the pinned one."""
    from homeslm import cli

    archive = tmp_path / "fake.zip"
    archive.write_bytes(make_archive(root="vosk-model-small-en-us-0.15"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli.main(["models", "pull", "vosk-en", "--archive", str(archive)]) == 1
    assert "checksum mismatch for vosk-en" in capsys.readouterr().err
    assert cli.main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "vosk-en: Vosk small US English model" in listing and listing.rstrip().endswith("not installed")


# -- Whisper models: sets of files from a pinned revision ------------------------------------------

def file_set(url: str, files: dict[str, bytes]) -> FileSetSpec:
    return FileSetSpec(name="whisper-test", base_url=url.rsplit("/", 1)[0],
                       files=tuple(ModelFile(n, len(d), hashlib.sha256(d).hexdigest()) for n, d in files.items()),
                       archive_root="faster-whisper-test")


def test_a_whisper_pull_fetches_each_file_resumes_and_installs_only_when_complete(
        server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    served.files = {"config.json": b'{"suppress_ids": []}', "model.bin": bytes(range(256)) * 1200}
    spec = file_set(url, served.files)
    served.cut_after, served.cut_name = 100_000, "model.bin"  # config.json comes whole, model.bin is cut
    with pytest.raises(HomeslmError, match="interrupted.*again to resume"):
        pull_model(spec, tmp_path, progress=False)
    assert served.ranges == [None, None]
    assert not (tmp_path / "faster-whisper-test").exists(), "no model directory until every file is there"
    served.ranges.clear()
    target = pull_model(spec, tmp_path, progress=False)
    assert served.ranges == ["bytes=100000-"], "config.json is not fetched again; model.bin resumes"
    assert target == tmp_path / "faster-whisper-test"
    assert (target / "model.bin").read_bytes() == served.files["model.bin"]
    assert (target / "config.json").read_bytes() == served.files["config.json"]
    assert not (tmp_path / ".faster-whisper-test.partial").exists()
    served.ranges.clear()
    assert pull_model(spec, tmp_path, progress=False) == target
    assert served.ranges == [], "an installed model is not downloaded again"


def test_a_whisper_file_that_does_not_match_its_digest_is_refused(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    good = {"config.json": b"{}", "model.bin": b"weights" * 1000}
    spec = file_set(url, good)
    served.files = {"config.json": b"{}", "model.bin": b"WEIGHTS" * 1000}  # same size, other bytes
    with pytest.raises(HomeslmError, match="model.bin: checksum mismatch"):
        pull_model(spec, tmp_path, progress=False)
    assert not (tmp_path / "faster-whisper-test").exists()
    with pytest.raises(HomeslmError, match="set of files.*--archive is for vosk-en"):
        pull_model(spec, tmp_path, archive=tmp_path / "x.zip", progress=False)


def test_whisper_models_are_systrans_files_at_a_pinned_revision() -> None:
    tiny, base = FILE_SETS["whisper-tiny.en"], FILE_SETS["whisper-base"]
    assert tiny.base_url.endswith("/Systran/faster-whisper-tiny.en/resolve/0d3d19a32d3338f10357c0889762bd8d64bbdeba")
    assert base.base_url.endswith("/Systran/faster-whisper-base/resolve/ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66")
    for spec in (tiny, base):
        assert [f.name for f in spec.files] == ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]
        assert all(len(f.sha256) == 64 and int(f.sha256, 16) >= 0 for f in spec.files)
    assert {f.name: f.sha256[:8] for f in tiny.files}["model.bin"] == "1a5afae0"
    assert {f.name: f.sha256[:8] for f in base.files}["model.bin"] == "d01c3014"
