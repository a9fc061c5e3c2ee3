"""StreamField blocks for module bodies. Each renders with its own template in templates/blocks/.

Knowledge-check options are identified by their ListBlock item ids (random UUIDs), so a page can
name an option without ever saying whether it is correct.
"""

import re
import uuid
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from training.core.sanitise import SafeRichTextBlock

from .enums import CalloutKind, CheckKind

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class RichTextBlock(SafeRichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "blocks/rich_text.html"
        features = RICH_FEATURES
        preview_value = "<p>Babies learn about the world through their relationships.</p>"
        description = "Paragraphs, headings and lists."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        label="Alternative text",
        max_length=250,
        help_text="Describe what the image shows for someone who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image.html"
        description = "An image with required alternative text."


VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "www.vimeo.com")


def video_embed_url(url: str) -> str | None:
    """Turn a YouTube or Vimeo address into the privacy-friendly player address the CSP allows."""
    parsed = urlparse(url)
    host = parsed.netloc.lower()
    if host in ("youtu.be",):
        video_id = parsed.path.strip("/")
    elif "youtube.com" in host:
        video_id = parse_qs(parsed.query).get("v", [""])[0]
        if not video_id and parsed.path.startswith("/embed/"):
            video_id = parsed.path.split("/")[2]
    elif "vimeo.com" in host:
        match = re.match(r"^/(\d+)", parsed.path)
        return f"https://player.vimeo.com/video/{match.group(1)}" if match else None
    else:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id or ""):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}"


class VideoEmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="YouTube or Vimeo address")
    title = blocks.CharBlock(max_length=200, help_text="Names the video for screen readers.")
    transcript = blocks.TextBlock(required=False, help_text="A transcript or summary.")

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video.html"
        description = "A YouTube or Vimeo video with a title and transcript."

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and video_embed_url(value["url"]) is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Use a YouTube or Vimeo video address.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed_url"] = video_embed_url(value.get("url") or "")
        return context


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CalloutKind.choices, default=CalloutKind.NOTE)
    heading = blocks.CharBlock(max_length=120, required=False)
    text = SafeRichTextBlock(features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"
        template = "blocks/callout.html"
        preview_value = {
            "kind": CalloutKind.TIP,
            "heading": "Remember",
            "text": "<p>Every behaviour has a meaning.</p>",
        }
        description = "A highlighted note, tip or warning."


class CaseVignetteBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    story = SafeRichTextBlock(features=RICH_FEATURES)
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=300), required=False, label="Questions to consider"
    )

    class Meta:
        icon = "doc-full"
        label = "Case vignette"
        template = "blocks/case_vignette.html"
        preview_value = {
            "title": "Maya and her mother",
            "story": "<p>Maya, 14 months, cries whenever her mother leaves the room.</p>",
            "questions": ["What might Maya be telling her mother?"],
        }
        description = "A short, invented case with questions to think about."


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text="The question the trainee answers privately.")
    guidance = blocks.TextBlock(required=False, help_text="Optional hints for answering.")

    class Meta:
        icon = "comment"
        label = "Reflection prompt"
        template = "blocks/reflection_prompt.html"
        preview_value = {"prompt": "What feelings came up for you while reading this case?"}
        description = "A private written reflection; the module needs an answer to complete."


class CheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    is_correct = blocks.BooleanBlock(required=False, label="Correct answer")
    feedback = blocks.TextBlock(help_text="Shown to a trainee who chooses this answer.")

    class Meta:
        icon = "tick"
        label = "Option"


class KnowledgeCheckBlock(blocks.StructBlock):
    question = blocks.TextBlock()
    kind = blocks.ChoiceBlock(choices=CheckKind.choices, default=CheckKind.SINGLE)
    # A new check starts with the two options it needs at least (Wagtail's default is one).
    options = blocks.ListBlock(
        CheckOptionBlock(),
        min_num=2,
        default=[
            {"text": "", "is_correct": False, "feedback": ""},
            {"text": "", "is_correct": False, "feedback": ""},
        ],
    )

    class Meta:
        icon = "help"
        label = "Knowledge check"
        template = "blocks/knowledge_check.html"
        description = "A question graded on the server; answers are never sent to the browser."

    def clean(self, value):
        value = super().clean(value)
        correct = [option for option in value["options"] if option["is_correct"]]
        if not correct:
            raise blocks.StructBlockValidationError(
                block_errors={"options": ValidationError("Mark at least one option as correct.")}
            )
        if value["kind"] == CheckKind.SINGLE and len(correct) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "options": ValidationError("A choose-one question needs exactly one answer.")
                }
            )
        return value


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "download"
        label = "Downloadable resource"
        template = "blocks/resource.html"
        description = "A handout or reading trainees can download."


class ModuleBodyBlock(blocks.StreamBlock):
    """A module's body. Option ids stay unique across the page's checks (see clean)."""

    text = RichTextBlock()
    image = ImageBlock()
    video = VideoEmbedBlock()
    callout = CalloutBlock()
    vignette = CaseVignetteBlock()
    reflection = ReflectionPromptBlock()
    check = KnowledgeCheckBlock()
    resource = ResourceBlock()

    def clean(self, value):
        # The admin builds every new check from one default, so two checks added in the same
        # editing session would share option ids (and the page would repeat HTML ids). Give the
        # later copies fresh ids; saved checks keep theirs, so recorded attempts still match.
        value = super().clean(value)
        seen: set[str] = set()
        for child in value:
            if child.block_type != "check":
                continue
            for option in child.value["options"].bound_blocks:
                if option.id in seen:
                    option.id = str(uuid.uuid4())
                seen.add(option.id)
        return value
