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
