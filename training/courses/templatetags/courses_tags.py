from django import template

register = template.Library()


@register.simple_tag
def check_state(value, block_id, check_attempts):
    """The trainee's latest attempt at a knowledge check, with feedback for what they chose.

    Only the chosen options' feedback is returned; which options are correct never reaches the page.
    """
    attempt = (check_attempts or {}).get(block_id) if block_id else None
    if attempt is None:
        return {"attempt": None, "selected": [], "feedback": []}
    options = {item.id: item.value for item in value["options"].bound_blocks}
    feedback = [
        {"text": options[oid]["text"], "feedback": options[oid]["feedback"]}
        for oid in attempt.selected
        if oid in options
    ]
    return {"attempt": attempt, "selected": attempt.selected, "feedback": feedback}


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key, "")
