from django import forms
from django.utils import timezone

from training.competencies.models import EndorsementCategory
from training.core.forms import IdChoiceField
from training.users.enums import Role
from training.users.models import User


class DateInput(forms.DateInput):
    input_type = "date"


class OutsideProviderForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        help_text="Sign-off requests go to this address as a link that works once.",
    )
    category = IdChoiceField(
        label="Endorsement they hold or are vetted for",
        queryset=EndorsementCategory.objects.order_by("sort_order", "name"),
    )
    vetted = forms.BooleanField(
        label="They are vetted by the association to provide RSC, rather than endorsed",
        required=False,
    )
    endorsement_number = forms.CharField(label="Endorsement or vetting number", max_length=50)
    association = forms.CharField(
        label="Association that endorsed or vetted them",
        max_length=200,
        help_text="A coordinator checks the number against this association's registry.",
    )

    def __init__(self, *args, trainees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trainees is not None:
            # A coordinator adds a provider for one of the trainees she coordinates.
            self.fields["trainee"] = IdChoiceField(label="For trainee", queryset=trainees)
            self.order_fields(["trainee"])


class ProviderVerifyForm(forms.Form):
    checked_on = forms.DateField(
        label="Date you checked the association's registry",
        widget=DateInput,
        initial=timezone.localdate,
    )
    starts_on = forms.DateField(
        label="Credential valid from (if the registry says)", widget=DateInput, required=False
    )
    expires_on = forms.DateField(
        label="Credential expires on (if the registry says)", widget=DateInput, required=False
    )
    confirmed = forms.BooleanField(
        label="The registry lists this person with this category and number",
        error_messages={"required": "Confirm what the registry lists to record the check."},
    )

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError("The check cannot be in the future.")
        return checked_on


class CodeForm(forms.Form):
    code = forms.CharField(
        label="One-time code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def trainee_choices(ids):
    rows = User.objects.filter(is_active=True, groups__name=Role.TRAINEE).distinct()
    return rows if ids is None else rows.filter(pk__in=ids)
