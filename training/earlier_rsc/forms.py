from django import forms
from django.utils import timezone

from training.core.forms import IdChoiceField
from training.records.uploads import certificate_max_bytes

from .enums import EarlierFormat, Population


class DateInput(forms.DateInput):
    input_type = "date"


class EarlierRscForm(forms.Form):
    provider = IdChoiceField(
        label="Who provided it",
        queryset=None,
        help_text="A supervisor you were paired with in Attune, or one of your outside "
        "providers. Not listed? Add them as an outside provider first.",
    )
    starts_on = forms.DateField(label="First session", widget=DateInput)
    ends_on = forms.DateField(label="Last session", widget=DateInput)
    format = forms.ChoiceField(
        label="Individual or group", choices=EarlierFormat.choices, widget=forms.RadioSelect
    )
    hours = forms.DecimalField(
        label="Hours in total",
        max_digits=7,
        decimal_places=2,
        help_text="All the hours between those dates, such as 24 or 12.5.",
    )
    population = forms.ChoiceField(
        label="Ages of the children your work served",
        choices=Population.choices,
        widget=forms.RadioSelect,
    )
    post_masters = forms.BooleanField(
        label="I received it after completing my master's degree", required=False
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class DocumentForm(forms.Form):
    document = forms.FileField(
        label="Signed document",
        help_text="A letter or form your provider signed, naming the dates and hours: a PDF, "
        "PNG or JPEG of at most 10 MB. Only you and your coordinators can open it.",
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > certificate_max_bytes():
            raise forms.ValidationError("This file is too large: try a smaller scan or a PDF.")
        return document


class VerifyForm(forms.Form):
    checked_on = forms.DateField(
        label="Date you checked the signed document", widget=DateInput, initial=timezone.localdate
    )
    confirmed = forms.BooleanField(
        label="The document is signed by the provider and shows these dates and hours",
        error_messages={"required": "Confirm what the document shows to verify the record."},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What should the trainee change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class AttestForm(forms.Form):
    attested = forms.BooleanField(
        label="I provided this reflective supervision or consultation, on these dates, for "
        "these hours",
        required=False,
    )
    note = forms.CharField(
        label="If something is not right, say what (this declines it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
