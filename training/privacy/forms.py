from django import forms
from django.contrib.auth import get_user_model

CONFIRMATION_WORD = "ERASE"


class ErasureForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to erase")
    confirmation = forms.CharField(
        label=f"Type {CONFIRMATION_WORD} to confirm",
        help_text="Erasure cannot be undone. Signed-off supervision records are kept, "
        "pseudonymised, as the retention policy requires.",
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            raise forms.ValidationError("No account uses this email address.")
        self.subject = user
        return email

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value != CONFIRMATION_WORD:
            raise forms.ValidationError(f"Type {CONFIRMATION_WORD} in capitals to confirm.")
        return value
