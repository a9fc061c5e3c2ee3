"""Demo reflective logs in every state for the demo trainees. Safe to run again."""

import datetime

from django.db import transaction
from django.utils import timezone

from training.competencies.models import Competency, EndorsementCategory
from training.providers.models import LinkPurpose, ProviderLink
from training.providers.services import outside_provider_add, outside_provider_verify
from training.users.models import User

from . import services
from .enums import Modality, Section
from .models import ReflectiveLog

# Written for the demo; families appear only by role or initial, as the guard asks.
REFLECTIONS = [
    {
        Section.FAMILY_STORY: "A young mother (R) is raising her first baby while her own "
        "mother is ill. She spoke quickly and kept checking her phone.",
        Section.BABY_IN_MIND: "The baby watched R's face the whole time and went quiet when "
        "she cried. I wondered whether he had learned to keep himself small.",
        Section.USE_OF_SELF: "I felt an urge to give advice and fill the silence. Naming it in "
        "supervision helped me see it was my own worry about getting it right.",
        Section.TAKE_FORWARD: "Sit with the pause next time, and comment on what the baby "
        "is doing before I say anything about what R could do.",
    },
    {
        Section.FAMILY_STORY: "A father (D) has just regained custody of his toddler after "
        "foster care. He is proud, and frightened of being judged.",
        Section.PARALLEL_PROCESS: "I came to supervision braced to be told I had done it "
        "wrong — the same bracing D shows with me. My supervisor's curiosity loosened it.",
        Section.REFLECTIVE_ALLIANCE: "It felt safe to admit I had avoided the topic of the "
        "court report. We agreed to return to it together.",
        Section.TAKE_FORWARD: "Ask D what he most wants his daughter to know about him.",
    },
    {
        Section.BABY_IN_MIND: "The twins are eight months old; one is easy to read and the "
        "other turns away. The parents talk mostly about the easy one.",
        Section.USE_OF_SELF: "I noticed I also spoke more to the smiling twin. That was "
        "humbling to see.",
        Section.TAKE_FORWARD: "Narrate the quieter twin's cues out loud during the next visit.",
    },
    {
        Section.FAMILY_STORY: "In the classroom, a three-year-old (J) bites when the room "
        "gets loud. Staff are frustrated and want a plan by Friday.",
        Section.PARALLEL_PROCESS: "The pressure for a quick fix travelled from the director "
        "to the staff to me. In supervision we slowed down first.",
        Section.TAKE_FORWARD: "Observe J at drop-off and at lunch before suggesting changes.",
    },
]
PROVIDING_RSC = {
    Section.USE_OF_SELF: "A supervisee brought a hard home visit and I felt pulled to rescue "
    "her. We looked at how that pull mirrors what she feels with the family.",
    Section.REFLECTIVE_ALLIANCE: "I am learning to hold my own not-knowing in front of "
    "supervisees; it seems to make room for theirs.",
    Section.TAKE_FORWARD: "Open next session by asking what she noticed in herself.",
}

# trainee, provider (none recorded for a kept peer consultation), days ago, minutes, state
PLAN = [
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 330, 60, "signed_off"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 270, 60, "signed_off"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 200, 90, "signed_off"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 120, 60, "signed_off"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 45, 60, "signed_off"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 30, 60, "kept"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 12, 60, "submitted"),
    ("trainee.grace@attune.example", "supervisor.amara@attune.example", 2, 50, "draft"),
    ("trainee.luis@attune.example", "supervisor.amara@attune.example", 150, 60, "signed_off"),
    ("trainee.luis@attune.example", "supervisor.amara@attune.example", 60, 60, "signed_off"),
    ("trainee.luis@attune.example", "supervisor.amara@attune.example", 9, 60, "returned"),
    ("supervisor.jonas@attune.example", "supervisor.amara@attune.example", 80, 60, "rsc"),
    ("supervisor.jonas@attune.example", "supervisor.amara@attune.example", 20, 60, "rsc"),
    ("trainee.maya@attune.example", "supervisor.jonas@attune.example", 100, 45, "signed_off"),
    ("trainee.maya@attune.example", "supervisor.jonas@attune.example", 4, 45, "submitted"),
]


def _walk(log: ReflectiveLog, state: str) -> None:
    trainee, provider = log.trainee, log.session.provider
    if state == "draft":
        return
    if state == "kept":  # peer consultation: kept in her own record, reviewed by nobody
        services.log_keep(log_id=log.pk, trainee=trainee, deid_confirmed=True)
        return
    services.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    if state == "returned":
        services.log_comment(
            log_id=log.pk,
            reviewer=provider,
            section=Section.USE_OF_SELF,
            body="What did you notice in your body when the father raised his voice?",
        )
        services.log_return(
            log_id=log.pk,
            reviewer=provider,
            request="Could you add a line on where the baby was in all this?",
        )
    elif state in ("signed_off", "rsc"):
        services.log_sign_off(log_id=log.pk, reviewer=provider, attested=True)


@transaction.atomic
def seed_logs() -> int:
    """Logs for the demo trainees, walked through the real services. Returns how many were made."""
    people = {u.email: u for u in User.objects.filter(is_demo=True)}
    if not people or ReflectiveLog.objects.filter(trainee__is_demo=True).exists():
        return 0
    today = timezone.localdate()
    tags = list(Competency.objects.order_by("pk")[:12])
    made = 0
    for i, (trainee_email, provider_email, days_ago, minutes, state) in enumerate(PLAN):
        trainee, provider = people.get(trainee_email), people.get(provider_email)
        if trainee is None or provider is None:
            continue
        sections = PROVIDING_RSC if state == "rsc" else REFLECTIONS[i % len(REFLECTIONS)]
        log = services.log_create(
            trainee=trainee,
            session_fields={
                "held_on": today - datetime.timedelta(days=days_ago),
                "minutes": minutes,
                "modality": (Modality.VIDEO, Modality.IN_PERSON)[i % 2],
                "provider": provider,
                "is_peer": state == "kept",
            },
            sections={str(k): v for k, v in sections.items()},
            competencies=tags[i % 4 * 3 : i % 4 * 3 + 2],
            about_providing_rsc=state == "rsc",
        )
        _walk(log, state)
        made += 1
    made += _seed_group_session(people, today)
    made += _seed_outside_provider(people, today)
    # The oldest waiting log is past the review limit, so the queue shows an overdue one.
    waiting = ReflectiveLog.objects.filter(trainee__is_demo=True, state="submitted")
    oldest = waiting.order_by("session__held_on").first()
    if oldest is not None:
        oldest_submitted = timezone.now() - datetime.timedelta(days=10)
        waiting.filter(pk=oldest.pk).update(submitted_at=oldest_submitted)
    return made


def _seed_group_session(people: dict, today: datetime.date) -> int:
    provider = people.get("supervisor.jonas@attune.example")
    attendees = [
        people[e]
        for e in ("trainee.maya@attune.example", "trainee.sam@attune.example")
        if e in people
    ]
    if provider is None or not attendees:
        return 0
    session = services.session_record_group(
        provider=provider,
        held_on=today - datetime.timedelta(days=21),
        minutes=90,
        modality=Modality.VIDEO,
        attendees=attendees,
    )
    maya = attendees[0]
    log = services.log_create(
        trainee=maya,
        session=session,
        sections={
            Section.REFLECTIVE_ALLIANCE.value: "Hearing a colleague describe the same "
            "helplessness I feel made it easier to say it aloud.",
            Section.TAKE_FORWARD.value: "Bring the drop-off observations to the next group.",
        },
    )
    services.log_submit(log_id=log.pk, trainee=maya, deid_confirmed=True)
    services.log_sign_off(log_id=log.pk, reviewer=provider, attested=True)
    return 1


def _seed_outside_provider(people: dict, today: datetime.date) -> int:
    """Sam's earlier supervisor, who has no account: one log signed through the emailed link
    (her credential checked by the coordinator), and one waiting for her."""
    sam, coordinator = (
        people.get("trainee.sam@attune.example"),
        people.get("coordinator@attune.example"),
    )
    if sam is None or coordinator is None:
        return 0
    provider, _ = outside_provider_add(
        trainee=sam,
        added_by=sam,
        first_name="Teresa",
        last_name="Lindqvist",
        email="teresa.lindqvist@elsewhere.example",
        category=EndorsementCategory.objects.filter(code="IMHM-C").first(),
        vetted=False,
        endorsement_number="IMH-2093",
        association="the state infant mental health association",
    )
    outside_provider_verify(
        provider_id=provider.pk, coordinator=coordinator, checked_on=today, starts_on=None
    )
    made = 0
    for days_ago, sign in ((75, True), (6, False)):
        log = services.log_create(
            trainee=sam,
            session_fields={
                "held_on": today - datetime.timedelta(days=days_ago),
                "minutes": 60,
                "modality": Modality.PHONE,
                "provider": provider.account,
                "is_peer": False,
            },
            sections={str(k): v for k, v in REFLECTIONS[made + 1].items()},
        )
        services.log_submit(log_id=log.pk, trainee=sam, deid_confirmed=True)
        if sign:
            link = ProviderLink.objects.get(
                purpose=LinkPurpose.LOG_REVIEW, target_id=log.pk, used_at__isnull=True
            )
            services.log_sign_off(
                log_id=log.pk, reviewer=provider.account, attested=True, link=link
            )
        made += 1
    return made
