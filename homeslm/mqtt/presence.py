"""One daemon per site: who serves ``homeslm/<site>/...`` on the broker, and the check a newcomer makes.

Two daemons with the same ``site:`` (a config copied to a second Pi) share the MQTT client id
``homeslm-<site>``: the broker drops the older connection whenever the other connects, so both
reconnect about once a second, forever. To prevent that:

* every daemon has a :class:`SiteInstance` (a new id at each start, the host, the pid, the start time);
  its client publishes it retained on ``homeslm/<site>/instance`` at every connect, before it subscribes,
  and answers a ``homeslm/<site>/ping`` (``{"nonce": ...}``) with its instance and the nonce on
  ``homeslm/<site>/pong``;
* before it connects as ``homeslm-<site>``, a starting daemon runs :func:`probe_site` under a client id
  of its own: when the retained status says ``online`` it pings, and only a daemon that answers is
  "demonstrably alive". A daemon that crashed or lost its power leaves ``online`` retained until the
  broker delivers its will (at once when the process died, up to 1.5 keep-alives when the host did);
  it cannot answer, so a restart after a crash is never refused: the newcomer takes the site, and the
  broker drops the dead connection and delivers its will (``offline``) before the newcomer's ``online``;
* two daemons that connected anyway (started in the same second, or while the other was reconnecting)
  see each other's instance after they published their own: :func:`yields_to` says which one gives way
  (the one started later); the client tells its owner (``on_displaced``), which stops with the message
  of :func:`site_taken_message`.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeslm.config.model import MqttConfig
from homeslm.mqtt.topics import ONLINE, ping_topic, pong_topic, status_topic

if TYPE_CHECKING:  # the client imports this module; the probe gets the client class from its caller
    from homeslm.mqtt.client import MqttClient

logger = logging.getLogger("homeslm.mqtt")

#: How long a starting daemon waits for the answer of a daemon whose status is ``online``.
PROBE_ANSWER_S = 3.0
#: How long it waits for the broker before starting without the check (the broker may be down at boot).
PROBE_CONNECT_S = 3.0


@dataclass(frozen=True)
class SiteInstance:
    """One run of one daemon (payload of ``homeslm/<site>/instance`` and ``.../pong``)."""

    instance: str
    """Random id, new at every start."""
    host: str
    """The machine's host name."""
    pid: int
    """The daemon's process id on that host."""
    started_s: float
    """When it started, in seconds since the epoch."""

    @classmethod
    def new(cls) -> SiteInstance:
        """This process, now."""
        return cls(uuid.uuid4().hex, socket.gethostname(), os.getpid(), round(time.time(), 3))  # as sent

    def to_payload(self) -> dict[str, Any]:
        return {"instance": self.instance, "host": self.host, "pid": self.pid, "started": self.started_s}

    @classmethod
    def from_payload(cls, payload: bytes) -> SiteInstance | None:
        """The instance in a payload, or ``None`` (logged) for anything else."""
        try:
            data = json.loads(payload.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("expected a JSON object")
            instance, host, pid, started = data["instance"], data["host"], data["pid"], data["started"]
            if not (isinstance(instance, str) and instance and isinstance(host, str) and isinstance(pid, int)
                    and isinstance(started, (int, float))):
                raise ValueError("expected instance and host strings, pid an integer, started a number")
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            logger.debug("not a homeslm instance payload (%s): %r", exc, payload[:200])
            return None
        return cls(instance, host, pid, float(started))

    def describe(self) -> str:
        """``host pi-kitchen, pid 812, started 2026-12-06 10:00:03``."""
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started_s))
        return f"host {self.host}, pid {self.pid}, started {started}"


def yields_to(me: SiteInstance, other: SiteInstance) -> bool:
    """Whether ``me`` gives the site to ``other``: the daemon started later gives way (ties: the larger id)."""
    return (me.started_s, me.instance) > (other.started_s, other.instance)


def site_taken_message(site: str, other: SiteInstance, broker: str) -> str:
    """Why a daemon does not serve ``site``, and what to do (the config key ``site`` is named by the caller)."""
    return (f"site {site!r} is already served by another homeslm daemon on the MQTT broker {broker} "
            f"({other.describe()}); each daemon needs a site of its own: set a different `site:` in this "
            f"config (a copied config keeps the first one's), or stop the other daemon")


def probe_site(config: MqttConfig, site: str, *, client_class: type[MqttClient], me: SiteInstance | None = None,
               answer_s: float = PROBE_ANSWER_S, connect_s: float = PROBE_CONNECT_S,
               quiet: bool = False) -> SiteInstance | None:
    """The live daemon already serving ``site`` on the broker, or ``None`` when there is none (or the broker
    cannot be reached within ``connect_s``: the caller starts, and the check after a lost connection takes over).

    Connects under a client id of its own (never ``homeslm-<site>``, which would push the other one off),
    reads the retained ``homeslm/<site>/status`` and, when it says ``online``, pings and waits up to
    ``answer_s`` for an answer from an instance other than ``me``. ``quiet``: log at DEBUG only (the check
    a running daemon makes after each lost connection). ``client_class``: :class:`homeslm.mqtt.MqttClient`
    (passed in, as the client itself runs this check)."""
    level = logging.DEBUG if quiet else logging.WARNING

    nonce = uuid.uuid4().hex
    lock = threading.Condition()
    status: list[str] = []
    echoed: list[bool] = []
    answers: list[SiteInstance] = []

    def on_status(topic: str, payload: bytes) -> None:
        with lock:
            status.append(payload.decode("utf-8", "replace"))
            lock.notify_all()

    def on_ping(topic: str, payload: bytes) -> None:
        # Our own ping coming back: every retained message of the subscriptions made before it arrived.
        if nonce_of(payload) == nonce:
            with lock:
                echoed.append(True)
                lock.notify_all()

    def on_pong(topic: str, payload: bytes) -> None:
        if nonce_of(payload) != nonce:
            return
        other = SiteInstance.from_payload(payload)
        if other is not None and (me is None or other.instance != me.instance):
            with lock:
                answers.append(other)
                lock.notify_all()

    probe = client_class(config, site=site, client_id=f"homeslm-{site}-probe-{os.getpid()}", availability=False)
    probe.subscribe(status_topic(site), on_status)
    probe.subscribe(pong_topic(site), on_pong, retained=False)
    probe.subscribe(ping_topic(site), on_ping, retained=False)
    probe.start()
    try:
        if not probe.wait_subscribed(connect_s):
            logger.log(level, "could not check whether another daemon serves site %r: the MQTT broker %s:%d did not "
                       "accept us within %.0f s; going on", site, config.host, config.port, connect_s)
            return None
        probe.publish(ping_topic(site), {"nonce": nonce}, qos=1)
        with lock:
            if not lock.wait_for(lambda: bool(echoed), timeout=connect_s):
                logger.log(level, "could not check whether another daemon serves site %r: the MQTT broker %s:%d did "
                           "not deliver our own ping within %.0f s; going on", site, config.host, config.port, connect_s)
                return None
            if not status or status[-1] != ONLINE:
                return None
            if lock.wait_for(lambda: bool(answers), timeout=answer_s):
                return answers[0]
        logger.log(level, "the retained %s says %s, but no other daemon answered within %.0f s: it stopped without "
                   "saying so (a crash or a power cut; the broker delivers its will later); taking site %r",
                   status_topic(site), ONLINE, answer_s, site)
        return None
    finally:
        probe.stop(timeout_s=1.0)


def nonce_of(payload: bytes) -> str | None:
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    nonce = data.get("nonce") if isinstance(data, dict) else None
    return nonce if isinstance(nonce, str) else None
