"""Rhasspy 2.5 / Hermes compatibility (docs/hermes.md, docs/DESIGN.md section 4), off by default
(``hermes: {enabled: true}``): ``messages`` (the topics, the payloads in Rhasspy's JSON shape and the
action -> intent name table), ``bridge`` (what the daemon takes from and publishes to ``hermes/...``).

The daemon builds the bridge (:mod:`homeslm.daemon.runner`); this package builds nothing else and never
imports the daemon.
"""
