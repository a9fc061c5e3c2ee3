from decimal import Decimal

from django import forms
from django.utils import timezone

from training.core.forms import IdMultipleChoiceField

from .models import Competency, TrainingRecord
from .uploads import certificate_max_bytes, certificate_validate


class CompetencyChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Competency) -> str:
        return f"{obj.domain.name}: {obj.name}"


class ExternalTrainingForm(forms.ModelForm):
    competencies = CompetencyChoiceField(
        queryset=Competency.objects.in_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Knowledge and skill areas it covered",
    )
    certificate = forms.FileField(
        required=False,
        label="Certificate",
        help_text="A PDF, PNG or JPEG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = TrainingRecord
        fields = [
            "title",
            "sponsor",
            "evidence_kind",
            "starts_on",
            "completed_on",
            "hours",
            "dei",
            "about_rsc",
            "competencies",
            "certificate",
        ]
        labels = {
            "title": "Title of the training",
            "sponsor": "Who offered it",
            "evidence_kind": "Kind of training",
            "starts_on": "First day",
            "completed_on": "Last day",
            "hours": "Hours",
            "dei": "It was about diversity, equity and inclusion",
            "about_rsc": "It was about providing reflective supervision",
        }
        help_texts = {"hours": "Hours of instruction, in quarter hours (e.g. 6.5)."}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "500"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].required = True
        self.fields[
            "certificate"
        ].help_text = (
            f"A PDF, PNG or JPEG of at most {certificate_max_bytes() // (1024 * 1024)} MB."
        )

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours > Decimal(500):
            raise forms.ValidationError("Please enter at most 500 hours for one training.")
        if hours is not None and hours % Decimal("0.25"):
            raise forms.ValidationError("Please enter hours in quarter hours, e.g. 6.25.")
        return hours

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Training can be recorded once it has ended.")
        return day

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            certificate_validate(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("completed_on")
        if starts and ends and starts > ends:
            self.add_error("starts_on", "The first day must be on or before the last day.")
        return cleaned


class RejectTrainingForm(forms.Form):
    reason = forms.CharField(
        label="Why it cannot be verified",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The trainee sees this and can correct the record.",
    )
