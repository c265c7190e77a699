"""Understanding: a transcript in, validated intents resolved to the home's devices and a response out.

In stream order: :mod:`~homeslm.understanding.textnorm` (normalising the words),
:mod:`~homeslm.understanding.vocab` (the words for a kind of device, shared with the grammar),
:mod:`~homeslm.understanding.lexicon` (the home's names found and tagged),
:mod:`~homeslm.understanding.tokenizer`, :mod:`~homeslm.understanding.model` (the thin CTranslate2
wrapper, which knows no devices) and :mod:`~homeslm.understanding.backend` (CTranslate2's backend
and the model's self-check), :mod:`~homeslm.understanding.notation` (the model's output read into
frames), :mod:`~homeslm.understanding.resolve` (frames to intents on configured devices, with the
safety checks), :mod:`~homeslm.understanding.confirmation` (which actions wait for a yes),
:mod:`~homeslm.understanding.responses` (what is said), and :mod:`~homeslm.understanding.understander`
(the orchestration). :mod:`~homeslm.understanding.model_fit` says whether the model knows the home.
"""
