from django.db import models


class LogState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    RETURNED = "returned", "Returned for changes"
    SIGNED_OFF = "signed_off", "Signed off"
    # Peer consultation: the trainee's own record, final when she keeps it; never reviewed.
    KEPT = "kept", "Peer consultation — does not count toward RSC"


# The trainee may change the text only in these states.
EDITABLE_LOG_STATES = frozenset({LogState.DRAFT, LogState.RETURNED})
# A supervisor acts (comments, returns, signs off) only on a submitted log.
REVIEWABLE_LOG_STATES = frozenset({LogState.SUBMITTED})


class SessionFormat(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    GROUP = "group", "Group"


class Repeat(models.TextChoices):
    """How a series of the same group's sessions is spaced, from its first date."""

    ONCE = "once", "Just this date"
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"


class Modality(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"


class Section(models.TextChoices):
    """The prompted parts of a log: the five elements of reflective practice, then what next."""

    FAMILY_STORY = "family_story", "Understanding the family story"
    BABY_IN_MIND = "baby_in_mind", "Holding the baby in mind"
    USE_OF_SELF = "use_of_self", "My use of self"
    PARALLEL_PROCESS = "parallel_process", "Parallel process"
    REFLECTIVE_ALLIANCE = "reflective_alliance", "The reflective alliance"
    TAKE_FORWARD = "take_forward", "What I will take forward"


SECTION_PROMPTS = {
    Section.FAMILY_STORY: "What did you come to understand about this family's experience, "
    "history and hopes? Use initials or roles, never names.",
    Section.BABY_IN_MIND: "Where was the baby or young child in the conversation? "
    "What might they have been feeling or needing?",
    Section.USE_OF_SELF: "What did you notice in yourself — feelings, reactions, "
    "assumptions — and how did it shape your work?",
    Section.PARALLEL_PROCESS: "Did anything between you and your supervisor echo what "
    "happens between you and the family, or the parent and child?",
    Section.REFLECTIVE_ALLIANCE: "How did the relationship with your supervisor help you "
    "think? What felt safe, or hard, to bring?",
    Section.TAKE_FORWARD: "What will you try, watch for or hold on to next time?",
}


class AuditAction(models.TextChoices):
    CREATED = "created", "Created"
    VIEWED = "viewed", "Viewed"
    SUBMITTED = "submitted", "Submitted"
    KEPT = "kept", "Kept (peer consultation)"
    COMMENTED = "commented", "Commented"
    RETURNED = "returned", "Returned"
    SIGNED_OFF = "signed_off", "Signed off"
    ADDENDUM_ADDED = "addendum_added", "Addendum added"
    ADDENDUM_SIGNED = "addendum_signed", "Addendum signed"
    EXPORTED = "exported", "Exported"
    DISCARDED = "discarded", "Discarded (unsigned draft)"
