"""The site writes headings, buttons and labels in sentence case; allauth writes Title Case.

Applied in the allauth element templates (templates/allauth/**), so every allauth page, and
every string allauth adds later, reads like the rest of Attune without forking its templates.
"""

import re

from django import template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

# Words that keep their capital wherever they stand.
PROPER = {"Attune", "I", "Google", "Microsoft", "Apple"}
# allauth's few one-word forms that sentence case alone cannot mend.
WORDS = {"Signup": "Sign up"}
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")
_LABEL = re.compile(r"(<label\b[^>]*>)(.*?)(</label>)", re.S)


def _segment(part: str) -> str:
    """Lower a Title-case word part; acronyms (IP, TOTP) and mixed case stay as written."""
    if part[:1].isupper() and part[1:].islower() and part.strip("?!.,:;") not in PROPER:
        return part.lower()
    return part


def _text(text: str, first: list[bool]) -> str:
    out = []
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            out.append(token)
            continue
        if "@" in token or "/" in token:  # an address is written as it is
            first[0] = False
            out.append(token)
            continue
        token = WORDS.get(token, token)
        parts = token.split("-")
        if first[0] and any(c.isalpha() for c in token):
            first[0] = False
            out.append("-".join([parts[0], *map(_segment, parts[1:])]))
        else:
            out.append("-".join(map(_segment, parts)))
    return "".join(out)


def _sentence(value: str) -> str:
    first = [True]
    pieces = _MARKUP.split(value)
    return "".join(p if _MARKUP.fullmatch(p) else _text(p, first) for p in pieces)


def _same_safety(original, result: str):
    return mark_safe(result) if isinstance(original, SafeData) else result  # noqa: S308


@register.filter(is_safe=True)
def sentence_case(value):
    """ "Sign In" → "Sign in", "Two-Factor Authentication" → "Two-factor authentication"."""
    return _same_safety(value, _sentence(str(value)))


@register.filter(is_safe=True)
def sentence_case_labels(value):
    """Sentence case inside each <label> of a rendered form, and nowhere else (values, help
    and errors are left as written)."""
    result = _LABEL.sub(lambda m: m.group(1) + _sentence(m.group(2)) + m.group(3), str(value))
    return _same_safety(value, result)
