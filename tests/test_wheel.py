"""The wheel, installed the way a user installs it: built offline from the checkout, installed with
``pip install --no-deps`` into a fresh venv, and run from a directory outside the checkout.

The fresh venv sees this test environment's third-party dependencies through a ``.pth`` line naming a
directory of links to them; homeslm itself, its editable-install finder and the example plugin are
left out of that directory, so everything ``homeslm`` below comes from the wheel alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from homeslm.daemon import service

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
BUILTINS = ("zigbee2mqtt", "tasmota", "mqtt", "timers", "espeak", "pocketsphinx", "vosk", "whisper")
#: What the checkout holds but the wheel is built without (caches, environments, the tests).
NOT_BUILT = (".git", ".venv", "runs", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
             ".mypy_cache", ".hypothesis", "tests")
#: Entries of this environment's site-packages the fresh venv must not see: homeslm (an editable
#: install of the checkout) and the example plugin installed for the tests.
NOT_SHARED = ("homeslm", "__editable__", "_editable_", "distutils-precedence.pth")


@dataclass(frozen=True)
class Installed:
    """The wheel and the fresh venv it is installed in."""

    wheel: Path
    venv: Path
    outside: Path
    """A directory outside the checkout, the working directory of every command."""
    env: dict[str, str]

    @property
    def homeslm(self) -> Path:
        return self.venv / "bin" / "homeslm"

    @property
    def share(self) -> Path:
        return self.venv / "share" / "homeslm"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=120, cwd=self.outside,
                              env=self.env)


def _shared_dependencies(target: Path) -> Path:
    """A directory of links to this environment's site-packages entries, homeslm's own left out."""
    target.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(NOT_SHARED):
            (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    build = tmp / "build"
    shutil.copytree(REPO, build, ignore=shutil.ignore_patterns(*NOT_BUILT))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    offline = {**os.environ, "PIP_NO_INDEX": "1"}  # nothing may come from the network
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(build)],
                   check=True, capture_output=True, timeout=300, env=offline)
    wheel = next((tmp / "dist").glob("homeslm-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300, env=offline)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    deps = _shared_dependencies(tmp / "deps")
    (Path(purelib) / "homeslm-test-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    outside = tmp / "elsewhere"
    (outside / "home").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOMESLM_", "PYTHON", "XDG_", "VIRTUAL_ENV"))}
    env.update(HOME=str(outside / "home"), PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}")
    return Installed(wheel=wheel, venv=venv, outside=outside, env=env)


def test_the_wheel_holds_only_the_homeslm_package(installed: Installed) -> None:
    """No top-level ``plugins`` (or any other) package: another distribution could overwrite it."""
    with zipfile.ZipFile(installed.wheel) as whl:
        top = {name.split("/", 1)[0] for name in whl.namelist()}
        names = set(whl.namelist())
    assert top == {"homeslm", "homeslm-0.1.0.dist-info", "homeslm-0.1.0.data"}, top
    assert {f"homeslm/default_plugins/{name}.py" for name in BUILTINS} <= names
    assert "homeslm/models/default/model.bin" in names


def test_the_installed_homeslm_is_the_wheels_and_has_no_plugins_package(installed: Installed) -> None:
    out = installed.run(
        str(installed.venv / "bin" / "python"), "-c",
        "import importlib.util, homeslm, homeslm.default_plugins as d; "
        "print(homeslm.__file__); print(d.__file__); print(importlib.util.find_spec('plugins'))",
    )
    assert out.returncode == 0, out.stderr
    package, default_plugins, plugins = out.stdout.split("\n")[:3]
    assert Path(package).is_relative_to(installed.venv)
    assert Path(default_plugins).is_relative_to(installed.venv)
    assert plugins == "None", "a top-level 'plugins' package is importable"


def test_homeslm_plugins_lists_the_built_ins(installed: Installed) -> None:
    config = installed.share / "config" / "minimal.yaml"
    out = installed.run(str(installed.homeslm), "plugins", "--json", "--config", str(config))
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    assert [(p["name"], p["source"], p["error"]) for p in listed] == [(name, "builtin", None) for name in BUILTINS]


def test_the_default_model_parses_a_command(installed: Installed) -> None:
    config = installed.share / "config" / "minimal.yaml"
    out = installed.run(str(installed.homeslm), "parse", "--json", "--config", str(config), "turn on the kitchen light")
    assert out.returncode == 0, out.stderr
    parsed = json.loads(out.stdout)
    assert parsed["status"] == "understood"
    assert [(i["action"], i["device"]) for i in parsed["intents"]] == [("turn_on", "kitchen light")]
    where = installed.run(str(installed.venv / "bin" / "python"), "-c",
                          "from homeslm.understanding.model import default_model_dir; print(default_model_dir())")
    assert Path(where.stdout.strip()).is_relative_to(installed.venv), where.stderr


def test_install_service_finds_the_unit_and_the_example_config(installed: Installed) -> None:
    """``install-service`` from a plain install: the unit, its snippets and the example config come from
    ``<prefix>/share/homeslm`` (where :func:`service.default_source_dir` looks). ``--exec``: the venv is
    under /tmp, which the hardened service cannot see, so install-service refuses it as ExecStart."""
    for rel in (service.UNIT_SOURCE, service.SYSUSERS_SOURCE, service.TMPFILES_SOURCE, service.EXAMPLE_CONFIG_SOURCE):
        assert (installed.share / rel).read_bytes() == (REPO / rel).read_bytes(), rel
    root = installed.outside / "root"
    out = installed.run(str(installed.homeslm), "install-service", "--prefix", str(root), "--no-apply",
                        "--exec", "/srv/homeslm-wheel/bin/homeslm")
    assert out.returncode == 0, out.stderr
    unit = (root / "etc" / "systemd" / "system" / "homeslm.service").read_text(encoding="utf-8")
    assert "\nExecStart=/srv/homeslm-wheel/bin/homeslm run" in unit, unit
    example = (REPO / service.EXAMPLE_CONFIG_SOURCE).read_bytes()
    assert (root / "etc" / "homeslm" / "homeslm.yaml").read_bytes() == example
