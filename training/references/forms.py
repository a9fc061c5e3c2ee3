from django import forms

from training.competencies.enums import RaterRole
from training.competencies.models import EndorsementCategory

from .ratings import AREAS, SCALE, STATEMENTS


class InviteForm(forms.Form):
    rater_name = forms.CharField(label="Rater's name", max_length=200)
    rater_email = forms.EmailField(label="Rater's email address")
    role = forms.ChoiceField(
        label="Who they are to you", choices=[("", "Choose…"), *RaterRole.choices]
    )
    waived = forms.BooleanField(
        label="I waive my right to read this rating",
        required=False,
        help_text=(
            "If you tick this, you will see whether the rater answered and whether the rating "
            "counts, but never their answers or comments; the association's reviewers read "
            "them. Raters often answer more freely when the applicant waives. You cannot change "
            "this once the invitation is sent."
        ),
    )


MAX_KNOWN_MONTHS = 600


class RatingForm(forms.Form):
    """The rater's form: how long they have known the applicant, who they are, the statements."""

    known_months = forms.IntegerField(
        label="How many months have you known the applicant?",
        min_value=0,
        max_value=MAX_KNOWN_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="In whole months, e.g. 18 for a year and a half.",
    )
    rater_category = forms.ModelChoiceField(
        label="Your own IECMH Endorsement, if you hold one",
        queryset=EndorsementCategory.objects.order_by("sort_order", "name"),
        required=False,
        empty_label="I do not hold one",
    )
    rater_endorsement_number = forms.CharField(
        label="Your endorsement number", max_length=50, required=False
    )
    rater_vetted = forms.BooleanField(
        label="I am vetted by the association as a rater (without holding an endorsement)",
        required=False,
    )
    comments = forms.CharField(
        label="Comments (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for statement in STATEMENTS:
            self.fields[statement.code] = forms.ChoiceField(
                label=statement.text,
                choices=SCALE,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose one answer for this statement."},
            )

    def areas(self):
        """The statements' fields grouped by area, in the form's order, for the template."""
        return [(area, [self[s.code] for s in STATEMENTS if s.area == area]) for area in AREAS]

    def clean(self):
        data = super().clean()
        if data.get("rater_endorsement_number") and not data.get("rater_category"):
            self.add_error(
                "rater_category", "Choose the endorsement your number belongs to, or clear it."
            )
        if data.get("rater_category") and not data.get("rater_endorsement_number", "").strip():
            self.add_error("rater_endorsement_number", "Give your endorsement number.")
        return data

    def answers(self) -> dict[str, str]:
        return {s.code: self.cleaned_data[s.code] for s in STATEMENTS}
