from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from training.competencies.models import EndorsementCategory
from training.core.forms import QuickChoiceField
from training.courses.models import CoursePage
from training.users.enums import AssignmentKind, Role
from training.users.models import User

from .models import Cohort
from .services import NOT_QUALIFIED, cohort_csv_check

MAX_CSV_BYTES = 1024 * 1024


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class InviteForm(forms.Form):
    rows = forms.CharField(
        label="People to invite (name, email — one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paste rows such as “Ana Silva, ana@example.org”, or upload a CSV file instead.",
    )
    file = forms.FileField(label="Or upload a CSV file", required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be a UTF-8 text (CSV) file.") from exc

    def clean(self):
        data = super().clean()
        text = data.get("file") or data.get("rows") or ""
        if "\x00" in text:
            raise forms.ValidationError("The file contains binary data; upload a CSV file.")
        if not text.strip() and not self.errors:
            raise forms.ValidationError("Paste some rows or choose a CSV file.")
        cohort_csv_check(text)  # a file csv cannot read is a form error, not a failed import
        data["text"] = text
        return data


class PairingForm(forms.Form):
    """A pairing for the cohort's members; the service checks qualification and overlap."""

    trainee = QuickChoiceField(queryset=User.objects.none())
    supervisor = QuickChoiceField(queryset=User.objects.none())
    kind = forms.ChoiceField(choices=AssignmentKind.choices, initial=AssignmentKind.INDIVIDUAL)
    starts_on = forms.DateField(
        initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    pair_anyway = forms.BooleanField(
        required=False,
        label="Pair anyway",
        help_text="Tick only after a warning that this supervision would not count.",
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = User.objects.filter(cohorts=cohort).order_by("last_name")
        self.fields["supervisor"].queryset = User.objects.with_role(Role.SUPERVISOR).order_by(
            "last_name"
        )


class EnrolForm(forms.Form):
    """Choose a published course for the whole cohort."""

    course = QuickChoiceField(queryset=None, label="Course", empty_label="Choose a course")

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")


class PairingEndForm(forms.Form):
    """Ending a pairing: today unless an (earlier or later) day is given."""

    ends_on = forms.DateField(
        label="Ends on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_ends_on(self):
        return self.cleaned_data.get("ends_on") or timezone.localdate()


@dataclass(frozen=True)
class SummaryItem:
    """One line of a form's error summary: what is wrong, the id of the field to fix, and
    whether it is a warning that can be waived rather than an error."""

    message: str
    field_id: str
    warning: bool = False


def error_summary(form, *, warning_codes=frozenset({NOT_QUALIFIED})) -> list[SummaryItem]:
    """The form's problems for the summary at its top: errors first, in the order of the
    fields (those of the whole form before any field's), then the warnings."""
    found = form.errors.as_data()
    names = [NON_FIELD_ERRORS, *(name for name in form.fields if name != NON_FIELD_ERRORS)]
    errors, warnings = [], []
    for name in names:
        field_id = form[name].id_for_label if name in form.fields else ""
        for problem in found.get(name, []):
            for message in problem.messages:
                warning = problem.code in warning_codes
                (warnings if warning else errors).append(SummaryItem(message, field_id, warning))
    return errors + warnings


# --- a trainee's endorsement application, as her coordinator records it -------------------


def _not_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("This day cannot be in the future.")
    return day


class ApplicationStartForm(forms.Form):
    category = QuickChoiceField(
        queryset=EndorsementCategory.objects.none(),
        label="Endorsement applied for",
        empty_label="Choose an endorsement",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = EndorsementCategory.objects.order_by("sort_order")


class ApplicationSubmitForm(forms.Form):
    """The day the association's online application was sent; a confirmation when the
    trainee is not yet ready to apply."""

    on = forms.DateField(label="Submitted on", widget=forms.DateInput(attrs={"type": "date"}))
    incomplete_ok = forms.BooleanField(
        required=False,
        label="I know the application is incomplete",
        help_text="Needed only when the trainee is not yet ready to apply.",
    )

    def __init__(self, *args, ready: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.ready = ready
        if ready:
            del self.fields["incomplete_ok"]

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))

    def clean(self):
        data = super().clean()
        if not self.ready and not data.get("incomplete_ok"):
            self.add_error(
                "incomplete_ok",
                "The trainee is not ready to apply: tick this box to record the submission anyway.",
            )
        return data


class ApplicationNoteForm(forms.Form):
    """A move that needs nothing but an optional note (under review, exam)."""

    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class ApplicationEndorseForm(forms.Form):
    on = forms.DateField(label="Endorsed on", widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(label="Endorsement number", max_length=50)

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))


class ApplicationReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why it was returned",
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
        help_text="The trainee sees this on her dashboard.",
    )
