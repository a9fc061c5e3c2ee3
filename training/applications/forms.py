from decimal import Decimal

from django import forms
from django.utils import timezone

from training.competencies.models import EndorsementCategory
from training.records.uploads import certificate_max_bytes, certificate_validate

from .models import WORK_FIELDS, Education, ExamResult, Membership, WorkExperience

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EducationForm(forms.ModelForm):
    transcript = forms.FileField(
        required=False,
        label="Transcript",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Education
        fields = ["level", "field", "related_field", "institution", "completed_on", "transcript"]
        labels = {"level": "Degree or credential", "completed_on": "Completed on"}
        widgets = {"completed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = certificate_max_bytes() // (1024 * 1024)
        kept = " Leave empty to keep the one you uploaded." if self.instance.transcript else ""
        self.fields["transcript"].help_text = f"A PDF, PNG or JPEG of at most {megabytes} MB.{kept}"
        # Clearing is not offered: a replacement is uploaded instead.
        self.fields["transcript"].widget = forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Add a degree once you have completed it.")
        return day

    def clean_transcript(self):
        upload = self.cleaned_data.get("transcript")
        # An unchanged field gives back the stored file, which needs no check.
        if upload and hasattr(upload, "content_type"):
            certificate_validate(upload)
            return upload
        return None


class WorkExperienceForm(forms.ModelForm):
    class Meta:
        model = WorkExperience
        fields = list(WORK_FIELDS)
        labels = {
            "paid": "Paid work",
            "supervised": "I was supervised in this role",
            "families_served": "Families served",
            "age_group": "Age group served",
            "duties": "Your duties",
        }
        help_texts = {
            "hours_per_week": "Between 0.5 and 80.",
            "families_served": "How many families you worked with in this role.",
        }
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "hours_per_week": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "80"}),
            "families_served": forms.NumberInput(attrs={"min": "0"}),
            "duties": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours is not None and not Decimal("0.5") <= hours <= Decimal(80):
            raise forms.ValidationError("Please enter between 0.5 and 80 hours a week.")
        return hours

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Add a position once it has started.")
        return day

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return cleaned


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["association", "number", "expires_on"]
        labels = {"association": "Association"}
        widgets = {"expires_on": DATE}


class AgreementAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read and accept",
        error_messages={"required": "Tick the box to say you have read and accept it."},
    )


class ReturnRecordForm(forms.Form):
    reason = forms.CharField(
        label="What the applicant should change",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant sees this and can correct the record.",
    )


class ExamResultForm(forms.ModelForm):
    passed = forms.TypedChoiceField(
        label="Result",
        choices=[("yes", "Passed"), ("no", "Not passed")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ExamResult
        fields = ["category", "taken_on", "passed", "note"]
        labels = {"category": "Endorsement", "taken_on": "Taken on"}
        widgets = {"taken_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = EndorsementCategory.objects.filter(exam_required=True)

    def clean_taken_on(self):
        day = self.cleaned_data["taken_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("An exam can be recorded once it has been taken.")
        return day
