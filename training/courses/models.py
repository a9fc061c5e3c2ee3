"""Course pages (authored in Wagtail) and the learning records trainees build as they study."""

import secrets
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import GroupApprovalTask, Page
from wagtail.search import index

from training.core.files import private_storage
from training.users.enums import Discipline

from .blocks import ModuleBodyBlock
from .enums import Level
from .forms import GroupedCompetencyWidget, ModulePageForm

SUMMARY_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CourseIndexPage(Page):
    """The catalogue: lists published courses with filters and search."""

    intro = RichTextField(blank=True, features=SUMMARY_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def get_context(self, request, *args, **kwargs):
        from .selectors import catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue(index_page=self, params=request.GET))
        return context


class CoursePageForm(WagtailAdminPageForm):
    audience_disciplines = forms.MultipleChoiceField(
        choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who the course is written for. Leave empty for everyone.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", "Describe the image for people who cannot see it.")
        return cleaned


class CoursePage(Page):
    """One course: an overview anyone can read, and ordered modules for enrolled trainees."""

    summary = models.TextField(
        max_length=600, help_text="Two or three sentences for the catalogue."
    )
    description = RichTextField(blank=True, features=["h2", "h3", *SUMMARY_FEATURES])
    # A list of Discipline values; JSON so it works the same on SQLite and PostgreSQL.
    audience_disciplines = models.JSONField(default=list, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTRODUCTORY)
    # Kept equal to the credit hours of the course's published modules (see save and
    # signals.py), so "estimated time" and "credit" on the course page cannot disagree.
    estimated_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text="The credit hours of the course's published modules, added up.",
    )
    prerequisites = models.TextField(blank=True, help_text="What trainees should know first.")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField("image alternative text", max_length=250, blank=True)

    base_form_class = CoursePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("audience_disciplines"),
                FieldPanel("level"),
                FieldPanel("estimated_hours", read_only=True, heading="Estimated time (hours)"),
                FieldPanel("prerequisites"),
            ],
            heading="Audience",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("prerequisites"),
        index.FilterField("level"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    # Wagtail's page explorer lists a course's modules in their order, not by last update.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = "course"

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})
        unknown = set(self.audience_disciplines or []) - set(Discipline.values)
        if unknown:
            raise ValidationError({"audience_disciplines": "Choose disciplines from the list."})

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [labels[d] for d in self.audience_disciplines or [] if d in labels]

    def modules(self):
        return ModulePage.objects.live().child_of(self).order_by("path")

    def module_hours(self) -> Decimal:
        """Credit hours of the published modules: the course's estimated time."""
        if not self.pk:
            return Decimal("0")
        total = self.modules().aggregate(total=models.Sum("credit_hours"))["total"]
        return total or Decimal("0")

    def save(self, *args, **kwargs):
        # A published course revision carries the hours of when it was drafted; recount.
        self.estimated_hours = self.module_hours()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(course_overview(course=self, user=request.user))
        return context


class ModulePage(Page):
    """A unit of study. Only signed-in trainees enrolled in its course may open it."""

    summary = models.TextField(max_length=600, blank=True)
    # No default: an author chooses the credit, it is never silently one hour.
    credit_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text=(
            "Training hours a trainee earns by completing this module, in quarter hours "
            "(for example 1.5). The course's estimated time is its modules' hours added up."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percent of knowledge checks answered correctly to pass the module.",
    )
    competencies = ParentalManyToManyField(
        "competencies.Competency", blank=True, related_name="modules"
    )
    body = StreamField(ModuleBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("credit_hours"),
                FieldPanel("pass_mark"),
                FieldPanel("competencies", widget=GroupedCompetencyWidget),
            ],
            heading="Credit",
        ),
        FieldPanel("body"),
    ]
    base_form_class = ModulePageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "module"

    def course(self) -> CoursePage | None:
        return CoursePage.objects.filter(path=self.path[: -self.steplen]).first()

    def serve(self, request, *args, **kwargs):
        """Decide access, and nothing else: a GET writes nothing. The page itself POSTs the visit
        (courses:module_read), which also completes a module with nothing to answer."""
        from .selectors import enrolment_for

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course = self.course()
        enrolment = enrolment_for(user=request.user, course=course) if course else None
        if enrolment is None:
            messages.info(request, "Enrol in this course to open its modules.")
            return redirect(course.url if course else "/")
        return super().serve(request, *args, course=course, **kwargs)

    def get_context(self, request, *args, course: CoursePage | None = None, **kwargs):
        from .selectors import module_context
        from .services import module_requirements

        context = super().get_context(request, *args, **kwargs)
        context.update(
            module_context(module=self, user=request.user, course=course or self.course())
        )
        context["reading_only"] = not module_requirements(self)
        return context


# --- Learning records -------------------------------------------------------------------------


class Enrolment(models.Model):
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} in {self.course}"


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(auto_now_add=True)
    last_visited_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "module progress"
        constraints = [
            models.UniqueConstraint(fields=["trainee", "module"], name="one_progress_per_module")
        ]
        indexes = [models.Index(fields=["trainee", "-last_visited_at"])]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.module}"


class CheckAttempt(models.Model):
    """One graded answer to a knowledge check; the first tells if it was right first time."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="check_attempts")
    block_id = models.CharField(max_length=64)
    selected = models.JSONField(default=list)
    correct = models.BooleanField()
    first_attempt = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["trainee", "module", "block_id"])]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.block_id} · {'right' if self.correct else 'wrong'}"


class ReflectionAnswer(models.Model):
    """A trainee's private answer to a reflection prompt; only they ever see it."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_answers"
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="reflection_answers"
    )
    block_id = models.CharField(max_length=64)
    text = models.TextField(max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "module", "block_id"], name="one_answer_per_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.block_id}"


def certificate_code() -> str:
    # 12 characters from an unambiguous alphabet: unguessable, easy to read aloud.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def certificate_pdf_path(instance, filename: str) -> str:
    return f"course-certificates/{secrets.token_hex(16)}.pdf"


class Certificate(models.Model):
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_certificates"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.SET_NULL, null=True, related_name="certificates"
    )
    # Snapshots, so the certificate still says what was earned if the course changes.
    trainee_name = models.CharField(max_length=300)
    course_title = models.CharField(max_length=255)
    competency_names = models.JSONField(default=list)
    code = models.CharField(max_length=20, unique=True, default=certificate_code)
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    issued_on = models.DateField()
    pdf = models.FileField(
        storage=private_storage, upload_to=certificate_pdf_path, blank=True, max_length=200
    )
    # Set when the PDF could not be rendered: the sweep stops retrying and the page says so.
    render_failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "course"], name="one_certificate_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course_title} · {self.code}"


# --- Review workflow ----------------------------------------------------------------------------


def _submitted_by(workflow_state, user) -> bool:
    return bool(workflow_state and user.pk and workflow_state.requested_by_id == user.pk)


class FourEyesApprovalTask(GroupApprovalTask):
    """Group approval where the person who submitted a page for review may not approve it.

    Wagtail asks get_actions both to draw the buttons and before it performs a posted action, so
    removing "approve" there refuses it in every admin path; on_action refuses it again for
    callers that skip the views.
    """

    class Meta:
        verbose_name = "four-eyes approval task"
        verbose_name_plural = "four-eyes approval tasks"

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve; the person who submitted cannot."

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if _submitted_by(getattr(obj, "current_workflow_state", None), user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and _submitted_by(task_state.workflow_state, user):
            raise PermissionDenied("Someone other than the submitter must approve this page.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The admin's "awaiting your review" list leaves out the reviewer's own submissions.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)
