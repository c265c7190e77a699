"""Why frames cannot be executed: :class:`Refusal`, raised by the policies (:mod:`homeslm.understanding.policies`,
:mod:`homeslm.understanding.scope`) and the resolver, and turned into the ``refusal`` field and a spoken answer."""

from __future__ import annotations

from homeslm.outcomes import RefusalKind

__all__ = ["Refusal"]


class Refusal(Exception):
    """The frames cannot be executed: ``kind`` says why for machines (the ``refusal`` field), ``speech``
    says it politely for people (wyoming's ``Error(text, code)``)."""

    def __init__(self, kind: RefusalKind, speech: str) -> None:
        super().__init__(speech)
        self.kind = kind
        self.speech = speech
