"""Supervision sessions, the trainee's reflective logs about them, and their review trail.

Signed-off logs, sign-offs, signed addenda and audit events are locked in the database by
triggers (see migrations/0002_lock_triggers.py), not only by the services here.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .enums import AuditAction, LogState, Modality, Section, SessionFormat

SECTION_FIELDS = tuple(Section.values)


class SupervisionSession(models.Model):
    """One reflective supervision session: when, how long, how, and with whom."""

    held_on = models.DateField("date of the session")
    minutes = models.PositiveSmallIntegerField(
        "length in minutes", validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    format = models.CharField(
        max_length=12, choices=SessionFormat.choices, default=SessionFormat.INDIVIDUAL
    )
    modality = models.CharField(max_length=12, choices=Modality.choices, default=Modality.IN_PERSON)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="provided_sessions",
        verbose_name="supervisor",
        # Empty for peer consultation the trainee records: nobody facilitated or reviews it.
        null=True,
        blank=True,
    )
    is_peer = models.BooleanField(
        "peer consultation without a designated facilitator",
        default=False,
        help_text="Peer consultation never counts toward reflective supervision hours.",
    )
    # Group sessions list who attended; each attendee writes their own log.
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="attended_sessions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} session on {self.held_on:%d %b %Y}"

    @property
    def is_group(self) -> bool:
        return self.format == SessionFormat.GROUP


class ReflectiveLogQuerySet(models.QuerySet):
    def of_trainee(self, user) -> "ReflectiveLogQuerySet":
        return self.filter(trainee=user)

    def signed_off(self) -> "ReflectiveLogQuerySet":
        return self.filter(state=LogState.SIGNED_OFF)

    def counting(self) -> "ReflectiveLogQuerySet":
        """Signed-off logs whose hours count toward RSC (peer consultation never does)."""
        return self.signed_off().filter(session__is_peer=False)

    def waiting_for(self, supervisor) -> "ReflectiveLogQuerySet":
        return self.filter(state=LogState.SUBMITTED, session__provider=supervisor)


class ReflectiveLog(models.Model):
    """A trainee's own reflection on one supervision session, in their own words."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reflective_logs"
    )
    session = models.ForeignKey(SupervisionSession, on_delete=models.PROTECT, related_name="logs")
    family_story = models.TextField(Section.FAMILY_STORY.label, blank=True)
    baby_in_mind = models.TextField(Section.BABY_IN_MIND.label, blank=True)
    use_of_self = models.TextField(Section.USE_OF_SELF.label, blank=True)
    parallel_process = models.TextField(Section.PARALLEL_PROCESS.label, blank=True)
    reflective_alliance = models.TextField(Section.REFLECTIVE_ALLIANCE.label, blank=True)
    take_forward = models.TextField(Section.TAKE_FORWARD.label, blank=True)
    competencies = models.ManyToManyField(
        "competencies.Competency", blank=True, related_name="reflective_logs"
    )
    about_providing_rsc = models.BooleanField(
        "about the reflective supervision I provide to others", default=False
    )
    state = models.CharField(max_length=12, choices=LogState.choices, default=LogState.DRAFT)
    # Raised on every change of content: a save carrying an older number is refused.
    version = models.PositiveIntegerField(default=1)
    return_request = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)

    objects = ReflectiveLogQuerySet.as_manager()

    class Meta:
        ordering = ["-session__held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "session"], name="one_log_per_session"),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"Reflective log #{self.pk}"

    @property
    def is_signed_off(self) -> bool:
        return self.state == LogState.SIGNED_OFF

    def sections(self) -> list[tuple[str, str, str]]:
        """(field name, heading, text) for each section, in order."""
        return [(s.value, s.label, getattr(self, s.value)) for s in Section]

    def text(self) -> str:
        return "\n".join(getattr(self, name) for name in SECTION_FIELDS)


class LogComment(models.Model):
    """A supervisor's comment anchored to one section of a log."""

    log = models.ForeignKey(ReflectiveLog, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=24, choices=Section.choices)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.get_section_display()}"


class SignOff(models.Model):
    """The supervisor's signature: who, when, which version, and a hash of what they signed."""

    log = models.OneToOneField(ReflectiveLog, on_delete=models.PROTECT, related_name="sign_off")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    attested = models.BooleanField(default=False)
    # The ledger (ledger.py): sign-offs form one hash chain in `position` order, so a sign-off
    # removed, truncated or rewritten behind the application's back breaks every later link.
    position = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(attested=True), name="signoff_is_attested")
        ]

    def __str__(self) -> str:
        return f"Sign-off of log #{self.log_id}"


class Addendum(models.Model):
    """A correction written after sign-off; it is signed on its own and never edits the log."""

    log = models.ForeignKey(ReflectiveLog, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("correction")
    created_at = models.DateTimeField(default=timezone.now)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum #{self.pk} to log #{self.log_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class LogAuditEvent(models.Model):
    """Who did what to which log, and when. Append-only: the database refuses changes.

    The log is kept as a plain id so that deleting an unsigned draft keeps its history.
    """

    log_ref = models.PositiveBigIntegerField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField(default=timezone.now)
    # Ids and states only; never any text of the log.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} log #{self.log_ref}"


class GroupAttendance(models.Model):
    """One attendee of a group session and the minutes they were there (never more than the
    session's): the hours a signed attendance counts for them, with or without a log."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.PROTECT, related_name="attendance"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_attendance"
    )
    minutes = models.PositiveSmallIntegerField(
        "minutes attended", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["session", "trainee__last_name", "trainee__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainee"], name="one_attendance_each"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="attendance_minutes_set"),
        ]

    def __str__(self) -> str:
        return f"Attendance #{self.pk} at session #{self.session_id}"


class AttendanceSignOff(models.Model):
    """The facilitator's signature on who attended a group session and for how long.

    `sha256` covers the session's facts and every attendee's id and minutes (signing.py); once
    it exists the attendance, the attendee list and the session are locked (locks.py)."""

    session = models.OneToOneField(
        SupervisionSession, on_delete=models.PROTECT, related_name="attendance_sign_off"
    )
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    attested = models.BooleanField(default=False)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attested=True), name="attendance_signoff_is_attested"
            )
        ]

    def __str__(self) -> str:
        return f"Attendance sign-off of session #{self.session_id}"
