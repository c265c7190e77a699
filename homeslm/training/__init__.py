"""Training the intent model: the only package that uses torch (the ``train`` extra).

:mod:`~homeslm.training.command` (``homeslm train``: options, the home, the plugins' examples) and
:mod:`~homeslm.training.train` (the T5 model, the loop, conversion to CTranslate2 int8 and
validation). The sentences come from :mod:`homeslm.grammar`.
"""
