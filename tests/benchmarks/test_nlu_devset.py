"""Integrity of the intent development set (tests/data/nlu/dev/): the held-out checks, run over the dev set.

The validators are those of ``tests/benchmarks/test_nlu_dataset.py`` (imported, not copied), so the dev set obeys
exactly the conventions of the held-out set. Only the category mix differs: the dev set has no
``single``, ``media`` or ``polite`` lines and leans on the categories the model is weakest at.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.benchmarks.test_nlu_dataset import (
    CATEGORIES,
    HOMES_DIR,
    Home,
    _fail_on,
    _is_number,
    home_problems,
    load_home,
    load_homes,
    read_records,
    record_problems,
)

DEV_DIR = Path(__file__).parents[1] / "data" / "nlu" / "dev"
DEV_HOMES_DIR = DEV_DIR / "homes"
DEV_SET = DEV_DIR / "dev.jsonl"

#: The category mix chosen for the dev set (the weak categories of the held-out bench, and ood).
EXPECTED_MIX = {"paraphrase": 50, "timer": 30, "multi": 35, "noisy": 30, "state": 30, "values": 25,
                "group": 25, "ood": 25}


@pytest.fixture(scope="module")
def dev_homes() -> dict[str, Home]:
    return load_homes(DEV_HOMES_DIR)


@pytest.fixture(scope="module")
def dev_records() -> list[dict[str, Any]]:
    return read_records(DEV_SET)


@pytest.mark.parametrize("path", sorted(DEV_HOMES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_dev_home_is_well_formed(path: Path) -> None:
    _fail_on(home_problems(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_dev_home_shares_no_device_or_area_set_with_the_heldout_homes(dev_homes: dict[str, Home]) -> None:
    heldout = list(load_homes(HOMES_DIR).values())
    assert heldout and dev_homes
    for dev_home in dev_homes.values():
        for home in heldout:
            shared = set(dev_home.devices) & set(home.devices)
            assert not shared, f"{dev_home.stem} shares device names with held-out home {home.stem}: {shared}"
            assert dev_home.areas != home.areas


def test_every_dev_line_is_valid_against_its_home(dev_homes: dict[str, Home],
                                                  dev_records: list[dict[str, Any]]) -> None:
    _fail_on(p for record in dev_records for p in record_problems(record, dev_homes))


def test_dev_ids_and_texts_are_unique(dev_records: list[dict[str, Any]]) -> None:
    ids = Counter(record["id"] for record in dev_records)
    texts = Counter(record["text"].lower() for record in dev_records)
    _fail_on([f"id {i!r} used {n} times" for i, n in ids.items() if n > 1]
             + [f"text {t!r} used {n} times" for t, n in texts.items() if n > 1]
             + [f"id {r['id']!r} does not start with 'dev-'" for r in dev_records if not r["id"].startswith("dev-")])


def test_dev_category_mix(dev_records: list[dict[str, Any]]) -> None:
    assert set(EXPECTED_MIX) <= CATEGORIES
    assert Counter(record["category"] for record in dev_records) == EXPECTED_MIX


def test_dev_numbers_are_mostly_spoken_as_words(dev_records: list[dict[str, Any]]) -> None:
    with_values = [r for r in dev_records if any(_is_number(i["value"]) for i in r["target"]["intents"])]
    with_digits = [r for r in with_values if any(c.isdigit() for c in r["text"])]
    assert len(with_values) >= 40 and 0 < len(with_digits) <= len(with_values) / 4, (len(with_values),
                                                                                      len(with_digits))


#: The two chatter development sets (household talk the home must ignore), with their id prefixes.
CHATTER_SETS = {DEV_DIR / "chatter.jsonl": "dc-", DEV_DIR / "chatter_more.jsonl": "dm-"}


def chatter_problems(path: Path, prefix: str, records: list[dict[str, Any]], home: Home) -> list[str]:
    """Everything wrong with one chatter dev file: every line is townhouse chatter with no intents."""
    problems: list[str] = []
    for record in records:
        rid = f"{path.name}: {record.get('id')!r}"
        if set(record) != {"id", "home", "text", "context_area", "category", "target"}:
            problems.append(f"{rid}: keys {sorted(record)}")
            continue
        if not str(record["id"]).startswith(prefix):
            problems.append(f"{rid}: id does not start with {prefix!r}")
        if record["home"] != home.stem:
            problems.append(f"{rid}: home {record['home']!r} is not {home.stem!r}")
        if not isinstance(record["text"], str) or not record["text"].strip():
            problems.append(f"{rid}: empty text")
        if record["context_area"] not in home.areas:
            problems.append(f"{rid}: context_area {record['context_area']!r} is not a {home.stem} area")
        if record["category"] != "chatter":
            problems.append(f"{rid}: category {record['category']!r} is not 'chatter'")
        if record["target"] != {"intents": []}:
            problems.append(f"{rid}: target {record['target']!r} is not {{'intents': []}}")
    return problems


def test_chatter_dev_sets_are_empty_townhouse_chatter(dev_homes: dict[str, Home]) -> None:
    home = dev_homes["townhouse"]
    everything: list[dict[str, Any]] = []
    problems: list[str] = []
    for path, prefix in CHATTER_SETS.items():
        records = read_records(path)
        assert len(records) == 300, (path.name, len(records))
        problems += chatter_problems(path, prefix, records, home)
        assert set(r["context_area"] for r in records) == home.areas, path.name
        everything += records
    ids = Counter(record["id"] for record in everything)
    texts = Counter(record["text"].strip().lower() for record in everything)
    _fail_on(problems + [f"id {i!r} used {n} times" for i, n in ids.items() if n > 1]
             + [f"text {t!r} used {n} times" for t, n in texts.items() if n > 1])


def test_chatter_problems_reports_a_bad_line(dev_homes: dict[str, Home]) -> None:
    home = dev_homes["townhouse"]
    good = {"id": "dm-001", "home": "townhouse", "text": "hello", "context_area": "larder", "category": "chatter",
            "target": {"intents": []}}
    assert chatter_problems(DEV_DIR / "x.jsonl", "dm-", [good], home) == []
    bad = dict(good, id="dc-001", context_area="garage", category="ood",
               target={"intents": [{"action": "turn_on"}]})
    assert len(chatter_problems(DEV_DIR / "x.jsonl", "dm-", [bad], home)) == 4
