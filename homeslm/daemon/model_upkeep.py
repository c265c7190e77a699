"""The daemon's view of its intent model against the home: what it says at start and after each reload
(:mod:`homeslm.understanding.model_fit`), the retained ``homeslm/<site>/model`` message, and with ``model: {retrain:
auto}`` the background retrain (:mod:`homeslm.daemon.retrain`) and the swap of the new model.

:class:`ModelUpkeep` is driven by the daemon: :meth:`~ModelUpkeep.serving_dir` before the model is loaded,
:meth:`~ModelUpkeep.assess` once the plugins and the model are there (and after every reload),
:meth:`~ModelUpkeep.take_new_model` from the main loop when :attr:`~ModelUpkeep.new_model_ready` (the
daemon links it with :meth:`~ModelUpkeep.install`, then swaps it in between utterances), and
:meth:`~ModelUpkeep.stop` when stopping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeslm.config.model import Config, Retrain
from homeslm.errors import ModelError
from homeslm.understanding.model_fit import (
    ModelFit,
    assess_model,
    configured_model_dir,
    describe_actions,
    home_actions,
    home_record,
    missing_training_packages,
    read_metadata,
    retrain_command,
)
from homeslm.daemon.retrain import RetrainProgress, Retrainer, RetrainState, install_model, retrained_model_dir

if TYPE_CHECKING:
    from homeslm.understanding.model import IntentModel
    from homeslm.plugins import ActionRegistry

logger = logging.getLogger(__name__)


class ModelUpkeep:
    """See the module docstring.

    :param state_dir: the daemon's state directory (retrained models go to ``<state_dir>/models/retrained``).
    :param publish: publishes the retained ``homeslm/<site>/model`` payload (any thread).
    :param wake: wakes the daemon's main loop (a new model is ready to swap in).
    :param train_args: more ``homeslm train`` options for the retrain (:class:`homeslm.daemon.retrain.Retrainer`).
    """

    def __init__(self, state_dir: Path, publish: Callable[[dict[str, Any]], None], wake: Callable[[], None], *,
                 train_args: Sequence[str] = ()) -> None:
        self.state_dir = state_dir
        self._publish = publish
        self._wake = wake
        self._retrainer = Retrainer(state_dir, self._on_progress, train_args=train_args)
        self._lock = threading.Lock()
        self._fit: ModelFit | None = None
        self._progress: RetrainProgress | None = None
        self._mode = Retrain.OFF
        self._attempted: dict[str, Any] | None = None
        """The home record of the last retrain started: not started again for the same home."""
        self._new_dir: Path | None = None

    # -- start ------------------------------------------------------------------------------------------

    def serving_dir(self, config: Config) -> Path | None:
        """The model directory to load at start: with ``retrain: auto``, the model retrained for this home
        when there is one (fine-tuned from the configured model); else ``None`` (the config's model)."""
        if config.model.retrain is not Retrain.AUTO:
            return None
        return retrained_model_dir(self.state_dir, configured_model_dir(config))

    # -- assessing ----------------------------------------------------------------------------------

    def assess(self, config: Config, registry: ActionRegistry, model: IntentModel) -> ModelFit:
        """Compare the loaded model with the home; log, publish, and (``retrain: auto``) start a retrain
        when the model lacks what the home needs."""
        actions = home_actions(config, registry)
        fit = assess_model(model.model_dir, read_metadata(model.model_dir), config, actions)
        with self._lock:
            self._fit = fit
            self._mode = config.model.retrain
        auto = config.model.retrain is Retrain.AUTO
        if fit.unknown_actions:
            what = ", ".join(describe_actions(fit.unknown_actions))
            if fit.trained_for_home and not fit.changes:
                logger.warning("the intent model %s was retrained for this home but still cannot produce %s: "
                               "training could use none of the plugin's example sentences (see docs/plugins.md, "
                               "'Teaching the model a new action')", fit.model_dir, what)
            elif auto:
                logger.warning("the intent model %s cannot produce %s yet: their commands are refused or misread "
                               "until the retrain for this home is done", fit.model_dir, what)
            else:
                logger.warning("the intent model %s cannot produce %s: their commands will be refused or misread. "
                               "Retrain it for this home (%s, then model: {path: ...}) or set model: {retrain: auto} "
                               "in %s", fit.model_dir, what, retrain_command(config), config.source or "the config")
        elif fit.needs_retrain and not auto:
            logger.info("the intent model %s was trained for another home (%s); model: {retrain: auto} would "
                        "retrain it", fit.model_dir, "; ".join(fit.changes))
        if auto:
            self._maybe_retrain(config, actions, fit)
        self._publish_state()
        return fit

    def _maybe_retrain(self, config: Config, actions: Any, fit: ModelFit) -> None:
        if not fit.needs_retrain:
            return
        record = home_record(config, actions)
        missing = missing_training_packages()
        if missing:
            logger.error("%s", config.error("model.retrain", f"auto needs the train extra ({', '.join(missing)} "
                                                             "not installed): pip install 'homeslm[train]', or set "
                                                             "model: {retrain: off}; serving the model as it is"))
            with self._lock:
                self._progress = RetrainProgress(RetrainState.FAILED, f"training packages missing: {', '.join(missing)}")
            return
        if config.source is None:
            logger.warning("model.retrain: auto: this configuration was not loaded from a file, so no retrain")
            return
        if self._retrainer.running:
            logger.info("a retrain is running; the home changed meanwhile, so another follows when it is done")
            return
        if record == self._attempted:
            logger.info("not retraining again for the same home (the last retrain: %s)",
                        self._progress.message if self._progress else "none")
            return
        reason = "; ".join(fit.reasons)
        if self._retrainer.start(config, configured_model_dir(config), reason):
            self._attempted = record
            logger.info("retraining the intent model for this home in the background (%s); the current model "
                        "serves meanwhile", reason)

    # -- the retrain --------------------------------------------------------------------------------

    def _on_progress(self, progress: RetrainProgress) -> None:
        """The retrainer's reports (its thread): logged, published; a finished model is handed to the daemon."""
        with self._lock:
            self._progress = progress
        if progress.state is RetrainState.RUNNING:
            logger.info("model retrain: %s", progress.message)
        elif progress.state is RetrainState.FAILED:
            logger.error("model retrain failed, the current model keeps serving: %s", progress.message)
        else:
            logger.info("model retrain: %s; swapping in %s", progress.message, progress.model_dir)
            with self._lock:
                self._new_dir = progress.model_dir
            self._wake()
        self._publish_state()

    @property
    def new_model_ready(self) -> bool:
        return self._new_dir is not None

    def take_new_model(self, threads: int) -> IntentModel | None:
        """Load the retrained model (main thread, outside the daemon's locks: the old one still serves).
        ``None`` when it cannot be loaded (logged, reported; the directory is removed)."""
        from homeslm.understanding.model import IntentModel

        with self._lock:
            new_dir, self._new_dir = self._new_dir, None
        if new_dir is None:
            return None
        try:
            return IntentModel(new_dir, threads=threads)
        except ModelError as exc:
            logger.error("the retrained model cannot be loaded, the current model keeps serving: %s", exc)
            with self._lock:
                self._progress = RetrainProgress(RetrainState.FAILED, f"the retrained model cannot be loaded: {exc}")
            self._publish_state()
            return None

    def install(self, model: IntentModel) -> None:
        """Make the retrained ``model`` the one served after a restart (an atomic link), before the daemon
        swaps it in; a link that cannot be written is logged (the model then serves until the restart)."""
        try:
            install_model(self.state_dir, model.model_dir)
        except OSError as exc:
            logger.error("could not make %s the model served after a restart (%s); it serves until then",
                         model.model_dir, exc)

    def stop(self) -> None:
        self._retrainer.stop()

    # -- the retained message -------------------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        """``homeslm/<site>/model``: the model's fit (:meth:`homeslm.understanding.model_fit.ModelFit.to_dict`), the
        ``retrain`` setting and the last retrain's progress (``null`` when none ran)."""
        with self._lock:
            fit, progress, mode = self._fit, self._progress, self._mode
        out: dict[str, Any] = fit.to_dict() if fit is not None else {}
        out["retrain_mode"] = mode.value
        out["retrain"] = progress.to_dict() if progress is not None else None
        return out

    def _publish_state(self) -> None:
        try:
            self._publish(self.payload())
        except Exception:  # boundary: one publication
            logger.exception("could not publish the model's state")
