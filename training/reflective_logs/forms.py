from django import forms
from django.db.models import Q
from django.utils import timezone

from training.competencies.models import Competency
from training.core.forms import IdChoiceField, IdMultipleChoiceField
from training.providers.models import OutsideProvider
from training.users.models import SupervisionAssignment, User

from .enums import SECTION_PROMPTS, Modality, Section
from .models import SECTION_FIELDS, ReflectiveLog, SupervisionSession


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

    class Meta:
        model = ReflectiveLog
        fields = [*SECTION_FIELDS, "competencies", "about_providing_rsc"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in SECTION_FIELDS}
        help_texts = {section.value: SECTION_PROMPTS[section] for section in Section}

    def __init__(self, *args, trainee, session: SupervisionSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
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
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        self.order_fields(
            ["held_on", "minutes", "modality", "provider", "is_peer", *SECTION_FIELDS]
        )

    def clean(self):
        cleaned = super().clean()
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


class GroupSessionForm(SessionFieldsMixin):
    is_peer = forms.BooleanField(
        label="Peer consultation without a designated facilitator", required=False
    )
    attendees = IdMultipleChoiceField(
        label="Who attended", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, supervisor, **kwargs):
        super().__init__(*args, **kwargs)
        trainee_ids = SupervisionAssignment.objects.filter(supervisor=supervisor).values("trainee")
        self.fields["attendees"].queryset = User.objects.filter(pk__in=trainee_ids, is_active=True)


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
