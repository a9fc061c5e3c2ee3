"""Builders for course page trees with knowledge checks and reflection prompts."""

import uuid
from decimal import Decimal

from training.competencies.models import Competency, CompetencyFramework, Domain
from training.courses.models import CourseIndexPage, CoursePage, ModulePage


def uid() -> str:
    return str(uuid.uuid4())


def check_block(*, question="Which is right?", kind="single", options=None, block_id=None):
    """A knowledge check; options are (text, is_correct) pairs. Returns (raw block, option ids)."""
    options = options or [("Right answer", True), ("Wrong answer", False)]
    items = []
    ids = {}
    for text, correct in options:
        option_id = uid()
        ids[text] = option_id
        items.append(
            {
                "type": "item",
                "id": option_id,
                "value": {"text": text, "is_correct": correct, "feedback": f"Feedback on {text}."},
            }
        )
    block = {
        "type": "check",
        "id": block_id or uid(),
        "value": {"question": question, "kind": kind, "options": items},
    }
    return block, ids


def prompt_block(prompt="What did you notice in yourself?", block_id=None):
    return {
        "type": "reflection",
        "id": block_id or uid(),
        "value": {"prompt": prompt, "guidance": ""},
    }


def text_block(html="<p>Babies grow in relationships.</p>"):
    return {"type": "text", "id": uid(), "value": html}


def competency(name="Observation & listening") -> Competency:
    framework, _ = CompetencyFramework.objects.get_or_create(name="Test framework")
    domain, _ = Domain.objects.get_or_create(framework=framework, name="Direct Service Skills")
    return Competency.objects.get_or_create(domain=domain, name=name)[0]


def course_index(home) -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    return home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))


def course(index, *, title="Test course", live=True, **fields) -> CoursePage:
    page = CoursePage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        summary=fields.pop("summary", f"A short summary of {title}."),
        live=live,
        **fields,
    )
    return index.add_child(instance=page)


def module(
    course_page, *, title="Module", body=None, hours="1.5", competencies=(), live=True, **fields
):
    page = ModulePage(
        title=title,
        slug=fields.pop("slug", title.lower().replace(" ", "-")),
        credit_hours=Decimal(hours),
        body=body or [],
        live=live,
        **fields,
    )
    course_page.add_child(instance=page)
    if competencies:
        page.competencies.set(competencies)
        page.save_revision().publish() if live else page.save()
    return page
