"""``homeslm bench``: user-facing benchmarks. Timings live here, never in tests.

Each benchmark is a module with ``add_arguments(parser)`` and ``run(args) -> int``, listed in
:data:`BENCHMARKS` (``nlu``; voice and soak benchmarks register the same way).
"""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "bounds": "homeslm.benchmarks.bounds",
    "nlu": "homeslm.benchmarks.nlu_command",
    "sites": "homeslm.benchmarks.sites",
    "soak": "homeslm.benchmarks.soak",
    "voice": "homeslm.benchmarks.voice",
}
