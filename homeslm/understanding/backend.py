"""CTranslate2's CPU backend on a host that denies write+execute memory, and the model's self-check.

Why this exists (measured, see docs/service.md "MemoryDenyWriteExecute="): on x86-64, CTranslate2
multiplies matrices with Intel MKL on Intel CPUs and with oneDNN elsewhere (AMD CPUs, or
``CT2_USE_MKL=0``). oneDNN generates its kernels at run time (a JIT), which needs memory that is first
writable and then executable. Under systemd's ``MemoryDenyWriteExecute=yes`` (or the kernel's
``PR_SET_MDWE``) that memory is refused, and CTranslate2 does not fail: it writes garbage
(``'itch lock F aquarium ...'`` for "turn on the kitchen light"), so every command would be
"not understood". That held for every ISA CTranslate2 can be forced to (``CT2_FORCE_CPU_ISA`` GENERIC,
AVX, AVX2, AVX512) and every oneDNN ISA cap; MKL needs no write+execute memory at any of them.
ARM64 wheels use ruy and OpenBLAS, which generate no code.

So homeslm (1) on x86-64, when write+execute memory is denied and the user has not chosen a backend
with ``CT2_USE_MKL``, selects MKL before CTranslate2 picks one, and (2) checks every model it loads on
the sentences its training recorded (``self_check`` in ``homeslm.json``) and refuses to serve a model
that answers them differently, with a message that names the likely cause. Never silent garbage.
"""

from __future__ import annotations

import logging
import mmap
import os
import platform
from collections.abc import Mapping, MutableMapping

logger = logging.getLogger(__name__)

BACKEND_ENV = "CT2_USE_MKL"
"""CTranslate2's own switch: ``1`` forces Intel MKL, ``0`` forbids it (oneDNN on x86-64)."""

_X86_64 = ("x86_64", "amd64")


def write_execute_denied() -> bool:
    """True when this process may not map memory writable and executable at once.

    That is what both forms of systemd's ``MemoryDenyWriteExecute=`` (a seccomp filter, EPERM; the
    kernel's ``PR_SET_MDWE``, EACCES) and SELinux's ``execmem`` denial refuse; a JIT is refused with it.
    """
    try:
        probe = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except OSError:
        return True
    probe.close()
    return False


def choose_backend(environ: MutableMapping[str, str] | None = None, *, machine: str | None = None,
                   denied: bool | None = None) -> str | None:
    """Select Intel MKL when oneDNN's JIT could not run; return why, or None when nothing was changed.

    Call before the first CTranslate2 model is created (CTranslate2 reads ``CT2_USE_MKL`` then). A
    ``CT2_USE_MKL`` the user set is kept: the self-check then tells whether that choice works here.
    """
    env = os.environ if environ is None else environ
    arch = (machine or platform.machine()).lower()
    if arch not in _X86_64 or BACKEND_ENV in env:
        return None
    if not (write_execute_denied() if denied is None else denied):
        return None
    env[BACKEND_ENV] = "1"
    reason = ("write+execute memory is denied (MemoryDenyWriteExecute=yes?): CTranslate2 uses Intel MKL, "
              "as its oneDNN backend would need it for its JIT")
    logger.info("%s", reason)
    return reason


def describe_backend(environ: Mapping[str, str] | None = None) -> str:
    """One line for logs and errors: the CPU, the backend switch and whether W+X memory is denied."""
    env = os.environ if environ is None else environ
    choice = env.get(BACKEND_ENV)
    backend = {"1": "Intel MKL (CT2_USE_MKL=1)", "0": "oneDNN (CT2_USE_MKL=0)"}.get(
        choice or "", "CTranslate2's default (MKL on Intel, oneDNN on other x86-64, ruy on ARM64)")
    wx = "denied" if write_execute_denied() else "allowed"
    return f"{platform.machine()} CPU, backend {backend}, write+execute memory {wx}"


def self_check_failure(model_dir: str, mismatches: list[tuple[str, str, str]]) -> str:
    """The message of a model that answers its recorded check sentences differently."""
    source, expected, got = mismatches[0]
    hint = ""
    if write_execute_denied() and os.environ.get(BACKEND_ENV) != "1" and platform.machine().lower() in _X86_64:
        hint = (" Write+execute memory is denied here (MemoryDenyWriteExecute=yes in the unit?) and CTranslate2 "
                "is not using Intel MKL: its oneDNN backend cannot run without it. Remove CT2_USE_MKL=0 from the "
                "environment (homeslm then selects MKL) or remove MemoryDenyWriteExecute=yes.")
    elif write_execute_denied():
        hint = " Write+execute memory is denied here: try again without MemoryDenyWriteExecute=yes."
    return (f"{model_dir}: the intent model failed its self-check ({len(mismatches)} of its check sentences answered "
            f"differently): for {source!r} it wrote {got[:80]!r} where its training recorded {expected!r}. "
            f"Refusing to serve a model whose output cannot be trusted ({describe_backend()}).{hint}")
