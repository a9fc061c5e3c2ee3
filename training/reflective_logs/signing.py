"""The canonical content a supervisor signs, and its SHA-256."""

import hashlib
import json

from .models import SECTION_FIELDS, Addendum, ReflectiveLog, SupervisionSession


def canonical_json(data: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same content always gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_of(data: dict) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def log_signed_content(log: ReflectiveLog, competency_ids: list[int] | None = None) -> dict:
    """Everything the signature vouches for: the session, every section and the tags.

    The tags come from `competency_ids` when the caller has them (bulk generation), else from
    `log.competencies.all()`, which uses a prefetch when there is one.
    """
    session = log.session
    if competency_ids is None:
        competency_ids = [competency.pk for competency in log.competencies.all()]
    return {
        "log": log.pk,
        "trainee": log.trainee_id,
        "version": log.version,
        "session": {
            "id": session.pk,
            "held_on": session.held_on.isoformat(),
            "minutes": session.minutes,
            "format": session.format,
            "modality": session.modality,
            "provider": session.provider_id,
            "peer": session.is_peer,
        },
        "sections": {name: getattr(log, name) for name in SECTION_FIELDS},
        "competencies": sorted(competency_ids),
        "about_providing_rsc": log.about_providing_rsc,
    }


def log_hash(log: ReflectiveLog) -> str:
    return sha256_of(log_signed_content(log))


def addendum_content(addendum: Addendum) -> dict:
    return {
        "addendum": addendum.pk,
        "log": addendum.log_id,
        "author": addendum.author_id,
        "created_at": addendum.created_at.isoformat(),
        "body": addendum.body,
        "signer": addendum.signer_id,
    }


def addendum_hash(addendum: Addendum) -> str:
    return sha256_of(addendum_content(addendum))


def attendance_content(session: SupervisionSession, minutes_by_trainee: dict[int, int]) -> dict:
    """What an attendance sign-off vouches for: the session and each attendee's minutes."""
    return {
        "session": {
            "id": session.pk,
            "held_on": session.held_on.isoformat(),
            "minutes": session.minutes,
            "format": session.format,
            "modality": session.modality,
            "provider": session.provider_id,
            "peer": session.is_peer,
        },
        "attendees": [[pk, minutes_by_trainee[pk]] for pk in sorted(minutes_by_trainee)],
    }


def attendance_hash(session: SupervisionSession, minutes_by_trainee: dict[int, int]) -> str:
    return sha256_of(attendance_content(session, minutes_by_trainee))
