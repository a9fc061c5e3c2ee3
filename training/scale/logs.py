"""Supervision sessions and reflective logs for a generated world, in every state.

Logs about sessions older than two months are almost all signed off; recent ones are spread
over draft, waiting, returned and signed. Signed logs get real SHA-256 sign-offs, so
`verify_signoffs` passes on generated data. Texts are short, generic and never identifying.
"""

import datetime
from collections import defaultdict

from django.db.models import F

from training.reflective_logs.enums import LogState, Modality, SessionFormat
from training.reflective_logs.ledger import ledger_link_all
from training.reflective_logs.models import ReflectiveLog, SignOff, SupervisionSession
from training.reflective_logs.signing import log_signed_content, sha256_of

from .generate import World, bulk, combine

PHRASES = (
    "We talked about a visit where the toddler kept returning to the door.",
    "I noticed how tired I felt after the session and what that told me.",
    "The parent seemed calmer once the baby was held close.",
    "My supervisor asked what the baby might have been experiencing.",
    "I wondered whether my own hurry showed up in how I spoke.",
    "We thought about the family's routines and what steadies them.",
    "Next time I will pause before offering advice.",
)
MINUTES = (45, 60, 60, 60, 90)
MODALITIES = tuple(Modality.values)
GROUP_SESSIONS_PER_SUPERVISOR = 12
RECENT_DAYS = 60


def _text(world: World) -> dict:
    rng = world.rng
    return {
        "family_story": rng.choice(PHRASES),
        "use_of_self": rng.choice(PHRASES),
        "take_forward": rng.choice(PHRASES),
    }


def _state(world: World, held_on: datetime.date) -> str:
    roll = world.rng.random()
    if (world.as_of - held_on).days > RECENT_DAYS:
        return LogState.SIGNED_OFF if roll < 0.97 else LogState.DRAFT
    for state, share in (
        (LogState.SIGNED_OFF, 0.4),
        (LogState.SUBMITTED, 0.65),
        (LogState.RETURNED, 0.75),
    ):
        if roll < share:
            return state
    return LogState.DRAFT


def _moment(day: datetime.date, days_after: int) -> datetime.datetime:
    return combine(day + datetime.timedelta(days=days_after))


def logs(world: World) -> None:
    """About 50 logs a trainee over three years: group sessions with their supervisor's other
    supervisees and individual sessions, 3 % of them peer consultation that never counts."""
    rng, span = world.rng, 3 * 365
    trainees_of: dict[int, list[int]] = defaultdict(list)
    for trainee_id, supervisor_id in world.supervisor_of.items():
        trainees_of[supervisor_id].append(trainee_id)

    # Group sessions first: one a quarter for each supervisor, attended by their supervisees.
    group_sessions, attendance = [], []
    for supervisor_id, trainee_ids in trainees_of.items():
        for n in range(GROUP_SESSIONS_PER_SUPERVISOR):
            held_on = world.as_of - datetime.timedelta(
                days=span * n // GROUP_SESSIONS_PER_SUPERVISOR + 7
            )
            group_sessions.append(
                SupervisionSession(
                    held_on=held_on,
                    minutes=90,
                    format=SessionFormat.GROUP,
                    modality=rng.choice(MODALITIES),
                    provider_id=supervisor_id,
                    recorded_by_id=supervisor_id,
                )
            )
            attendance.append(trainee_ids)
    group_sessions = bulk(SupervisionSession, group_sessions)
    link = SupervisionSession.attendees.through
    bulk(
        link,
        [
            link(supervisionsession_id=session.pk, user_id=trainee_id)
            for session, trainee_ids in zip(group_sessions, attendance, strict=True)
            for trainee_id in trainee_ids
        ],
    )

    # Individual sessions fill each trainee's record to 40-60 logs.
    plans = []  # (trainee_id, session or index into individual sessions)
    individual = []
    for session, trainee_ids in zip(group_sessions, attendance, strict=True):
        for trainee_id in trainee_ids:
            if rng.random() < 0.8:
                plans.append((trainee_id, session))
    per_trainee = defaultdict(int)
    for trainee_id, _session in plans:
        per_trainee[trainee_id] += 1
    for trainee_id in world.trainee_ids:
        for _ in range(max(0, rng.randint(40, 60) - per_trainee[trainee_id])):
            supervisor_id = world.supervisor_of[trainee_id]
            individual.append(
                SupervisionSession(
                    held_on=world.day_within(span),
                    minutes=rng.choice(MINUTES),
                    format=SessionFormat.INDIVIDUAL,
                    modality=rng.choice(MODALITIES),
                    provider_id=supervisor_id,
                    recorded_by_id=trainee_id,
                    is_peer=rng.random() < 0.03,
                )
            )
            plans.append((trainee_id, len(individual) - 1))
    individual = bulk(SupervisionSession, individual)
    plans = [(t, s if isinstance(s, SupervisionSession) else individual[s]) for t, s in plans]

    # Logs: those to be signed are written as waiting first, so their tags can still be added.
    rows, final_states = [], []
    for trainee_id, session in plans:
        state = _state(world, session.held_on)
        if session.is_peer and state in (LogState.SUBMITTED, LogState.RETURNED):
            state = LogState.KEPT  # peer consultation is kept by the trainee, never reviewed
        final_states.append(state)
        written = state not in (LogState.DRAFT, LogState.KEPT)
        rows.append(
            ReflectiveLog(
                trainee_id=trainee_id,
                session=session,
                about_providing_rsc=rng.random() < 0.05,
                state=LogState.SUBMITTED if state == LogState.SIGNED_OFF else state,
                submitted_at=_moment(session.held_on, 2) if written else None,
                return_request="Could you say more about the parent's side?"
                if state == LogState.RETURNED
                else "",
                **_text(world),
            )
        )
    created = bulk(ReflectiveLog, rows)
    kept = [log.session_id for log in created if log.state == LogState.KEPT]
    SupervisionSession.objects.filter(pk__in=kept).update(provider=None)
    tags = {log.pk: rng.sample(world.competency_ids, 2) for log in created}
    link = ReflectiveLog.competencies.through
    bulk(
        link,
        [
            link(reflectivelog_id=log_id, competency_id=competency_id)
            for log_id, ids in tags.items()
            for competency_id in ids
        ],
    )

    to_sign = [
        log
        for log, state in zip(created, final_states, strict=True)
        if state == LogState.SIGNED_OFF
    ]
    # Sign-offs first, as links of the ledger's chain: the database lets a log into
    # signed_off only once its sign-off exists.
    sign_offs = []
    for log in to_sign:
        content = log_signed_content(log, competency_ids=tags[log.pk])
        sign_offs.append(
            SignOff(
                log_id=log.pk,
                signer_id=log.session.provider_id,
                signed_at=log.submitted_at,
                version=log.version,
                sha256=sha256_of(content),
                attested=True,
            )
        )
    ledger_link_all(sign_offs, minutes_of={log.pk: log.session.minutes for log in to_sign})
    bulk(SignOff, sign_offs)
    for start in range(0, len(to_sign), 2000):
        ids = [log.pk for log in to_sign[start : start + 2000]]
        ReflectiveLog.objects.filter(pk__in=ids).update(
            state=LogState.SIGNED_OFF, signed_off_at=F("submitted_at")
        )
    world.counts["supervision sessions"] = len(group_sessions) + len(individual)
    world.counts["reflective logs"] = len(created)
    world.counts["signed-off logs"] = len(sign_offs)
