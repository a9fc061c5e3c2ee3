"""Form fields shared by every app."""

import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


class QuickSelect(forms.Select):
    """A select that writes its options directly instead of through one template each.

    Django renders every option through its own template, which costs about half a
    millisecond apiece: a list of a thousand supervisors would take half a second.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class QuickChoiceField(IdChoiceField):
    widget = QuickSelect
