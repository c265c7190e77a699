"""Shared fixtures: real mosquitto brokers on loopback and a recorder of what is published.

Fixtures
--------
``mosquitto`` (session)
    One broker on 127.0.0.1 and a free port, started once. ``.host``, ``.port``, ``.stop()``,
    ``.start()``, ``.restart()`` (same port, waits until it accepts again), ``.mqtt_config()``.
    Its database lives in a fresh temporary directory, so sessions and retained messages survive
    ``restart()`` (like a real broker) but never outlive the test run.
``mosquitto_factory`` (function)
    ``mosquitto_factory(users={"name": "password"}, tls=True, require_certificate=True)`` starts an
    extra broker with a password file (``mosquitto_passwd -b -c``) and/or TLS (certificates from
    ``tls_material``); stopped after the test.
``tls_material`` (session)
    A CA, a server certificate for 127.0.0.1/localhost and a client certificate, as PEM files.
    ``tls_material_factory()`` makes another, unrelated one.
``mqtt_recorder`` (function)
    A plain paho client subscribed to ``#`` on ``mosquitto``; ``wait_for(topic_or_predicate)``,
    ``messages(topic_filter)``. Its session is persistent, so it misses nothing across
    ``mosquitto.restart()``.
``mqtt_recorder_factory`` (function)
    ``mqtt_recorder_factory(broker, username=..., password=...)`` for the extra brokers.

Every wait has a timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig, TlsConfig

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on loopback that is free right now (bind port 0 and ask the kernel)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str, interval_s: float = 0.02) -> None:
    """Poll ``predicate`` until it is true; fail the test naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(interval_s)


# --------------------------------------------------------------------------------------------
# TLS material
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsMaterial:
    """PEM files of a test PKI: one CA, a server certificate for 127.0.0.1 and localhost, a client."""

    ca_file: str
    server_cert_file: str
    server_key_file: str
    client_cert_file: str
    client_key_file: str
    client_common_name: str


def make_tls_material(directory: Path) -> TlsMaterial:
    """Generate a CA, a server certificate (SAN 127.0.0.1, localhost) and a client certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    not_before = now - datetime.timedelta(minutes=5)
    not_after = now + datetime.timedelta(days=2)

    def write_key(key: ec.EllipticCurvePrivateKey, name: str) -> str:
        path = directory / name
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
        return str(path)

    def write_cert(cert: x509.Certificate, name: str) -> str:
        path = directory / name
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return str(path)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "homeslm test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    def leaf(common_name: str, usage: x509.ObjectIdentifier, san: list[x509.GeneralName] | None) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=True, key_cert_sign=False, crl_sign=False,
                    encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        )
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
        return builder.sign(ca_key, hashes.SHA256()), key

    server_cert, server_key = leaf(
        "localhost",
        ExtendedKeyUsageOID.SERVER_AUTH,
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOOPBACK))],
    )
    client_cn = "homeslm-test-client"
    client_cert, client_key = leaf(client_cn, ExtendedKeyUsageOID.CLIENT_AUTH, None)
    return TlsMaterial(
        ca_file=write_cert(ca_cert, "ca.pem"),
        server_cert_file=write_cert(server_cert, "server.pem"),
        server_key_file=write_key(server_key, "server.key"),
        client_cert_file=write_cert(client_cert, "client.pem"),
        client_key_file=write_key(client_key, "client.key"),
        client_common_name=client_cn,
    )


# --------------------------------------------------------------------------------------------
# Broker
# --------------------------------------------------------------------------------------------


class MosquittoBroker:
    """One ``mosquitto`` process on 127.0.0.1 with a generated config in ``workdir``.

    The port is chosen once (free port) and kept across ``stop()``/``start()``/``restart()``.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        users: Mapping[str, str] | None = None,
        tls: TlsMaterial | None = None,
        require_certificate: bool = False,
        persistence: bool = True,
    ) -> None:
        self.host = LOOPBACK
        self.port = free_port()
        self.workdir = workdir
        self.users: dict[str, str] = dict(users or {})
        self.tls = tls
        self.require_certificate = require_certificate
        self.persistence = persistence
        self.log_file = workdir / "mosquitto.log"
        self.config_file = workdir / "mosquitto.conf"
        self.password_file: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        workdir.mkdir(parents=True, exist_ok=True)
        if self.users:
            self.password_file = workdir / "passwd"
            self._write_password_file(self.password_file)
        self.config_file.write_text(self._config_text())

    def _write_password_file(self, path: Path) -> None:
        first = True
        for name, password in self.users.items():
            cmd = [MOSQUITTO_PASSWD, "-b"] + (["-c"] if first else []) + [str(path), name, password]
            subprocess.run(cmd, check=True, capture_output=True, timeout=30)
            first = False
        path.chmod(0o600)

    def _config_text(self) -> str:
        lines = [
            f"user {_current_user()}",
            f"listener {self.port} {self.host}",
            f"allow_anonymous {'false' if self.users else 'true'}",
            f"persistence {'true' if self.persistence else 'false'}",
            "log_type all",
            "connection_messages true",
            f"log_dest file {self.log_file}",
            "max_queued_messages 10000",
        ]
        if self.persistence:
            lines += [f"persistence_location {self.workdir}/", "persistence_file mosquitto.db", "autosave_interval 0"]
        if self.password_file is not None:
            lines.append(f"password_file {self.password_file}")
        if self.tls is not None:
            lines += [
                f"cafile {self.tls.ca_file}",
                f"certfile {self.tls.server_cert_file}",
                f"keyfile {self.tls.server_key_file}",
                f"require_certificate {'true' if self.require_certificate else 'false'}",
            ]
        return "\n".join(lines) + "\n"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout_s: float = 10.0) -> None:
        """Start mosquitto and wait until it accepts TCP connections on its port."""
        if self.running:
            return
        stderr = open(self.workdir / "mosquitto.stderr", "ab")  # noqa: SIM115 - handed to the child
        try:
            self._proc = subprocess.Popen(
                [MOSQUITTO, "-c", str(self.config_file)],
                stdout=stderr,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
            )
        finally:
            stderr.close()
        deadline = time.monotonic() + timeout_s
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"mosquitto exited with {self._proc.returncode} on port {self.port}:\n{self.log_tail()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"mosquitto did not accept connections on port {self.port} within {timeout_s} s:\n{self.log_tail()}") from None
                time.sleep(0.02)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop mosquitto (SIGTERM, so it saves its database; SIGKILL after ``timeout_s``)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout_s)

    def restart(self, timeout_s: float = 10.0) -> None:
        """Stop, then start on the same port; returns once it accepts connections again."""
        self.stop(timeout_s)
        self.start(timeout_s)

    def log_tail(self, n_lines: int = 40) -> str:
        text = ""
        for path in (self.log_file, self.workdir / "mosquitto.stderr"):
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-n_lines:])

    def mqtt_config(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        client_cert: bool = False,
        **overrides: Any,
    ) -> MqttConfig:
        """A homeslm :class:`MqttConfig` for this broker (TLS with the test CA when it has TLS).

        ``username`` defaults to the first configured user (and its password); ``client_cert``
        adds the test client certificate. ``overrides`` set any other ``MqttConfig`` field.
        """
        if username is None and self.users:
            username = next(iter(self.users))
        if password is None and username is not None:
            password = self.users.get(username)
        tls: TlsConfig | None = None
        if self.tls is not None:
            tls = TlsConfig(
                ca_file=self.tls.ca_file,
                cert_file=self.tls.client_cert_file if client_cert else None,
                key_file=self.tls.client_key_file if client_cert else None,
            )
        fields: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "username": username,
            "password": password,
            "tls": tls,
            "reconnect_min_s": 0.2,
            "reconnect_max_s": 1.0,
        }
        fields.update(overrides)
        return MqttConfig(**fields)

    def configure_paho(self, client: paho.Client, *, username: str | None = None, password: str | None = None) -> None:
        """Set credentials and TLS (with the client certificate) on a plain paho client."""
        if username is None and self.users:
            username = next(iter(self.users))
        if username is not None:
            client.username_pw_set(username, password if password is not None else self.users.get(username))
        if self.tls is not None:
            client.tls_set(ca_certs=self.tls.ca_file, certfile=self.tls.client_cert_file, keyfile=self.tls.client_key_file)


def _current_user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


@pytest.fixture(autouse=True)
def _private_state_directory(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Daemons started by tests (in-process or as child processes) keep their state (timers) in a
    temporary folder, never in the user's ``~/.local/state/homeslm``; a test may set its own."""
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path_factory.mktemp("state")))


@pytest.fixture(scope="session")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> TlsMaterial:
    return make_tls_material(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def tls_material_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], TlsMaterial]:
    """``tls_material_factory()`` makes another, unrelated PKI (for "unknown CA" tests)."""
    return lambda: make_tls_material(tmp_path_factory.mktemp("pki-other"))


@pytest.fixture(scope="session")
def mosquitto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MosquittoBroker]:
    """The shared broker: started once per test session on 127.0.0.1 and a free port."""
    broker = MosquittoBroker(tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def mosquitto_factory(tmp_path_factory: pytest.TempPathFactory, tls_material: TlsMaterial) -> Iterator[Callable[..., MosquittoBroker]]:
    """Start extra brokers: ``mosquitto_factory(users={...}, tls=True, require_certificate=False,
    persistence=True, start=True)``; all are stopped after the test."""
    brokers: list[MosquittoBroker] = []

    def make(
        *,
        users: Mapping[str, str] | None = None,
        tls: bool = False,
        require_certificate: bool = False,
        persistence: bool = True,
        start: bool = True,
    ) -> MosquittoBroker:
        broker = MosquittoBroker(
            tmp_path_factory.mktemp("mosquitto-extra"),
            users=users,
            tls=tls_material if tls else None,
            require_certificate=require_certificate,
            persistence=persistence,
        )
        brokers.append(broker)
        if start:
            broker.start()
        return broker

    try:
        yield make
    finally:
        for broker in brokers:
            broker.stop()


# --------------------------------------------------------------------------------------------
# Recorder
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedMessage:
    topic: str
    payload: bytes
    retain: bool
    qos: int
    received_at: float = field(compare=False)
    """``time.monotonic()`` when the recorder got it."""

    @property
    def text(self) -> str:
        return self.payload.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.payload)


class MqttRecorder:
    """A plain paho client subscribed to ``#`` that records every message it receives.

    Its session is persistent (MQTT 5 session expiry), so messages published while it is
    reconnecting after a broker restart are queued by the broker, not lost.
    """

    def __init__(self, broker: MosquittoBroker, *, username: str | None = None, password: str | None = None, topic_filter: str = "#") -> None:
        self.broker = broker
        self.topic_filter = topic_filter
        self._cond = threading.Condition()
        self._messages: list[RecordedMessage] = []
        self._subscribed = False
        self._client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"recorder-{uuid.uuid4().hex[:12]}",
            protocol=paho.MQTTv5,
        )
        broker.configure_paho(self._client, username=username, password=password)
        self._client.reconnect_delay_set(0.05, 0.5)  # type: ignore[arg-type]  # floats work
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    def start(self, timeout_s: float = 10.0) -> None:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 3600
        self._client.connect_async(self.broker.host, self.broker.port, keepalive=30, clean_start=False, properties=props)
        self._client.loop_start()
        self.wait_subscribed(timeout_s)

    def stop(self) -> None:
        props = Properties(PacketTypes.DISCONNECT)
        props.SessionExpiryInterval = 0  # drop the session on the broker
        self._client.disconnect(properties=props)
        self._client.loop_stop()

    def _on_connect(self, client: paho.Client, userdata: Any, flags: paho.ConnectFlags, reason: ReasonCode, properties: Properties | None) -> None:
        if reason.is_failure:
            return
        if flags.session_present:
            with self._cond:
                self._subscribed = True
                self._cond.notify_all()
        else:
            client.subscribe(self.topic_filter, qos=2)

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: paho.DisconnectFlags, reason: ReasonCode, properties: Properties | None) -> None:
        with self._cond:
            self._subscribed = False

    def _on_subscribe(self, client: paho.Client, userdata: Any, mid: int, reasons: list[ReasonCode], properties: Properties | None) -> None:
        with self._cond:
            self._subscribed = not any(r.is_failure for r in reasons)
            self._cond.notify_all()

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        recorded = RecordedMessage(message.topic, bytes(message.payload), bool(message.retain), int(message.qos), time.monotonic())
        with self._cond:
            self._messages.append(recorded)
            self._cond.notify_all()

    def wait_subscribed(self, timeout_s: float = 10.0) -> None:
        """Wait until the recorder is connected and its subscription is active."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._subscribed, timeout=timeout_s):
                pytest.fail(f"recorder did not subscribe to {self.topic_filter!r} on port {self.broker.port} within {timeout_s} s")

    def messages(self, topic_filter: str = "#") -> list[RecordedMessage]:
        """Everything recorded so far on topics matching ``topic_filter`` (MQTT wildcards), in order."""
        with self._cond:
            return [m for m in self._messages if paho.topic_matches_sub(topic_filter, m.topic)]

    def wait_for(
        self,
        topic_or_predicate: str | Callable[[RecordedMessage], bool],
        timeout_s: float = 5.0,
    ) -> RecordedMessage:
        """The first recorded message (already recorded or arriving within ``timeout_s``) on a topic
        matching the filter, or for which the predicate is true. Fails the test on timeout."""
        predicate: Callable[[RecordedMessage], bool]
        if isinstance(topic_or_predicate, str):
            topic_filter = topic_or_predicate

            def on_topic(m: RecordedMessage) -> bool:
                return paho.topic_matches_sub(topic_filter, m.topic)

            predicate = on_topic
            what = f"a message on {topic_filter!r}"
        else:
            predicate = topic_or_predicate
            what = f"a message matching {getattr(predicate, '__name__', predicate)!r}"
        found: list[RecordedMessage] = []

        def ready() -> bool:
            found[:] = [m for m in self._messages if predicate(m)][:1]
            return bool(found)

        with self._cond:
            if not self._cond.wait_for(ready, timeout=timeout_s):
                seen = ", ".join(sorted({m.topic for m in self._messages}))[:2000]
                pytest.fail(f"timed out after {timeout_s} s waiting for {what}; topics seen: {seen}")
        return found[0]

    def wait_count(self, topic_filter: str, count: int, timeout_s: float = 5.0) -> list[RecordedMessage]:
        """Wait until at least ``count`` messages matched ``topic_filter``; returns them all."""
        def enough() -> bool:
            return sum(1 for m in self._messages if paho.topic_matches_sub(topic_filter, m.topic)) >= count

        with self._cond:
            if not self._cond.wait_for(enough, timeout=timeout_s):
                got = sum(1 for m in self._messages if paho.topic_matches_sub(topic_filter, m.topic))
                pytest.fail(f"timed out after {timeout_s} s waiting for {count} messages on {topic_filter!r}; got {got}")
        return self.messages(topic_filter)

    def clear(self) -> None:
        with self._cond:
            self._messages.clear()


@pytest.fixture
def mqtt_recorder_factory() -> Iterator[Callable[..., MqttRecorder]]:
    """``mqtt_recorder_factory(broker, username=None, password=None, topic_filter="#")``: a started
    recorder on any broker (credentials/TLS taken from the broker); stopped after the test."""
    recorders: list[MqttRecorder] = []

    def make(broker: MosquittoBroker, *, username: str | None = None, password: str | None = None, topic_filter: str = "#") -> MqttRecorder:
        recorder = MqttRecorder(broker, username=username, password=password, topic_filter=topic_filter)
        recorders.append(recorder)
        recorder.start()
        return recorder

    try:
        yield make
    finally:
        for recorder in recorders:
            recorder.stop()


@pytest.fixture
def mqtt_recorder(mosquitto: MosquittoBroker, mqtt_recorder_factory: Callable[..., MqttRecorder]) -> MqttRecorder:
    """Records every message published on the shared ``mosquitto`` broker during the test
    (plus the retained messages present when it subscribed, with ``retain=True``)."""
    if not mosquitto.running:
        mosquitto.start()
    return mqtt_recorder_factory(mosquitto)
