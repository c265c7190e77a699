"""What every paho connection of homeslm shares: the broker's address for messages, credentials and TLS
from the config, paho's own log records (through ``homeslm.mqtt``, its noise lowered), and dropping a
persistent session (a clean connection under the same client id)."""

from __future__ import annotations

import logging
import ssl
import threading

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from homeslm.config.model import MqttConfig
from homeslm.errors import HomeslmError

# The package's name, as before the split: log lines say homeslm.mqtt, and paho logs there too.
logger = logging.getLogger("homeslm.mqtt")


class PahoNoise(logging.Filter):
    """paho 2.x logs at ERROR what this client reports itself at the right level: "Client is not
    connected" from its loop while a reconnect is pending or after ``disconnect()``, and "failed to receive
    on socket" when the broker goes away (logged here as "connection lost"). Those become DEBUG."""

    _NOISE = ("Client is not connected", "failed to receive on socket")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and str(record.msg).startswith(self._NOISE):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def broker_address(config: MqttConfig) -> str:
    """``host:port`` of the broker, for messages."""
    return f"{config.host}:{config.port}"


def paho_logger() -> logging.Logger:
    """The logger paho's records go to (``homeslm.mqtt``), with :class:`PahoNoise` on it once."""
    quiet = logging.getLogger("homeslm.mqtt")
    if not any(isinstance(f, PahoNoise) for f in quiet.filters):
        quiet.addFilter(PahoNoise())
    return quiet


def set_credentials(client: paho.Client, config: MqttConfig) -> None:
    """Username, password and TLS of the config on a paho client."""
    cfg = config
    if cfg.username is not None:
        client.username_pw_set(cfg.username, cfg.password)
    if cfg.tls is not None:
        tls = cfg.tls
        try:
            client.tls_set(
                ca_certs=tls.ca_file,
                certfile=tls.cert_file,
                keyfile=tls.key_file,
                cert_reqs=ssl.CERT_REQUIRED,
            )
        except (OSError, ssl.SSLError, ValueError) as err:
            raise HomeslmError(
                f"mqtt.tls: cannot load the certificates (ca_file={tls.ca_file}, cert_file={tls.cert_file}, "
                f"key_file={tls.key_file}): {err}; check that the files exist, are PEM and that the key matches the certificate"
            ) from err
        client.tls_insecure_set(tls.insecure)


def drop_session(config: MqttConfig, client_id: str, timeout_s: float) -> None:
    """Connect once with a clean session under ``client_id`` and leave: the broker forgets the
    persistent session and what it queued for it. Best effort: a broker that is away has nothing to drop
    now (it is dropped at the next stop)."""
    connected = threading.Event()
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv311,
                         clean_session=True)
    client.enable_logger(logging.getLogger("homeslm.mqtt"))
    client.on_connect = lambda c, u, flags, reason, props: connected.set() if not reason.is_failure else None
    try:
        set_credentials(client, config)
        client.connect_timeout = max(0.1, timeout_s)
        client.connect(config.host, config.port, keepalive=max(5, config.keepalive_s))
        client.loop_start()
        try:
            if connected.wait(timeout_s):
                logger.debug("MQTT session of %s dropped on %s", client_id, broker_address(config))
            else:
                logger.debug("MQTT could not drop the session of %s on %s within %.1f s", client_id,
                             broker_address(config), timeout_s)
            client.disconnect()
        finally:
            client.loop_stop()
    except (OSError, ssl.SSLError, ValueError, HomeslmError) as err:
        logger.debug("MQTT could not drop the session of %s on %s: %s", client_id, broker_address(config), err)
