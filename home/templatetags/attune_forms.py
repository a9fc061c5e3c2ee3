from django import forms, template

register = template.Library()

# By widget class, so subclasses (such as the quick select) are styled as what they are;
# radios and checkbox lists are drawn by form_field.html itself. The first match wins.
WIDGET_CLASSES = (
    (forms.RadioSelect, ""),  # CheckboxSelectMultiple too
    (forms.Select, "form-select"),  # SelectMultiple, NullBooleanSelect and the quick select
    (forms.CheckboxInput, "form-check-input"),
)


def widget_class(widget) -> str:
    """The framework's class for a widget: form-select, form-check-input or form-control."""
    for kind, css in WIDGET_CLASSES:
        if isinstance(widget, kind):
            return css
    return "form-control"


@register.filter
def styled(bound_field):
    """Render a field's widget with the framework's classes and its help and error ids."""
    css = widget_class(bound_field.field.widget)
    attrs = {}
    if bound_field.errors:
        css = f"{css} is-invalid".strip()
        attrs["aria-invalid"] = "true"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if css:
        attrs["class"] = css
    return bound_field.as_widget(attrs=attrs)
