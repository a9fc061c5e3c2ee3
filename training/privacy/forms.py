from django import forms
from django.contrib.auth import get_user_model

from .permissions import user_can_erase_user

CONFIRMATION_WORD = "ERASE"
NOT_YOURS = (
    "No account you may erase uses this address. Coordinators erase trainees of their own "
    "cohorts; a site administrator erases anyone else."
)


class ErasureForm(forms.Form):
    """Step one: whom to erase. The same answer for an unknown address and someone else's."""

    email = forms.EmailField(label="Email address of the person to erase")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.subject = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None or not user_can_erase_user(self.actor, user):
            raise forms.ValidationError(NOT_YOURS)
        self.subject = user
        return email


class ErasureConfirmForm(ErasureForm):
    """Step two, after the preview: the word, and by name the logs under review if any."""

    email = forms.EmailField(widget=forms.HiddenInput)
    confirmation = forms.CharField(
        label=f"Type {CONFIRMATION_WORD} to confirm",
        help_text="Erasure cannot be undone. Signed-off supervision records are kept, "
        "pseudonymised, as the retention policy requires.",
    )
    delete_logs_under_review = forms.BooleanField(required=False)

    def __init__(self, *args, reviewed=(), subject_name="", **kwargs):
        super().__init__(*args, **kwargs)
        if reviewed:
            field = self.fields["delete_logs_under_review"]
            field.required = True
            field.label = (
                f"Also delete {subject_name}'s {len(reviewed)} log"
                f"{'s' if len(reviewed) != 1 else ''} that a supervisor is reviewing"
            )
        else:
            del self.fields["delete_logs_under_review"]

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value != CONFIRMATION_WORD:
            raise forms.ValidationError(f"Type {CONFIRMATION_WORD} in capitals to confirm.")
        return value
