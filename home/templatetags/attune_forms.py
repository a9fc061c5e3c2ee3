from django import template

register = template.Library()

WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "clearablefile": "form-control",
}


@register.filter
def styled(bound_field):
    """Render a field's widget with the framework's classes and its help and error ids."""
    css = WIDGET_CLASSES.get(bound_field.widget_type, "form-control")
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
