"""homeslm.config.yamlcheck: YAML with the line of every key, and typed checks with file:line:key errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from homeslm.errors import ConfigError
from homeslm.config.yamlcheck import Checker, describe, did_you_mean, format_key_path, read_yaml


def test_read_yaml_records_the_line_of_every_key_and_item() -> None:
    data, lines = read_yaml("a: 1\nlist:\n  - x\n  - {k: on}\n\nnested:\n  deep:\n    key: yes\n", "f.yaml")
    assert data == {"a": 1, "list": ["x", {"k": True}], "nested": {"deep": {"key": True}}}
    assert lines == {(): 1, ("a",): 1, ("list",): 2, ("list", 0): 3, ("list", 1): 4, ("list", 1, "k"): 4,
                     ("nested",): 6, ("nested", "deep"): 7, ("nested", "deep", "key"): 8}


def test_keys_stay_as_written() -> None:
    data, _ = read_yaml("on: 1\n2: b\nnull: c\n", "f.yaml")
    assert data == {"on": 1, "2": "b", "null": "c"}


def test_merges_resolve_and_own_keys_win() -> None:
    text = "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n"
    data, lines = read_yaml(text, "f.yaml")
    assert data["item"] == {"x": 1, "y": 3}
    assert lines[("item", "y")] == 4 and lines[("item", "x")] == 1  # a merged key points at its anchor


def test_aliased_merge_mapping_read_twice_is_not_a_duplicate() -> None:
    data, _ = read_yaml("base: &b {x: 1}\nitem: &i\n  <<: *b\n  x: 2\nagain: *i\n", "f.yaml")
    assert data["item"] == data["again"] == {"x": 2}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "f.yaml:3: a: duplicate key (first at line 1); keep one"),
        ("a: &x [*x]\n", 1, "f.yaml:1: a[0]: recursive YAML alias"),
        ("? [1, 2]\n: v\n", 1, "f.yaml:1: expected a plain key, got a list or mapping as key"),
        ("a: *nope\n", 1, "f.yaml:1: invalid YAML: found undefined alias 'nope' (column 4)"),
    ],
)
def test_read_yaml_errors(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        read_yaml(text, "f.yaml")
    assert info.value.line == line
    assert str(info.value) == message


def test_format_key_path() -> None:
    assert format_key_path(("devices", 3, "topic")) == "devices[3].topic"
    assert format_key_path(("areas", 0)) == "areas[0]"
    assert format_key_path(()) == ""


def test_describe_and_did_you_mean() -> None:
    assert [describe(v) for v in (None, True, 3, 2.5, "x", [], {})] == [
        "null", "true", "3", "2.5", "'x'", "a list", "a mapping"]
    assert did_you_mean("lights", ["light", "switch"]) == "; did you mean 'light'?"
    assert did_you_mean("ca", ["ca_file", "insecure"]) == "; did you mean 'ca_file'?"
    assert did_you_mean("zzz", ["light"]) == ""


def test_checker_errors_fall_back_to_the_nearest_line() -> None:
    data, lines = read_yaml("outer:\n  inner:\n    n: 7\n", "f.yaml")
    ck = Checker("f.yaml", lines)
    assert str(ck.error(("outer", "inner", "missing"), "missing")) == "f.yaml:2: outer.inner.missing: missing"
    with pytest.raises(ConfigError, match=r"^f\.yaml:3: outer\.inner\.n: expected a whole number from 1 to 5, got 7$"):
        ck.as_int(data["outer"]["inner"]["n"], ("outer", "inner", "n"), minimum=1, maximum=5)
    assert ck.where(("outer", "inner")) == "f.yaml:2: outer.inner"


def test_checker_typed_reads() -> None:
    ck = Checker(None, {})
    assert ck.as_string("  x ", ("k",)) == "x"
    assert ck.as_number(3, ("k",), positive=True) == 3.0
    with pytest.raises(ConfigError, match=r"^k: expected a number above 0, got 0$"):
        ck.as_number(0, ("k",), positive=True)
    with pytest.raises(ConfigError, match=r"^k: expected a number, got nan$"):
        ck.as_number(float("nan"), ("k",))
    with pytest.raises(ConfigError, match=r"^k: expected a whole number, got true$"):
        ck.as_int(True, ("k",), minimum=0)
    with pytest.raises(ConfigError, match=r"^k: expected a string, got an empty string$"):
        ck.as_string("  ", ("k",))
    with pytest.raises(ConfigError, match=r"^x\.k: missing; expected a thing$"):
        ck.required({"k": None}, ("x",), "k", "a thing")


def test_checker_paths_are_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "ca.crt").write_text("PEM\n")
    ck = Checker("f.yaml", {}, base_dir=tmp_path)
    assert ck.as_path("sub/file", ("k",)) == tmp_path / "sub" / "file"
    assert ck.as_path("/abs/file", ("k",)) == Path("/abs/file")
    assert ck.existing_file("ca.crt", ("k",)) == str(tmp_path / "ca.crt")
    with pytest.raises(ConfigError, match=r"^f\.yaml: k: file .*missing\.crt does not exist$"):
        ck.existing_file("missing.crt", ("k",))
