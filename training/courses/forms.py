"""Admin form pieces for authoring modules: the competency picker grouped by domain."""

from django import forms
from django.template import loader
from django.utils.safestring import mark_safe
from wagtail.admin.forms import WagtailAdminPageForm


class GroupedCompetencyWidget(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per domain, with a filter box the script in
    static/js/competency-picker.js reveals (without it, the grouped list still works)."""

    template_name = "courses/admin/widgets/grouped_competencies.html"

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/courses/admin/) are not on Django's form renderer.
        return mark_safe(loader.render_to_string(template_name, context))

    class Media:
        js = ["js/competency-picker.js"]
        css = {"all": ["css/competency-picker.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        groups: dict[object, dict] = {}
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        for index, (option_value, label) in enumerate(self.choices):
            instance = getattr(option_value, "instance", None)
            domain = getattr(instance, "domain", None)
            key = domain.pk if domain else None
            group = groups.setdefault(
                key,
                {
                    "name": str(domain) if domain else "Other",
                    "framework": str(domain.framework) if domain else "",
                    "options": [],
                },
            )
            value_text = str(getattr(option_value, "value", option_value))
            group["options"].append(
                {
                    "id": f"{base_id}_{index}",
                    "value": value_text,
                    # The legend names the domain; the label is the competency alone.
                    "label": getattr(instance, "name", label),
                    "checked": value_text in chosen,
                }
            )
        listed = list(groups.values())
        frameworks = {group["framework"] for group in listed}
        for group in listed:
            group["chosen"] = sum(1 for option in group["options"] if option["checked"])
            # Name the framework only when there is more than one to tell apart.
            if len(frameworks) > 1 and group["framework"]:
                group["name"] = f"{group['framework']}: {group['name']}"
        context["widget"]["groups"] = listed
        context["widget"]["base_id"] = base_id
        context["widget"]["total"] = sum(len(group["options"]) for group in listed)
        context["widget"]["chosen_count"] = len(chosen)
        return context


class ModulePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("competencies")
        if field is not None:
            # The widget groups by domain: fetch domains with the competencies, not one by one.
            field.queryset = field.queryset.select_related("domain__framework")
        credit = self.fields.get("credit_hours")
        if credit is not None:
            credit.widget.attrs.update({"step": "0.25", "min": "0.25", "inputmode": "decimal"})
