"""The grammar: the sentences people say to a home, drawn with their labels, in pure Python.

Two users read it: the recogniser, whose language model is biased to the home with sentences drawn
here (:mod:`homeslm.voice.asr`), and training (:mod:`homeslm.training`, the only torch user), which
turns them into examples. The runtime never imports training; both import this.

:mod:`~homeslm.grammar.homes` (the homes sentences are drawn for), :mod:`~homeslm.grammar.spec` (the
actions and their slots), :mod:`~homeslm.grammar.phrases` (the words and templates, one kind of phrase
per module), :mod:`~homeslm.grammar.templates`, :mod:`~homeslm.grammar.spelling`,
:mod:`~homeslm.grammar.phrasing`, :mod:`~homeslm.grammar.single`, :mod:`~homeslm.grammar.multi` and
:mod:`~homeslm.grammar.multi_draw` (one and several commands), :mod:`~homeslm.grammar.followups`,
:mod:`~homeslm.grammar.ood` (what is not a command), :mod:`~homeslm.grammar.labels` (the notation a
sentence is labelled with), :mod:`~homeslm.grammar.data` (drawing examples and command sentences).
"""
