"""The daemon: builds every part from the config, runs the threads, handles signals and reloads.

:mod:`~homeslm.daemon.runner` (the daemon), :mod:`~homeslm.daemon.sdnotify` (systemd's notify
protocol), :mod:`~homeslm.daemon.service` (``homeslm install-service``),
:mod:`~homeslm.daemon.retrain` and :mod:`~homeslm.daemon.model_upkeep` (retraining the model for the
home in the background).
"""
