"""The cache of loaded speech models a hub's satellites share (homeslm.voice.shared_models)."""

from __future__ import annotations

import threading

import pytest

from homeslm.voice.shared_models import SharedModels

TIMEOUT_S = 30.0


def test_builders_on_many_threads_at_once_load_a_model_once_and_all_get_it() -> None:
    shared = SharedModels()
    loads: list[int] = []
    release = threading.Event()
    start = threading.Barrier(8, timeout=TIMEOUT_S)
    got: list[object] = []

    def load() -> object:
        loads.append(1)
        release.wait(TIMEOUT_S)  # the load is slow: the others ask meanwhile or after
        return object()

    def build() -> None:
        start.wait()
        got.append(shared.get(("whisper", "/models/tiny.en", 2, 1), load))

    threads = [threading.Thread(target=build) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(TIMEOUT_S)
    assert len(got) == 8 and len(loads) == 1
    assert all(model is got[0] for model in got), "one object for every builder"
    assert shared.keys() == [("whisper", "/models/tiny.en", 2, 1)] and ("whisper", "/models/tiny.en", 2, 1) in shared


def test_other_keys_are_other_models() -> None:
    shared = SharedModels()
    tiny = shared.get(("whisper", "tiny.en", 2, 1), object)
    assert shared.get(("whisper", "tiny.en", 4, 1), object) is not tiny, "other threads: another model"
    assert shared.get(("whisper", "base", 2, 1), object) is not tiny
    assert shared.get(("whisper", "tiny.en", 2, 1), object) is tiny
    assert len(shared) == 3
    assert SharedModels().get(("whisper", "tiny.en", 2, 1), object) is not tiny, "another cache shares nothing"


def test_a_load_that_fails_keeps_nothing_and_the_next_one_tries_again() -> None:
    shared = SharedModels()

    def broken() -> object:
        raise OSError("model.bin: truncated")

    with pytest.raises(OSError, match="truncated"):
        shared.get("vosk", broken)
    assert len(shared) == 0 and "vosk" not in shared
    model = shared.get("vosk", object)
    assert shared.get("vosk", broken) is model, "once loaded, the loader is not called again"
