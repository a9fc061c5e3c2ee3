"""One place per app declares which models hold personal data and how each is exported and erased.

A test fails when a model with a link to a user is not registered here, so a new model cannot be
forgotten.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

from .enums import Erasure


@dataclass(frozen=True)
class Retention:
    """Rows older than ATTUNE_RETENTION_DAYS[setting] days (by `date_field`) are purged daily."""

    setting: str
    date_field: str
    filters: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    # Fields linking a row to the person it is about: these rows are exported and erased.
    user_fields: tuple[str, ...]
    erasure: Erasure
    # Fields that only mention a person (who verified, who edited): the row belongs to someone
    # else and stays, linked to the pseudonymised account.
    reference_fields: tuple[str, ...] = ()
    # Fields blanked by PSEUDONYMISE (value: the replacement).
    pseudonymise: dict[str, object] = field(default_factory=dict)
    # Fields left out of the export (secrets such as MFA seeds; a file field named here is
    # left out too, so an export never carries the earlier export archives).
    export_exclude: tuple[str, ...] = ()
    # File fields whose files are included in the export and removed on erasure.
    file_fields: tuple[str, ...] = ()
    # Text fields of ANY row (e.g. audit labels) from which the person's name and email are
    # scrubbed on erasure, since such labels can mention them without linking to them.
    scrub_fields: tuple[str, ...] = ()
    # Optional custom eraser, called instead of the default for DELETE/PSEUDONYMISE.
    eraser: Callable | None = None
    retention: Retention | None = None
    # Rows of the person that someone else is working on (a log with a supervisor for review):
    # erasure would delete them, so it lists them and asks for a confirmation first.
    in_use: Callable | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label


_registry: dict[str, PersonalData] = {}


def register(
    model: type[models.Model],
    *,
    user_fields: Iterable[str],
    erasure: Erasure,
    reference_fields: Iterable[str] = (),
    pseudonymise: dict[str, object] | None = None,
    export_exclude: Iterable[str] = (),
    file_fields: Iterable[str] = (),
    scrub_fields: Iterable[str] = (),
    eraser: Callable | None = None,
    retention: Retention | None = None,
    in_use: Callable | None = None,
) -> PersonalData:
    entry = PersonalData(
        model=model,
        user_fields=tuple(user_fields),
        erasure=erasure,
        reference_fields=tuple(reference_fields),
        pseudonymise=dict(pseudonymise or {}),
        export_exclude=tuple(export_exclude),
        file_fields=tuple(file_fields),
        scrub_fields=tuple(scrub_fields),
        eraser=eraser,
        retention=retention,
        in_use=in_use,
    )
    _registry[entry.label] = entry
    return entry


def entries() -> list[PersonalData]:
    return list(_registry.values())


def entry(label: str) -> PersonalData:
    return _registry[label]


def is_registered(model: type[models.Model]) -> bool:
    return model._meta.label in _registry
