"""``homeslm train``, ``install-service`` and ``import``: fitting homeslm to a home (its intent model, the
systemd service, the devices the MQTT bus announces)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from homeslm.cli.common import EXIT_OK, _config_from_args, _subparser
from homeslm.errors import ConfigError, HomeslmError


def _add_train(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm.training import command

    parser = _subparser(
        subparsers, "train",
        help="train the intent model for this home (or generic homes) and convert it to CTranslate2 int8",
        description="Generate training data from the grammar and the configured home, train the intent model "
                    "(needs `pip install homeslm[train]`), convert it to CTranslate2 int8 and validate it.",
    )
    command.add_arguments(parser)
    parser.set_defaults(func=_cmd_train)


def _cmd_train(args: argparse.Namespace) -> int:
    from homeslm.training import command

    return command.run(args, _config_from_args)


def _add_install_service(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm.daemon import service

    parser = _subparser(
        subparsers, "install-service",
        help="install the hardened systemd unit, its user and directories, and /etc/homeslm/homeslm.yaml",
        description="Write /etc/systemd/system/homeslm.service (ExecStart: this homeslm), the sysusers and tmpfiles "
                    "snippets, and /etc/homeslm/homeslm.yaml from --config (default: the example) if absent; then "
                    "create the homeslm user and directories. --dry-run prints the steps. See docs/service.md.",
    )
    service.add_arguments(parser)
    parser.set_defaults(func=_cmd_install_service)


def _cmd_install_service(args: argparse.Namespace) -> int:
    from homeslm.daemon import service

    return service.run(args)


def _add_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from homeslm import discovery

    parser = _subparser(
        subparsers, "import", help="print devices: entries for what the MQTT bus announces (zigbee2mqtt, Home Assistant discovery)",
        description="Listen on the configured broker for zigbee2mqtt's <base>/bridge/devices and bridge/groups (groups "
                    "of lights) and Home Assistant MQTT "
                    "discovery configs, and print a devices: block for those the config does not have yet, with "
                    "comments for what could not be mapped. The config itself is never changed: copy the entries "
                    "into it, or write them to a new file with --write.",
    )
    parser.add_argument("--wait", type=float, default=discovery.DEFAULT_WAIT_S, metavar="S",
                        help=f"how long to listen for announcements (default {discovery.DEFAULT_WAIT_S:g})")
    parser.add_argument("--timeout", type=float, default=discovery.DEFAULT_CONNECT_TIMEOUT_S, metavar="S",
                        help=f"how long to wait for the broker (default {discovery.DEFAULT_CONNECT_TIMEOUT_S:g})")
    parser.add_argument("--base-topic", metavar="TOPIC",
                        help="zigbee2mqtt's base topic (default: plugins.zigbee2mqtt.base_topic, else zigbee2mqtt)")
    parser.add_argument("--discovery-prefix", metavar="PREFIX", default=discovery.DEFAULT_DISCOVERY_PREFIX,
                        help=f"Home Assistant discovery prefix (default {discovery.DEFAULT_DISCOVERY_PREFIX})")
    parser.add_argument("--write", metavar="FILE", type=Path,
                        help="write the block to FILE (a new file, never the config) instead of printing it")
    parser.set_defaults(func=_cmd_import)


def _cmd_import(args: argparse.Namespace) -> int:
    from homeslm import discovery

    config = _config_from_args(args)
    if args.wait < 0 or args.timeout <= 0:
        raise ConfigError(f"--wait {args.wait:g} / --timeout {args.timeout:g}: expected seconds (wait >= 0, timeout > 0)")
    target: Path | None = args.write
    if target is not None:
        if config.source is not None and target.resolve() == Path(config.source).resolve():
            raise ConfigError(f"--write {target}: that is the config file in use; homeslm import never edits it: write "
                              "to a new file and copy its entries under devices:")
        if target.exists():
            raise ConfigError(f"--write {target}: the file exists; give a new file name (nothing is overwritten)")
    plan = discovery.import_devices(config, wait_s=args.wait, connect_timeout_s=args.timeout,
                                    z2m_base=args.base_topic, discovery_prefix=args.discovery_prefix)
    text = discovery.format_import(plan, config, broker=f"{config.mqtt.host}:{config.mqtt.port}")
    if target is None:
        print(text, end="")
    else:
        try:
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise HomeslmError(f"--write {target}: cannot write it: {exc.strerror or exc}") from None
        print(f"homeslm: wrote {target} ({plan.summary()}); copy its entries under devices: in {config.source}",
              file=sys.stderr)
        return EXIT_OK
    print(f"homeslm: {plan.summary()}", file=sys.stderr)
    return EXIT_OK
