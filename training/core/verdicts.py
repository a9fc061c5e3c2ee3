"""Why a piece of a trainee's evidence counted or did not: the engine's word, asked from below.

Readiness (floor 3) decides whether each reflective log counts; the log list lives in
reflective logs (floor 2), which may not import it. So readiness registers, when it starts, a
reader per kind of evidence ("rsc"); a lower page asks here for one trainee's verdicts at once
(one evidence read for the page, never one per row). With nothing registered there are no
verdicts, and a page shows none rather than guessing one.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    counted: bool
    text: str  # the engine's sentence, as the readiness page shows it


Reader = Callable[..., dict[int, Verdict]]  # (*, trainee) -> {source id: verdict}
_readers: dict[str, Reader] = {}


def register(kind: str, reader: Reader) -> None:
    _readers[kind] = reader


def verdicts_for(kind: str, *, trainee) -> dict[int, Verdict]:
    """Each item of `kind` the trainee was judged on, by id (empty when nobody decides)."""
    reader = _readers.get(kind)
    return reader(trainee=trainee) if reader else {}
