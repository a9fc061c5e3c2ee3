from django import forms

from .models import Profile


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label="Given name", max_length=150, required=True)
    last_name = forms.CharField(label="Family name", max_length=150, required=False)

    class Meta:
        model = Profile
        fields = [
            "discipline",
            "organisation",
            "target_category",
            "endorsement_held",
            "endorsed_on",
            "degree",
            "reminders_enabled",
        ]
        labels = {"target_category": "Endorsement you are working toward"}
        widgets = {"endorsed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"organisation": "Where you work, as you would like supervisors to see it."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.order_fields(["first_name", "last_name"])

    def clean_first_name(self):
        value = self.cleaned_data["first_name"].strip()
        if not value:
            raise forms.ValidationError("Please tell us your given name.")
        return value
