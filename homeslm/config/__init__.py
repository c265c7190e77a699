"""Configuration: the home described once in YAML, read into frozen dataclasses.

In stream order: :mod:`~homeslm.config.yamlcheck` (YAML with line numbers, the ``file:line: key:
problem`` checker), :mod:`~homeslm.config.parse` (each section's keys checked and turned into
dataclasses; :func:`~homeslm.config.parse.load_config`), :mod:`~homeslm.config.model` (the dataclasses,
one per section, a docstring per field).
"""
