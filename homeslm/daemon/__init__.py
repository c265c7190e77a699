"""The daemon: builds every part from the config, runs the threads, handles signals and reloads.

:mod:`~homeslm.daemon.build` (the only builders: the understander, the speech engines the plugins
provide, the voice loop; the CLI and the benchmarks use them too), :mod:`~homeslm.daemon.runner` (the
daemon: builds the parts, runs, reloads, stops) with its parts
:mod:`~homeslm.daemon.intake` (the command queue and the worker), :mod:`~homeslm.daemon.status` (READY,
STATUS lines, the retained plugin and model status) and :mod:`~homeslm.daemon.signals` (SIGTERM, SIGINT,
SIGHUP), :mod:`~homeslm.daemon.sdnotify` (systemd's notify protocol), :mod:`~homeslm.daemon.service` (``homeslm install-service``),
:mod:`~homeslm.daemon.retrain` and :mod:`~homeslm.daemon.model_upkeep` (retraining the model for the
home in the background).
"""
