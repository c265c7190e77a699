"""``homeslm bench sites``' own logic (the run itself is a benchmark, not a test): its hub config is a valid
home, and its judging counts a command on the wrong room as a mix-up, never as correct."""

from __future__ import annotations

from homeslm.benchmarks.sites import SiteRun, format_table, hub_config
from homeslm.benchmarks.sites.command import Recorder, _judge
from homeslm.config.loader import config_from_dict


class FakeRecorder(Recorder):
    def __init__(self, power: list[tuple[str, str, float]], intents: list[tuple[str, dict[str, object]]],
                 transcripts: list[tuple[str, float]] | None = None) -> None:
        import threading

        self._lock = threading.Lock()
        self.power = power
        self.intents = intents  # type: ignore[assignment]
        self.transcripts = transcripts or []


def test_the_hub_config_is_a_home_with_one_room_per_satellite() -> None:
    config = config_from_dict(hub_config(1883, 4))
    assert [s.site_id for s in config.hermes.satellites] == ["sat-1", "sat-2", "sat-3", "sat-4"]
    assert {s.area for s in config.hermes.satellites} == {d.area for d in config.devices}
    assert {d.name for d in config.devices} == {"ceiling light"}, "only the room tells the lights apart"


def test_judging_counts_right_commands_and_mixups() -> None:
    said = [[("turn on the light", 10.0), ("turn off the light", 20.0)], [("turn on the light", 10.5)]]
    recorder = FakeRecorder(
        power=[("light_1", "ON", 11.0), ("light_1", "OFF", 21.5), ("light_2", "OFF", 11.2), ("light_9", "ON", 12.0)],
        intents=[("sat-1", {"intents": [{"area": "room 1"}]}), ("sat-2", {"intents": [{"area": "room 1"}]})],
        transcripts=[("sat-1", 10.6), ("sat-1", 10.9), ("sat-2", 10.95), ("sat-1", 21.49)])
    result = SiteRun(2)
    _judge(result, said, recorder)
    assert result.said == 3 and result.correct == 2
    assert sorted(round(x, 1) for x in result.latencies_s) == [1.0, 1.5]
    assert sorted(round(x, 2) for x in result.worker_s) == [0.01, 0.1], "from its site's last transcript before it"
    assert result.mixups == 2, "sat-2's intent on room 1, and a light of no satellite's room"
    assert any("sat-2" in p for p in result.problems), "light_2's OFF was not what sat-2 said"
    assert "| 2 | 3 | 2 (67%) | 2 |" in format_table([result]) and "| 10 / 100 |" in format_table([result])
