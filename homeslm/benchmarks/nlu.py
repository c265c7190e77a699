"""``homeslm bench nlu``: accuracy, rejection, latency, load time, size and memory of intent models.

Cases are JSON lines ``{"text", "context_area", "home"?, "category"?, "target": {"intents": [...]},
"schema_gap"?}`` (the held-out sets in tests/data/nlu, the chatter set, shared/eval/dev.jsonl). Scoring:
strings lower-cased and stripped, numbers compared as numbers, intent order ignored; a case is right when
its whole list of intents equals the target. Besides exact match, each case is one of: rejected although
it was a command (a false rejection), executed something other than its target ("executed wrong"), or,
for a case whose target is empty (out of domain, chatter), executed anything. A case whose target only
reads (a question) that got an intent which changes a device counts as "a question acted". Cases marked
``schema_gap`` (the schema cannot express their meaning yet) are kept apart by the caller.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from homeslm.config.model import Config, Device
from homeslm.config.loader import load_config
from homeslm.understanding.model import IntentModel
from homeslm.understanding.resolve import Resolver
from homeslm.understanding.understander import Understander


def _norm_value(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 3)
    if isinstance(v, str):
        s = v.strip().lower()
        try:
            return round(float(s), 3)
        except ValueError:
            return s
    return v


def canonical(intents: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = ("action", "device", "area", "floor", "domain", "value", "unit")
    return sorted((tuple(_norm_value(i.get(k)) for k in keys) for i in intents), key=repr)


#: Actions that only read: a question's target has only these, and getting any other action for it is acting.
READ_ONLY_ACTIONS = frozenset({"get_state", "get_temperature", "timer_status", "cancel"})


@dataclass
class Case:
    text: str
    context_area: str | None
    home: str
    category: str
    target: list[dict[str, Any]]
    schema_gap: str | None = None
    """Why the schema cannot express the case yet (its target is a proposal); ``None`` for ordinary cases."""


@dataclass
class Tally:
    """The outcomes of a set of cases (a whole run or one category)."""

    n: int = 0
    exact: int = 0
    commands: int = 0
    """Cases whose target has intents."""
    false_rejected: int = 0
    """Commands that got no intent."""
    executed_wrong: int = 0
    """Commands that got intents other than their target."""
    empty: int = 0
    """Cases whose target is empty (out of domain, chatter)."""
    empty_executed: int = 0
    """Of those, the ones that got any intent."""
    read_only: int = 0
    """Cases whose target has intents that only read (questions); an empty target is counted by ``empty``."""
    read_only_acted: int = 0
    """Of those, the ones that got an intent changing a device."""

    def add(self, target: list[dict[str, Any]], got: list[dict[str, Any]], ok: bool) -> None:
        self.n += 1
        self.exact += ok
        if target:
            self.commands += 1
            self.false_rejected += not got
            self.executed_wrong += bool(got) and not ok
        else:
            self.empty += 1
            self.empty_executed += bool(got)
        if target and all(i.get("action") in READ_ONLY_ACTIONS for i in target):
            self.read_only += 1
            self.read_only_acted += any(i.get("action") not in READ_ONLY_ACTIONS for i in got)

    def rates(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return part / whole if whole else None

        return {"cases": self.n, "exact": share(self.exact, self.n),
                "false_rejection": share(self.false_rejected, self.commands),
                "executed_wrong": share(self.executed_wrong, self.commands),
                "empty_executed": share(self.empty_executed, self.empty),
                "questions_acted": self.read_only_acted, "read_only_cases": self.read_only}


@dataclass
class Report:
    name: str
    n: int = 0
    exact: int = 0
    action_only: int = 0
    same_devices: int = 0
    """Cases whose intents do what the target's do: the same actions and values on the same devices, however
    they are written (a light named "ceiling light" in the dining room, or the dining room's lights when it is
    the only one)."""
    ood_total: int = 0
    ood_rejected: int = 0
    cmd_total: int = 0
    cmd_rejected: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    tally: Tally = field(default_factory=Tally)
    tally_by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    failures: list[dict[str, Any]] = field(default_factory=list)
    load_s: float = 0.0
    size_mb: float = 0.0
    rss_mb: float = 0.0

    def row(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)
        return {
            "model": self.name,
            "cases": self.n,
            "exact": self.exact / max(1, self.n),
            "action_only": self.action_only / max(1, self.n),
            "same_devices": self.same_devices / max(1, self.n),
            "ood_rejection": self.ood_rejected / max(1, self.ood_total),
            "false_rejection": self.cmd_rejected / max(1, self.cmd_total),
            "executed_wrong": self.tally.executed_wrong / max(1, self.tally.commands),
            "questions_acted": self.tally.read_only_acted,
            "p50_ms": statistics.median(lat) if lat else 0.0,
            "p95_ms": lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0.0,
            "load_s": self.load_s,
            "size_mb": self.size_mb,
            "rss_mb": self.rss_mb,
        }


def load_cases(path: Path, default_home: str | None = None) -> list[Case]:
    cases = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        cases.append(Case(d["text"], d.get("context_area"), d.get("home") or default_home or "home",
                          d.get("category", "dev"), d["target"]["intents"], d.get("schema_gap")))
    return cases


def _rss_mb() -> float:
    try:
        import psutil

        return float(psutil.Process().memory_info().rss) / 2**20
    except ImportError:  # psutil is in the [bench] extra; fall back to /proc
        with open(f"/proc/{os.getpid()}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return 0.0


def run_cases(name: str, model_dir: Path | None, cases: list[Case], homes: dict[str, Config], *,
              threads: int = 1, compute_type: str = "default", threshold: float | None = None) -> Report:
    rep = Report(name)
    gc.collect()
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    model = IntentModel(model_dir, threads=threads, compute_type=compute_type)
    rep.load_s = time.perf_counter() - t0
    rep.size_mb = (model.model_dir / "model.bin").stat().st_size / 2**20
    understanders: dict[str, Understander] = {}
    resolvers: dict[str, Resolver] = {}
    for key, cfg in homes.items():
        if threshold is not None:
            from dataclasses import replace

            cfg = replace(cfg, model=replace(cfg.model, threshold=threshold))
        understanders[key] = Understander(cfg, model)
        resolvers[key] = Resolver(cfg)
    for _ in range(5):  # warm-up
        next(iter(understanders.values())).understand("turn on the lights")
    for case in cases:
        und = understanders[case.home]
        t = time.perf_counter()
        u = und.understand(case.text, area=case.context_area, site=f"bench-{case.home}")
        rep.latencies_ms.append((time.perf_counter() - t) * 1000)
        got = [i.to_dict() for i in u.result.intents]
        ok = canonical(got) == canonical(case.target)
        rep.n += 1
        rep.exact += ok
        rep.action_only += Counter(i["action"] for i in got) == Counter(i["action"] for i in case.target)
        rep.same_devices += ok or (bool(got) and Counter(_effect(i.to_dict(), p.devices) for i, p in zip(u.result.intents, u.plans))
                                   == Counter(_effect(i, _meant(resolvers[case.home], i)) for i in case.target))
        cat = rep.by_category[case.category]
        cat[0] += ok
        cat[1] += 1
        rep.tally.add(case.target, got, ok)
        rep.tally_by_category[case.category].add(case.target, got, ok)
        if not case.target:
            rep.ood_total += 1
            rep.ood_rejected += not got
        else:
            rep.cmd_total += 1
            rep.cmd_rejected += not got
        if not ok:
            rep.failures.append({"home": case.home, "text": case.text, "model_read": u.tagged, "model_wrote": u.model_output,
                                 "refusal": u.result.refusal, "confidence": round(u.result.confidence, 3),
                                 "got": got, "want": case.target, "category": case.category,
                                 **({"schema_gap": case.schema_gap} if case.schema_gap else {})})
    rep.rss_mb = max(0.0, _rss_mb() - rss0)
    return rep


def _effect(intent: dict[str, Any], devices: Sequence[Device]) -> tuple[Any, ...]:
    """What an intent does: its action and value on those devices (by name, area, type and class), or on what it
    names when it acts on no configured device (a timer)."""
    things = frozenset((d.name, d.area, d.type, d.device_class) for d in devices)
    return intent.get("action"), intent.get("value"), things or (intent.get("device"), intent.get("area"))


def _meant(resolver: Resolver, intent: dict[str, Any]) -> list[Device]:
    """The devices a target intent means: the device it names (in its area, of its type), else the devices of its
    domain in its area or floor (the whole home with neither)."""
    domain, area, floor = intent.get("domain") or "", intent.get("area"), intent.get("floor")
    if intent.get("device"):
        base, _, cls = domain.partition(":")
        return [d for d in resolver.config.devices if d.name == intent["device"] and (area is None or d.area == area)
                and (not base or d.type == base) and (not cls or d.device_class == cls)]
    return resolver.devices_of(domain, [area] if area else [], [floor] if floor else []) if domain else []


def load_homes(homes_dir: Path | None, extra: dict[str, Path] | None = None) -> dict[str, Config]:
    homes: dict[str, Config] = {}
    if homes_dir is not None:
        for path in sorted(homes_dir.glob("*.yaml")):
            homes[path.stem] = load_config(path)
    for key, path in (extra or {}).items():
        homes[key] = load_config(path)
    return homes


def format_table(rows: list[dict[str, Any]]) -> str:
    cols = [("model", "{}"), ("cases", "{}"), ("exact", "{:.1%}"), ("same_devices", "{:.1%}"), ("action_only", "{:.1%}"),
            ("ood_rejection", "{:.1%}"),
            ("false_rejection", "{:.1%}"), ("executed_wrong", "{:.1%}"), ("questions_acted", "{}"), ("p50_ms", "{:.2f}"), ("p95_ms", "{:.2f}"), ("load_s", "{:.2f}"),
            ("size_mb", "{:.1f}"), ("rss_mb", "{:.0f}")]
    header = "| " + " | ".join(c for c, _ in cols) + " |"
    sep = "| " + " | ".join("---" for _ in cols) + " |"
    lines = [header, sep]
    for r in rows:
        lines.append("| " + " | ".join(fmt.format(r[c]) for c, fmt in cols) + " |")
    return "\n".join(lines)


def format_outcomes(name: str, tallies: dict[str, Tally], total: Tally) -> str:
    """Per category: exact match, false rejections and commands executed wrong (of the commands), cases
    with an empty target that executed something (of those), and questions that acted (a count)."""
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    lines = [f"outcomes by category, {name}:",
             "| category | cases | exact | false rejection | executed wrong | empty target executed | questions acted |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for category, tally in [*sorted(tallies.items()), ("all", total)]:
        r = tally.rates()
        lines.append(f"| {category} | {r['cases']} | {pct(r['exact'])} | {pct(r['false_rejection'])} | "
                     f"{pct(r['executed_wrong'])} | {pct(r['empty_executed'])} | "
                     f"{r['questions_acted']} of {r['read_only_cases']} |")
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for r in rows:
        ax.scatter(r["p50_ms"], r["exact"] * 100, s=60)
        ax.annotate(r["model"], (r["p50_ms"], r["exact"] * 100), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_xlabel("latency p50 per command (ms, 1 thread)")
    ax.set_ylabel("exact match (%)")
    ax.set_title("homeslm intent models: accuracy vs latency")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
