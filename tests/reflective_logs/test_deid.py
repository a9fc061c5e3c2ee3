"""The de-identification guard: what it catches, and what it lets through."""

import pytest

from training.reflective_logs.deid import find_in_text, highlight

SAMPLE = (
    "Mrs Alvarez brought baby Mateo, DOB 03/14/2025, to the visit. Her sister Rosa joined by "
    "phone on (555) 201-7788 and wrote from rosa.alvarez@example.com. They live at "
    "42 Maple Grove Avenue. Case number 2024-88731 was mentioned; the clinic chart MRN: "
    "A-5561234. The father, named Jorge, missed it. She was born on 2 March 1990."
)
PLANTED = {
    "Mrs Alvarez": "name",
    "Mateo": "name",
    "DOB 03/14/2025": "date of birth",
    "Rosa": "name",
    "(555) 201-7788": "phone number",
    "rosa.alvarez@example.com": "email address",
    "42 Maple Grove Avenue": "street address",
    "Case number 2024-88731": "record number",
    "MRN: A-5561234": "record number",
    "named Jorge": "name",
    "born on 2 March 1990": "date of birth",
}

CLEAN = (
    "The mother (M) arrived late and apologised twice. The baby, about 4 months old, watched "
    "her face closely. I noticed I wanted to fix things for her. In supervision we linked this "
    "to how rushed our team has felt since March 2024. We met for 60 minutes; I will try to "
    "slow down and wonder aloud with M about what the baby might feel. Next visit in 2 weeks, "
    "3-4 times a month. The father was described as supportive. Then She said she was tired."
)


def test_every_planted_detail_is_flagged_with_its_kind():
    found = {f.text: f.kind for f in find_in_text(SAMPLE)}
    for text, kind in PLANTED.items():
        assert found.get(text) == kind, (text, found)


def test_a_clean_de_identified_text_passes():
    assert find_in_text(CLEAN) == []


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Okafor",
        "Ms Lee",
        "my client's son Ethan",
        "grandmother, Beatrice",
        "called Lily",
        "2025-01-09",
        "January 9, 2025",
        "+44 7700 900123",
        "555.201.7788",
        "17 Oak St",
        "NHS 4857773456",
        "patient ID 77812",
        "x.y@clinic.org",
    ],
)
def test_each_detector_catches_its_kind(text):
    assert find_in_text(f"Today {text} came up.")


@pytest.mark.parametrize(
    "text",
    [
        "the mother and the baby",
        "The baby She",
        "an infant of 18 months",
        "in 2023 and 2024",
        "for 90 minutes",
        "twice a week, 3-4 visits",
        "Theoretical Foundations",
        "CPP stage 2",
        "age 0-3",
        "J and M",
    ],
)
def test_ordinary_reflective_language_passes(text):
    assert find_in_text(f"We talked about {text} at length.") == []


def test_findings_do_not_overlap_and_highlight_keeps_all_text():
    text = "Mrs Alvarez, DOB 03/14/2025, called."
    findings = find_in_text(text)
    parts = highlight(text, findings)
    assert "".join(piece for piece, _ in parts) == text
    assert [kind for _, kind in parts if kind] == ["name", "date of birth"]
