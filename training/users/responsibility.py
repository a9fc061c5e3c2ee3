"""Who is responsible for whom: relations other apps own, asked about from the floors below.

An app that owns such a relation (cohorts: a coordinator and the trainees of her cohorts)
registers a predicate when it starts; an app on a lower floor (privacy's erasure) asks here, so
it never imports the app that owns the relation. With nothing registered nobody is responsible
for anybody, so a missing app can only refuse, never allow.
"""

from collections.abc import Callable

Predicate = Callable[[object, object], bool]
_predicates: list[Predicate] = []


def register(predicate: Predicate) -> None:
    if predicate not in _predicates:
        _predicates.append(predicate)


def user_is_responsible_for(actor, subject) -> bool:
    """Whether any registered relation makes `actor` responsible for `subject`."""
    return any(predicate(actor, subject) for predicate in _predicates)
