"""Configuration: the home described once in YAML, read into frozen dataclasses.

In stream order: :mod:`~homeslm.config.yamlcheck` (YAML with line numbers, the ``file:line: key:
problem`` checker), :mod:`~homeslm.config.loader` (which file, read and checked: :func:`load_config`),
:mod:`~homeslm.config.parse` (each section's keys checked and turned into dataclasses),
:mod:`~homeslm.config.model` (the dataclasses, one per section, a docstring per field) and
:mod:`~homeslm.config.voice` (the ``voice:`` section, :class:`~homeslm.config.voice.VoiceSettings`, read once per config).
The public names are re-exported here: ``from homeslm.config import Config, load_config``.
"""

from homeslm.config.loader import (
    CONFIG_ENV_VAR,
    SYSTEM_CONFIG_PATH,
    check_config_file,
    config_from_dict,
    find_config_path,
    load_config,
)
from homeslm.config.model import (
    TEMPERATURE_UNITS,
    CommandsConfig,
    Config,
    Device,
    Floor,
    ModelConfig,
    MqttConfig,
    PluginsConfig,
    Retrain,
    TlsConfig,
    normalize_name,
)

__all__ = [
    "CONFIG_ENV_VAR",
    "SYSTEM_CONFIG_PATH",
    "TEMPERATURE_UNITS",
    "CommandsConfig",
    "Config",
    "Device",
    "Floor",
    "ModelConfig",
    "MqttConfig",
    "PluginsConfig",
    "Retrain",
    "TlsConfig",
    "check_config_file",
    "config_from_dict",
    "find_config_path",
    "load_config",
    "normalize_name",
]
