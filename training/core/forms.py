"""Form fields shared by every app."""

import re

from django import forms

MAX_ID = 2**31 - 1


def is_id(value) -> bool:
    """A plain ASCII number the database can hold as a key (isdigit() accepts "²")."""
    text = str(value)
    return re.fullmatch(r"[0-9]{1,10}", text) is not None and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """Refuses ids the database could not even compare (a huge number is a 500 otherwise)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
