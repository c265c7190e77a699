"""The plugin hooks of homeslm (docs/DESIGN.md section 5): markers and specifications.

A plugin is a module (or any object) whose functions are decorated with :data:`hookimpl`; it
implements any subset of the hooks below. A hook implementation takes only the arguments it needs,
by name, so specs can grow without breaking plugins.

homeslm calls every hook **once per plugin, inside its own error boundary** (see
:mod:`homeslm.plugins`): an exception from one plugin is logged with the plugin's name and never
reaches another plugin or stops the daemon. Hooks marked ``firstresult`` stop at the first plugin
that returns something other than ``None``.

Add new hooks here with a docstring of the same shape (when it is called, ``:param:`` per argument,
what to return, what raising does), a ``test_hook_<name>`` test in ``tests/plugins/test_plugins.py`` and a
section in ``docs/plugins.md``; ``tests/plugins/test_plugins.py`` fails otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import pluggy

if TYPE_CHECKING:
    from homeslm.config.model import Config
    from homeslm.errors import ConfigError
    from homeslm.plugins import PluginContext

#: Project name of the markers; also the entry-point group of third-party plugins.
PROJECT = "homeslm"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_actions(register: Callable[..., None], config: Config, settings: dict[str, Any],
                     report_problem: Callable[[ConfigError | str], None]) -> None:
    """Declare the device types this plugin drives and the actions it supports for each.

    Called once per plugin when the action registry is built (daemon start-up, ``homeslm plugins``,
    ``homeslm check-config``), before ``daemon_started``. Nothing may be published from here.

    Call ``register(device_type_or_domain, action, handler, examples=())`` once per supported pair:

    - ``device_type_or_domain``: a device type of docs/DESIGN.md section 2 (``light``, ``switch``, ...),
      whose handlers get the configured device; or a device-less domain (``timer``), whose handlers
      get ``device=None``.
    - ``action``: one of :data:`homeslm.ACTIONS`, or a new action name (``[a-z][a-z0-9_]*``) that then
      needs ``examples`` (at least once across all registrations) so the intent model learns it.
    - ``handler``: a callable that receives, by parameter name, any of ``intent``, ``device``,
      ``mqtt``, ``settings``, ``config``, ``announce``, ``state``, ``area`` (the room the command was
      said in: the satellite's or the daemon's ``area``, or the room sent with the command; ``None``
      when none is configured) and returns an :class:`homeslm.ActionResult`.
    - ``examples``: sentences for the model trainer: each a string or ``(string, fields)``; the
      string may contain ``{device}``, ``{area}``, ``{floor}`` and ``{value}``; ``fields`` may give
      ``value`` (a fixed value, or a list of sample values to put in ``{value}``) and ``unit``.

    :param register: the registration function described above; it raises
        :class:`homeslm.PluginError` naming this plugin when it refuses an input (unknown device type,
        handler not callable or asking for an unknown parameter, duplicate, new action without
        examples, malformed example).
    :param config: the whole :class:`homeslm.Config` (devices, areas, site).
    :param settings: this plugin's settings block (``plugins: {<name>: {...}}`` in the config),
        ``{}`` when the config has none. Validate it here and raise
        ``config.error("plugins.<name>.<key>", "expected ...")`` (a :class:`homeslm.ConfigError`
        with the file and line) when it is wrong.
    :param report_problem: call it with a :class:`homeslm.ConfigError` (made with
        ``config.error("devices[3].options.actions", "device 'lamp': expected ...")``, so it names the
        file and line) or a message, once per configuration problem that does not stop the plugin,
        such as one device's bad options. The plugin stays loaded and drives its other devices; the
        daemon logs the problem at ERROR, and ``homeslm check-config`` prints it and fails (exit 2).
        A plugin that does not ask for it is unaffected (hook implementations take only what they need).
    :return: nothing.

    Raising (for instance on invalid settings) logs the error, drops everything this plugin
    registered and leaves the plugin out of the registry; other plugins are unaffected
    (``homeslm check-config`` reports it as an error). To flag one device's configuration and keep
    driving the others, call ``report_problem`` instead of raising.
    """


@hookspec
def daemon_started(context: PluginContext) -> None:
    """React to the daemon having started: subscribe to device state, start background work.

    Called once per plugin (through ``ActionRegistry.daemon_started()``) after the MQTT client was
    started (it may still be connecting: the client queues and renews subscriptions) and before the
    first intent is executed, by the daemon and by one-shot commands that execute intents.

    :param context: this plugin's :class:`homeslm.plugins.PluginContext`: ``plugin`` (its name),
        ``config``, ``settings`` (its settings block), ``mqtt`` (the
        :class:`homeslm.mqtt.MqttClient`, or ``None`` when running without a broker), ``state``
        (its :class:`homeslm.plugins.StateCache`, the same object its handlers receive),
        ``announce`` (speak and publish a message later) and ``state_dir`` (where to keep files
        across restarts and reloads, ``None`` outside the daemon).
    :return: nothing; return quickly (start a thread for long work).

    Raising is logged with the plugin's name; the daemon and the other plugins go on, and this
    plugin's handlers are still called (they should cope with missing state).
    """


@hookspec
def daemon_stopping(context: PluginContext) -> None:
    """Stop background work: cancel timers, stop threads, flush what must be flushed.

    Called once per plugin when the daemon stops (SIGTERM, Ctrl-C, end of a one-shot command),
    while the MQTT client is still connected, in the reverse order of ``daemon_started``.

    :param context: the same :class:`homeslm.plugins.PluginContext` ``daemon_started`` received.
    :return: nothing; return within a second or two.

    Raising is logged with the plugin's name; the other plugins are still stopped.
    """


@hookspec(firstresult=True)
def speak(text: str) -> bool | None:
    """Say ``text`` aloud (text to speech).

    Called for every response the daemon speaks (answers, refusals, timer announcements), from the
    thread that produced it; the call may block until the text has been spoken. Plugins are asked
    in turn (last registered first) until one returns ``True``.

    :param text: one or a few plain-English sentences, no markup.
    :return: ``True`` when this plugin spoke the text; ``None`` (or ``False``) to let the next
        plugin try, e.g. when its engine is not installed.

    Raising is logged with the plugin's name and counts as not spoken; the next plugin is tried.
    """


@hookspec(firstresult=True)
def synthesize_speech(text: str) -> bytes | None:
    """Text to speech as a WAV file in memory, for an answer played somewhere else than here (a Hermes
    satellite's loudspeaker, sent as ``hermes/audioServer/<siteId>/playBytes/<requestId>``).

    Called on the daemon's Hermes audio thread for each answer to a satellite; plugins are asked in turn
    (last registered first) until one returns bytes. Keep it to a few seconds: answers to every satellite
    wait for it.

    :param text: one or a few plain-English sentences, no markup (already clipped to 300 characters).
    :return: a complete WAV file (RIFF header, 16-bit PCM, any rate, mono preferred); ``None`` to let the
        next plugin try, e.g. when its engine is not installed. When no plugin returns one, the satellite
        gets the answer only as text on ``hermes/tts/say``.

    Raising is logged with the plugin's name and counts as no audio; the next plugin is tried.
    """


@hookspec
def register_recognizers(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    """Declare the speech recognisers this plugin provides, by name, for ``voice.recognizer``.

    Called once per plugin when the voice front end is built (``homeslm run``, ``homeslm transcribe``)
    and when ``homeslm plugins`` lists what is available. Only declare here: load nothing (models are
    loaded by the factory, and only for the recogniser the config names).

    Call ``register(name, factory, description="")`` once per recogniser:

    - ``name``: what ``voice.recognizer`` says to choose it (``[a-z][a-z0-9_-]*``, unique across
      plugins; the built-ins are ``whisper``, ``pocketsphinx`` and ``vosk``).
    - ``factory``: a callable that receives, by parameter name, any of ``config`` (the
      :class:`homeslm.Config`), ``voice`` (the :class:`homeslm.VoiceSettings` of the
      ``voice:`` section), ``settings`` (this plugin's settings block), ``phrases`` (the home's names:
      devices, aliases, areas, floors; lower case), ``sentences`` (spoken command sentences of
      this home for biasing a language model; made only when asked for) and ``shared`` (a
      :class:`homeslm.SharedModels`: the factory keeps its loaded model there, ``shared.get(key, load)``
      with a key naming everything that changes the loaded model, and every recogniser built with the
      same cache gets the same object; a hub builds one recogniser per Hermes satellite with one cache,
      so its satellites hold one model; keep there only what is safe to use from several threads at
      once, the utterance's state stays in the recogniser; a factory that does not ask for it loads
      its own model each time), and returns a new
      :class:`homeslm.Recognizer` (16 kHz mono int16 in, :class:`homeslm.Partial` and
      :class:`homeslm.Transcript` out). It may raise :class:`homeslm.HomeslmError` (for instance
      :class:`homeslm.AudioError` for a missing model) with a message that says what to do.
    - ``description``: one line for ``homeslm plugins``.

    :param register: the registration function described above; it raises
        :class:`homeslm.PluginError` naming this plugin when it refuses an input (bad name, name
        already taken, factory not callable or asking for an unknown parameter).
    :param config: the whole :class:`homeslm.Config`.
    :param settings: this plugin's settings block (``plugins: {<name>: {...}}``), ``{}`` when absent.
    :return: nothing.

    Raising logs the error and leaves out everything this plugin registered here; the other
    plugins' recognisers are unaffected. A factory that raises stops the voice front end from
    starting (the daemon logs why and goes on with MQTT commands).
    """


@hookspec
def register_wake_engines(register: Callable[..., None], config: Config, settings: dict[str, Any]) -> None:
    """Declare the wake engines this plugin provides, by name, for ``voice.wake_engine``.

    Called like ``register_recognizers``: when the voice front end is built and when ``homeslm
    plugins`` lists what is available. Only declare here: load nothing.

    Call ``register(name, factory, description="")`` once per wake engine:

    - ``name``: what ``voice.wake_engine`` says to choose it (``[a-z][a-z0-9_-]*``, unique across
      plugins; the built-in is ``pocketsphinx``, keyword spotting of ``voice.wake_phrase``).
    - ``factory``: a callable that receives, by parameter name, any of ``phrase`` (``voice.wake_phrase``),
      ``sensitivity`` (``voice.wake_sensitivity``, 0..1: higher hears the wake phrase more readily),
      ``threshold`` (``voice.wake_threshold``, an engine-specific override, or ``None``), ``config``,
      ``voice`` (the :class:`homeslm.VoiceSettings`), ``settings`` (this plugin's settings
      block) and ``shared`` (a :class:`homeslm.SharedModels`, as for recognisers: a hub's satellites'
      wake engines get one cache), and returns a new :class:`homeslm.WakeDetector`: ``process(samples) -> bool`` is fed the
      16 kHz mono int16 stream between utterances and returns ``True`` when the wake phrase (or
      sound) was just heard; ``reset()`` forgets the audio heard so far. It may raise
      :class:`homeslm.HomeslmError` with a message that says what to do. It is not called when
      ``voice.wake_phrase`` is ``null`` (push-to-talk and follow-ups only).
    - ``description``: one line for ``homeslm plugins``.

    :param register: the registration function described above; it raises
        :class:`homeslm.PluginError` naming this plugin when it refuses an input.
    :param config: the whole :class:`homeslm.Config`.
    :param settings: this plugin's settings block, ``{}`` when absent.
    :return: nothing.

    Raising logs the error and leaves out everything this plugin registered here; the other
    plugins' wake engines are unaffected. A factory that raises stops the voice front end from
    starting (the daemon logs why and goes on with MQTT commands).
    """
