import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Q
from django.utils import timezone

from training.competencies.models import Competency
from training.core.forms import IdChoiceField, IdMultipleChoiceField
from training.providers.models import OutsideProvider
from training.users.models import SupervisionAssignment, User

from . import deid
from .enums import SECTION_PROMPTS, Modality, Repeat, Section, SessionFormat
from .models import SECTION_FIELDS, ReflectiveLog, SupervisionSession
from .services import SERIES_LIMIT

# The rule the form states and the error that names it: one written section to submit.
SUBMIT_NEEDS_TEXT = "Write at least one section to submit; a draft can be empty."
USUAL_MINUTES = 60


class DateInput(forms.DateInput):
    input_type = "date"


class SessionFieldsMixin(forms.Form):
    held_on = forms.DateField(label="Date of the session", widget=DateInput)
    minutes = forms.IntegerField(label="Length in minutes", min_value=5, max_value=600)
    modality = forms.ChoiceField(label="How you met", choices=Modality.choices)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The session cannot be in the future.")
        return held_on


class LogForm(SessionFieldsMixin, forms.ModelForm):
    """A trainee's log; with `session` (a group session) the session fields are left out."""

    provider = IdChoiceField(
        label="Supervisor",
        queryset=User.objects.none(),
        required=False,
        help_text="Leave empty for peer consultation: nobody reviews or signs it.",
    )
    is_peer = forms.BooleanField(
        label="This was peer consultation without a designated facilitator",
        required=False,
        help_text="Peer consultation is kept in your own record, without a supervisor's review. "
        "It is worth recording but never counts toward RSC hours.",
    )
    competencies = IdMultipleChoiceField(
        label="Competencies this session touched",
        queryset=Competency.objects.select_related("domain").order_by(
            "domain__sort_order", "sort_order", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    deid_confirmed = forms.BooleanField(
        label="I have checked each highlighted detail: none of them identifies a family",
        required=False,
    )
    # What the trainee was shown when she confirmed: a confirmation covers those details only.
    deid_shown = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReflectiveLog
        fields = [*SECTION_FIELDS, "competencies", "about_providing_rsc"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in SECTION_FIELDS}
        help_texts = {section.value: SECTION_PROMPTS[section] for section in Section}

    def __init__(
        self,
        *args,
        trainee,
        session: SupervisionSession | None = None,
        submitting: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.group_session = session if session is not None and session.is_group else None
        if self.group_session:
            for name in ("held_on", "minutes", "modality", "provider", "is_peer"):
                del self.fields[name]
        else:
            supervisor_ids = SupervisionAssignment.objects.filter(trainee=trainee).values(
                "supervisor"
            )
            outside_ids = set(
                OutsideProvider.objects.filter(trainees=trainee).values_list(
                    "account_id", flat=True
                )
            )
            provider = self.fields["provider"]
            provider.queryset = User.objects.filter(
                Q(pk__in=supervisor_ids) | Q(pk__in=outside_ids), is_active=True
            )
            provider.label_from_instance = lambda user: (
                f"{user.display_name} (outside provider)"
                if user.pk in outside_ids
                else user.display_name
            )
            provider.help_text = (
                "Your supervisor, or an outside provider you added (they sign off by an emailed "
                "link). Leave empty for peer consultation: nobody reviews or signs it."
            )
            if session is not None:
                for name in ("held_on", "minutes", "modality", "provider", "is_peer"):
                    self.initial.setdefault(name, getattr(session, name))
            elif not self.instance.pk:
                # Most trainees have one supervisor at a time: choose them already.
                current = list(
                    SupervisionAssignment.objects.current()
                    .filter(trainee=trainee)
                    .values_list("supervisor", flat=True)[:2]
                )
                if len(current) == 1:
                    self.initial.setdefault("provider", current[0])
                # Today, and the length and way the trainee usually meets.
                self.initial.setdefault("held_on", timezone.localdate())
                minutes, modality = _usual_session(trainee)
                self.initial.setdefault("minutes", minutes)
                self.initial.setdefault("modality", modality)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        self.order_fields(
            ["held_on", "minutes", "modality", "provider", "is_peer", *SECTION_FIELDS]
        )

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not any(
            (cleaned.get(name) or "").strip() for name in SECTION_FIELDS
        ):
            self.add_error(None, SUBMIT_NEEDS_TEXT)
        if self.group_session:
            return cleaned
        if cleaned.get("is_peer"):
            # Peer consultation has no supervisor: whatever was chosen is not recorded.
            cleaned["provider"] = None
        elif "provider" in cleaned and cleaned["provider"] is None:
            self.add_error(
                "provider", "Choose your supervisor, or mark the session as peer consultation."
            )
        return cleaned

    def session_fields(self) -> dict | None:
        if self.group_session:
            return None
        names = ("held_on", "minutes", "modality", "provider", "is_peer")
        return {name: self.cleaned_data[name] for name in names}

    def sections(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in SECTION_FIELDS}

    def deid_confirmed_for(self, findings: list[deid.Finding]) -> bool:
        """Whether the trainee confirmed exactly these findings (not ones she was never shown,
        such as a name typed after the check)."""
        return bool(
            findings
            and self.cleaned_data.get("deid_confirmed")
            and self.cleaned_data.get("deid_shown") == findings_fingerprint(findings)
        )


def findings_fingerprint(findings: list[deid.Finding]) -> str:
    """A short digest of what the check flagged, carried by the form that shows it."""
    digest = hashlib.sha256()
    for finding in findings:
        digest.update(f"\0{finding.section}\0{finding.kind}\0{finding.text}".encode())
    return digest.hexdigest()[:32]


def _usual_session(trainee) -> tuple[int, str]:
    """The minutes and modality of the trainee's last individual session, else an hour in
    person."""
    last = (
        SupervisionSession.objects.filter(format=SessionFormat.INDIVIDUAL, logs__trainee=trainee)
        .order_by("-held_on", "-pk")
        .values_list("minutes", "modality")
        .first()
    )
    return last or (USUAL_MINUTES, Modality.IN_PERSON)


ATTESTATION = (
    "I attest that I facilitated this group reflective supervision/consultation, that these "
    "people attended it, and that the date and minutes are right."
)


class GroupSessionForm(SessionFieldsMixin):
    """A facilitator's group session, or a series of the same group: who came, and the minutes
    of anyone who came late or left early."""

    repeat = forms.ChoiceField(
        label="Does this group meet on other dates to record now?",
        choices=Repeat.choices,
        initial=Repeat.ONCE,
        required=False,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label="How many sessions, counting the first",
        min_value=1,
        max_value=SERIES_LIMIT,
        required=False,
        help_text="Each session goes on its own date and its attendance is signed on its own. "
        "Every date must already have happened.",
    )
    is_peer = forms.BooleanField(
        label="Peer consultation without a designated facilitator", required=False
    )
    attendees = IdMultipleChoiceField(
        label="Who attended", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    sign_now = forms.BooleanField(
        label="Sign the attendance now",
        required=False,
        help_text="Or save it and sign later from the session's page. Attendees' hours count "
        "once the attendance is signed, whether or not they write a log.",
    )
    attested = forms.BooleanField(label=ATTESTATION, required=False)

    def __init__(self, *args, supervisor, **kwargs):
        super().__init__(*args, **kwargs)
        trainee_ids = SupervisionAssignment.objects.filter(supervisor=supervisor).values("trainee")
        people = list(
            User.objects.filter(pk__in=trainee_ids, is_active=True).order_by(
                "last_name", "first_name", "pk"
            )
        )
        self.fields["attendees"].queryset = User.objects.filter(pk__in=[p.pk for p in people])
        self.people = people
        for person in people:
            self.fields[f"minutes_{person.pk}"] = forms.IntegerField(
                label=f"Minutes {person.display_name} attended",
                min_value=1,
                max_value=600,
                required=False,
                help_text="Only if they came late or left early.",
            )
        self.order_fields(
            ["held_on", "repeat", "count", "minutes", "modality", "is_peer", "attendees"]
        )

    def minutes_fields(self):
        return [self[f"minutes_{person.pk}"] for person in self.people]

    def clean(self):
        cleaned = super().clean()
        cleaned["repeat"] = cleaned.get("repeat") or Repeat.ONCE
        if cleaned["repeat"] != Repeat.ONCE and not cleaned.get("count"):
            self.add_error("count", "Say how many sessions to record.")
        if cleaned.get("sign_now") and not cleaned.get("attested"):
            self.add_error("attested", "Tick the attestation to sign the attendance now.")
        return cleaned

    def dates(self) -> list[datetime.date]:
        first = self.cleaned_data["held_on"]
        repeat = self.cleaned_data["repeat"]
        if repeat == Repeat.ONCE:
            return [first]
        step = relativedelta(weeks=1) if repeat == Repeat.WEEKLY else relativedelta(months=1)
        return [first + step * n for n in range(self.cleaned_data["count"])]

    def service_fields(self) -> dict:
        chosen = {person.pk for person in self.cleaned_data["attendees"]}
        own = {
            person.pk: self.cleaned_data[f"minutes_{person.pk}"]
            for person in self.people
            if person.pk in chosen and self.cleaned_data.get(f"minutes_{person.pk}")
        }
        return {
            "minutes": self.cleaned_data["minutes"],
            "modality": self.cleaned_data["modality"],
            "attendees": self.cleaned_data["attendees"],
            "is_peer": self.cleaned_data["is_peer"],
            "attendee_minutes": own,
            "sign": self.cleaned_data["sign_now"],
            "attested": self.cleaned_data["attested"],
        }


class AttendanceSignForm(forms.Form):
    """Sign a saved group session's attendance, correcting anyone's minutes first."""

    attested = forms.BooleanField(
        label=ATTESTATION,
        error_messages={"required": "Tick the attestation to sign the attendance."},
    )

    def __init__(self, *args, session: SupervisionSession, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"minutes_{row.trainee_id}"] = forms.IntegerField(
                label=f"Minutes {row.trainee.display_name} attended",
                min_value=1,
                max_value=session.minutes,
                initial=row.minutes,
            )
        self.order_fields([f"minutes_{row.trainee_id}" for row in self.rows] + ["attested"])

    def attendee_minutes(self) -> dict[int, int]:
        return {row.trainee_id: self.cleaned_data[f"minutes_{row.trainee_id}"] for row in self.rows}


class DeidConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have checked each highlighted detail: none of them identifies a family",
        required=False,
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(label="Section", choices=Section.choices)
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    request = forms.CharField(
        label="What would you like the trainee to change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class SignOffForm(forms.Form):
    attested = forms.BooleanField(
        label="I attest that this session was reflective supervision/consultation, that I "
        "provided it, and that the date and minutes are right.",
        error_messages={"required": "Tick the attestation to sign off."},
    )


class LinkSignOffForm(forms.Form):
    """Through a provider's link the button is the attestation: its words are the statement,
    so the provider signs in one press (the hidden field carries the same yes)."""

    attested = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class AddendumForm(forms.Form):
    body = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="A signed log never changes; your correction is kept beside it and signed.",
    )
