"""Careful detectors for details that could identify a family in a reflective log.

No maintained offline library fits (Presidio needs spaCy models downloaded at install time),
so these are small, tested regular expressions. They favour flagging: the trainee confirms or
edits each finding, so a false alarm costs a click while a miss could expose a family.
"""

import re
from dataclasses import dataclass

from .enums import Section

TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Auntie|Uncle|Grandma|Grandpa|Nana)"
RELATIONS = (
    r"(?:mother|mom|mum|father|dad|parent|baby|infant|toddler|son|daughter|child|boy|girl|"
    r"grandmother|grandfather|grandma|grandpa|aunt|uncle|sister|brother|sibling|partner|"
    r"husband|wife|boyfriend|girlfriend|caregiver|foster parent|stepfather|stepmother|twin)"
)
# Capitalised words that follow a relation word without being a name.
NOT_NAMES = {
    "The",
    "A",
    "An",
    "And",
    "But",
    "Or",
    "So",
    "Then",
    "When",
    "While",
    "After",
    "Before",
    "She",
    "He",
    "They",
    "It",
    "I",
    "We",
    "You",
    "Her",
    "His",
    "Their",
    "This",
    "That",
    "Was",
    "Is",
    "Had",
    "Has",
    "Did",
    "Does",
    "In",
    "On",
    "At",
    "With",
    "For",
    "To",
}
NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\.?,?\s+\d{{4}}\b|"
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b)"
)
STREET_TYPES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    r"Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Circle|Cir)"
)


@dataclass(frozen=True)
class Finding:
    section: str
    kind: str
    start: int
    end: int
    text: str


DETECTORS: list[tuple[str, re.Pattern]] = [
    ("email address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "date of birth",
        re.compile(rf"\b(?:DOB|D\.O\.B\.?|date of birth|born(?:\s+on)?)\s*[:\-]?\s*{DATE}", re.I),
    ),
    ("date", re.compile(rf"\b{DATE}")),
    (
        "phone number",
        re.compile(
            r"(?<![\w-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
            r"|(?<![\w-])(?:\+44\s?|0)\d{3,4}\s?\d{3}\s?\d{3,4}\b"
        ),
    ),
    ("street address", re.compile(rf"\b\d{{1,5}}\s+(?:[A-Z][a-z]+\s+){{1,3}}{STREET_TYPES}\b")),
    (
        "record number",
        re.compile(
            r"\b(?:MRN|NHS|SSN|case|record|file|client|patient|chart|member)\s*"
            r"(?:no\.?|number|num|#|ID)?\s*[:#]?\s*[A-Z]{0,3}-?\d[\d-]{3,}\b",
            re.I,
        ),
    ),
    ("record number", re.compile(r"\b[A-Z]{2,4}-?\d{5,}\b")),
    ("name", re.compile(rf"\b{TITLES}\.?\s+{NAME}")),
    ("name", re.compile(rf"\b(?:named|called)\s+{NAME}")),
]
RELATION_NAME = re.compile(rf"\b{RELATIONS},?\s+({NAME})", re.I)


def _relation_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in RELATION_NAME.finditer(text):
        name = match.group(1)
        first = name.split()[0]
        # The pattern is case-insensitive for the relation only; a name is capitalised.
        if not first[0].isupper() or first in NOT_NAMES:
            continue
        spans.append((match.start(1), match.start(1) + len(first)))
    return spans


def find_in_text(text: str, *, section: str = "") -> list[Finding]:
    """Every likely identifying detail in one text, without overlaps, in reading order."""
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in DETECTORS:
        spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    spans.extend((start, end, "name") for start, end in _relation_names(text))
    findings: list[Finding] = []
    # Longest first at each position, then drop anything inside a span already taken.
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if findings and start < findings[-1].end:
            continue
        findings.append(Finding(section, kind, start, end, text[start:end]))
    return findings


def find_in_log(log) -> list[Finding]:
    findings: list[Finding] = []
    for section in Section:
        findings.extend(find_in_text(getattr(log, section.value), section=section.value))
    return findings


def highlight(text: str, findings: list[Finding]) -> list[tuple[str, str]]:
    """Split text into (piece, kind) parts; kind is empty for text that was not flagged."""
    parts, cursor = [], 0
    for finding in findings:
        if finding.start > cursor:
            parts.append((text[cursor : finding.start], ""))
        parts.append((text[finding.start : finding.end], finding.kind))
        cursor = finding.end
    if cursor < len(text):
        parts.append((text[cursor:], ""))
    return parts
