from django import forms

from .enums import NotificationKind
from .kinds import OPTIONAL_KINDS, SPECS


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of email a person may turn off (ticked: emails are sent)."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(NotificationKind.choices)
        for kind in OPTIONAL_KINDS:
            self.fields[kind] = forms.BooleanField(
                label=f"Email me: {labels[kind].lower()}",
                help_text=SPECS[kind].description,
                required=False,
                initial=current.get(kind, True),
            )
