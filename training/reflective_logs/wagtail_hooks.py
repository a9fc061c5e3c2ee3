"""What the reflective logs app asks of the Wagtail admin: signed logs keep their tags."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from .selectors import competencies_tagging_signed_logs


@hooks.register("before_delete_snippet")
def refuse_deleting_competencies_of_signed_logs(request, instances):
    """Deleting a competency (or its domain or framework) that tags a signed-off log would
    change that log; the database refuses, so say why here instead of failing."""
    tagged = competencies_tagging_signed_logs(instances)
    if not tagged:
        return None
    names = ", ".join(sorted(c.name for c in tagged)[:5])
    messages.error(
        request,
        f"This cannot be deleted: {names} tag{'s' if len(tagged) == 1 else ''} signed-off "
        "reflective logs, which never change. It can be renamed, not deleted.",
    )
    viewset = type(instances[0]).snippet_viewset
    return redirect(viewset.get_url_name("list"))
