"""The ``hermes:`` and ``homeassistant:`` sections (homeslm/config/hub.py): defaults off, checked with
``file:line: key: problem`` errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from homeslm.config import load_config
from homeslm.config.model import Config, HermesConfig, HomeAssistantConfig, Satellite
from homeslm.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "homeslm.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    path.chmod(0o600)
    return path


def test_hermes_and_discovery_are_off_by_default() -> None:
    config = Config()
    assert config.hermes == HermesConfig() and not config.hermes.enabled and config.hermes.satellites == ()
    assert config.homeassistant == HomeAssistantConfig() and not config.homeassistant.discovery


def test_satellites_are_read_with_their_rooms(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """\
        site: hub
        areas: [kitchen, bedroom]
        hermes:
          enabled: true
          stream_timeout_s: 1.5
          satellites:
            - {site_id: kitchen-pi, area: Kitchen}
            - {site_id: bedroom-pi}
        homeassistant: {discovery: true, prefix: ha}
        """))
    assert config.hermes == HermesConfig(enabled=True, stream_timeout_s=1.5,
                                         satellites=(Satellite("kitchen-pi", "kitchen"), Satellite("bedroom-pi")))
    assert config.homeassistant == HomeAssistantConfig(discovery=True, prefix="ha")


@pytest.mark.parametrize(("section", "line", "problem"), [
    ("hermes: {enabled: yes please}", 3, "hermes.enabled: expected true or false"),
    ("hermes:\n  satellites:\n    - {site_id: hub}", 5, "hermes.satellites[0].site_id: 'hub' is this daemon's own site"),
    ("hermes:\n  satellites:\n    - {site_id: a}\n    - {site_id: a}", 6, "hermes.satellites[1].site_id: 'a' is already satellites[0]"),
    ("hermes:\n  satellites:\n    - {site_id: a/b}", 5, "hermes.satellites[0].site_id: expected a site id without spaces"),
    ("hermes:\n  satellites:\n    - {site_id: a, area: attic}", 5, "hermes.satellites[0].area: unknown area 'attic'"),
    ("hermes:\n  satellites:\n    - {area: kitchen}", 5, "hermes.satellites[0]: site_id: required"),
    ("hermes: {stream_timeout_s: 0}", 3, "hermes.stream_timeout_s: expected a number above 0"),
    ("hermes: {audoi: true}", 3, "hermes.audoi: unknown key"),
    ("homeassistant: {prefix: 'a/b'}", 3, "homeassistant.prefix: expected a discovery prefix"),
])
def test_a_wrong_hub_setting_names_the_file_line_and_key(tmp_path: Path, section: str, line: int, problem: str) -> None:
    path = write(tmp_path, "site: hub\nareas: [kitchen]\n" + section + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}:{line}: {problem}" in str(caught.value)
