"""``homeslm satellite``: this machine's microphone and loudspeaker as a Hermes satellite of a hub
(:mod:`homeslm.hermes.satellite`; docs/hermes.md, "A satellite without Rhasspy")."""

from __future__ import annotations

import argparse
import threading

from homeslm.cli.common import EXIT_OK, _config_from_args, _subparser
from homeslm.errors import HomeslmError


def _add_satellite(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _subparser(
        subparsers, "satellite", help="stream this microphone to a homeslm hub and play its answers (Hermes)",
        description="Be a Hermes satellite: the microphone (voice.input_device) is streamed to the broker of the "
                    "config (mqtt:) as hermes/audioServer/<siteId>/audioFrame WAV chunks, and the answers the hub "
                    "sends as hermes/audioServer/<siteId>/playBytes/<requestId> are played. The siteId is the "
                    "config's site unless --site-id says otherwise; the hub lists it in hermes.satellites.")
    parser.add_argument("--site-id", metavar="ID", help="the Hermes siteId (default: the config's site)")
    parser.set_defaults(func=_cmd_satellite)


def _cmd_satellite(args: argparse.Namespace) -> int:
    from homeslm.mqtt.topics import check_site
    from homeslm.daemon.signals import install_signals
    from homeslm.hermes.satellite import SatelliteClient
    from homeslm.voice.audio import MicrophoneSource

    config = _config_from_args(args)
    site_id = args.site_id or config.site
    try:
        check_site(site_id)
    except ValueError as exc:
        raise HomeslmError(f"--site-id: {exc}") from exc
    stop = threading.Event()
    restore = install_signals(stop.set, lambda: None)
    satellite = SatelliteClient(config.mqtt, site_id, MicrophoneSource(config.voice_settings.input_device))
    try:
        satellite.start()
        stop.wait()
    finally:
        satellite.stop()
        restore()
    return EXIT_OK
