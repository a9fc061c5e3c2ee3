"""The rating form a reference rater fills in: the published rating areas, each with a few
statements rated on a four-point scale or "not enough information".

Written in our own words. The codes are stored with each answer, so a statement's wording can
be improved without changing what earlier ratings mean.
"""

from dataclasses import dataclass

NOT_ENOUGH_INFORMATION = "nei"
# A rating with this many "not enough information" answers or more does not count.
NEI_LIMIT = 6
# How long a completed rating stays valid, in months.
VALID_MONTHS = 12
# Raters should have known the applicant at least this long, in months.
KNOWN_AT_LEAST_MONTHS = 12

SCALE = (
    ("1", "Rarely"),
    ("2", "Sometimes"),
    ("3", "Often"),
    ("4", "Consistently"),
    (NOT_ENOUGH_INFORMATION, "Not enough information"),
)


@dataclass(frozen=True)
class Statement:
    code: str
    area: str
    text: str


AREAS = ("Reflection", "Working with Others", "Thinking")

STATEMENTS = (
    Statement(
        "reflection_self",
        "Reflection",
        "Notices how their own feelings and history shape their work with a family.",
    ),
    Statement(
        "reflection_seek",
        "Reflection",
        "Seeks out reflective supervision/consultation and comes prepared to use it.",
    ),
    Statement(
        "reflection_parallel",
        "Reflection",
        "Recognises when their work with a family echoes what happens between parent and child.",
    ),
    Statement(
        "reflection_pause",
        "Reflection",
        "Pauses to wonder before acting when a situation is emotionally charged.",
    ),
    Statement(
        "others_alliance",
        "Working with Others",
        "Builds trusting working relationships with caregivers from many backgrounds.",
    ),
    Statement(
        "others_team",
        "Working with Others",
        "Shares information and decisions with colleagues and other agencies respectfully.",
    ),
    Statement(
        "others_culture",
        "Working with Others",
        "Adapts their approach to each family's culture, language and values.",
    ),
    Statement(
        "others_conflict",
        "Working with Others",
        "Handles disagreement with families or colleagues calmly and openly.",
    ),
    Statement(
        "thinking_observe",
        "Thinking",
        "Observes an infant or young child closely and describes behaviour without judgement.",
    ),
    Statement(
        "thinking_hypothesis",
        "Thinking",
        "Considers more than one explanation for what a child or parent is doing.",
    ),
    Statement(
        "thinking_plan",
        "Thinking",
        "Turns what they learn about a family into a clear, realistic plan.",
    ),
    Statement(
        "thinking_limits",
        "Thinking",
        "Knows the limits of their role and refers on when a family needs more.",
    ),
)
STATEMENT_CODES = tuple(s.code for s in STATEMENTS)


def nei_count(answers: dict) -> int:
    """How many statements were answered "not enough information" (or left out)."""
    return sum(
        1
        for code in STATEMENT_CODES
        if answers.get(code, NOT_ENOUGH_INFORMATION) == NOT_ENOUGH_INFORMATION
    )
