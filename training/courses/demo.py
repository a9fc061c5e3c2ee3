"""Demo courses, written for Attune from public descriptions of the field (never copied).

Each module has a short explanation, one knowledge check with feedback on every answer and one
reflection prompt, and covers one or two knowledge areas of the demo framework.
"""

import uuid
from decimal import Decimal

from django.db import transaction
from wagtail.models import Page

from training.competencies.models import Competency
from training.users.models import User

from .authoring import catalogue_ensure
from .enums import Level
from .models import CourseIndexPage, CoursePage, ModulePage
from .services import check_grade, enrolment_create, module_visit, reflection_save

# (title, summary, level, hours per module, disciplines, modules)
# module: (title, text, question, (right, wrong, wrong), prompt, competency names)
COURSES = [
    (
        "IECMH across disciplines",
        "How people in very different jobs can each support babies, toddlers and the adults "
        "who care for them.",
        Level.INTRODUCTORY,
        "1.5",
        ["early_childhood_education", "child_welfare", "health_care", "library"],
        [
            (
                "Why the earliest years matter to everyone",
                "Infant and early childhood mental health is about how a young child grows "
                "within relationships: feeling safe, expressing feelings and exploring. Most "
                "adults who meet young families are not therapists, yet each contact can "
                "strengthen or strain those relationships.",
                "Where does early childhood mental health mostly develop?",
                (
                    "Within the child's close relationships with caregivers",
                    "Mainly in structured learning activities",
                    "Only after a child starts to speak",
                ),
                "Think of a young family you met this month. What did you notice about how "
                "the child and caregiver were with each other?",
                ["Infant/young child development & behavior", "Relationship-focused practice"],
            ),
            (
                "Early care, education and home visiting",
                "Teachers and home visitors see children day after day. Warm, predictable "
                "routines and noticing a child's cues help a child settle, and regular contact "
                "lets them spot early when a family needs more help.",
                "What most helps a toddler settle in a new classroom?",
                (
                    "Predictable routines with a warm, consistent adult",
                    "Being left to cry it out so they adjust faster",
                    "Removing all comfort objects from home",
                ),
                "Describe a moment when a child's behaviour made sense once you thought "
                "about what they might be feeling.",
                ["Observation & listening", "Supporting emotional health"],
            ),
            (
                "Child welfare and the courts",
                "Caseworkers and judges make decisions that shape a young child's relationships "
                "for years. Knowing how separation and loss affect very young children helps "
                "them plan visits, placements and transitions with the child's bonds in mind.",
                "Why do placement changes weigh so heavily on very young children?",
                (
                    "Each move can break a relationship the child relies on to feel safe",
                    "Young children do not notice who looks after them",
                    "Moves only matter for school-age children",
                ),
                "How might a decision in your role feel from the baby's point of view?",
                ["Attachment, separation, trauma, grief & loss", "Government, law & regulation"],
            ),
            (
                "Health care and early intervention",
                "Nurses, doctors and early interventionists often meet families in worried "
                "moments. Asking how the parent is doing, and watching how parent and baby "
                "respond to each other, is part of caring for the child's health.",
                "During a well-baby visit, what is worth noticing besides growth?",
                (
                    "How the parent and baby respond to each other",
                    "Nothing else: growth charts tell the whole story",
                    "Only whether vaccines are up to date",
                ),
                "When did a parent's worry change how you worked with them?",
                ["Screening & assessment", "Responding with empathy"],
            ),
            (
                "Mental health, faith, libraries and policy",
                "Clinicians treat, but faith leaders, librarians and policy makers also shape "
                "the places where families gather and the supports they can reach. Each can "
                "welcome families and connect them to help.",
                "How can a librarian support early relationships?",
                (
                    "By welcoming caregivers and babies to share books and songs",
                    "By keeping babies out of the library until they can read",
                    "By giving parenting advice on every visit",
                ),
                "Which families in your community might not reach services, and why?",
                ["Community resources", "Service delivery systems"],
            ),
        ],
    ),
    (
        "Child-Parent Psychotherapy",
        "A relationship-based treatment for children up to five who have lived through "
        "frightening or painful events, working with the child and caregiver together.",
        Level.INTERMEDIATE,
        "2",
        ["mental_health", "child_welfare", "home_visiting"],
        [
            (
                "When it helps",
                "Child-Parent Psychotherapy is for young children whose development or "
                "relationships have been shaken by trauma such as violence, loss or separation. "
                "The caregiver and child meet the therapist together, because the relationship "
                "is where healing happens.",
                "Who takes part in the sessions?",
                (
                    "The young child and their caregiver, together with the therapist",
                    "Only the child, so the parent does not interfere",
                    "Only the parent, because the child is too young",
                ),
                "What makes it hard for a frightened parent to comfort a frightened child?",
                [
                    "Parent-infant/young child relationship-based therapies",
                    "Attachment, separation, trauma, grief & loss",
                ],
            ),
            (
                "The three stages",
                "Treatment moves through a foundational phase (getting to know the family, "
                "their history and strengths, and agreeing on goals), a core intervention "
                "phase (helping caregiver and child make sense of what happened and respond to "
                "each other in new ways) and a closing phase (looking back together and "
                "saying goodbye with care).",
                "What happens in the foundational phase?",
                (
                    "The therapist gets to know the family and agrees goals with them",
                    "The family is discharged",
                    "The child is tested for learning disabilities",
                ),
                "How would you prepare a toddler and parent for the end of a helping relationship?",
                ["Family relationships & dynamics", "Relationship-focused practice"],
            ),
            (
                "Outcomes",
                "Studies have found fewer trauma symptoms and behaviour problems in children, "
                "less distress in caregivers and stronger, safer relationships between them "
                "after this treatment, including for families from many cultures.",
                "Which change is a goal for the caregiver as well as the child?",
                (
                    "Less distress and a stronger relationship with the child",
                    "Learning to discipline more strictly",
                    "Spending less time with the child",
                ),
                "Which strength in a family you know could carry them through hard times?",
                ["Supporting emotional health", "Cultural competence"],
            ),
        ],
    ),
    (
        "Infant-Parent Psychotherapy",
        "Therapy for babies and parents together, from pregnancy through the first years.",
        Level.ADVANCED,
        "2",
        ["mental_health", "health_care"],
        [
            (
                "What happens in sessions",
                "Sessions bring parent and baby together, often at home. The therapist watches "
                "their interactions and wonders aloud with the parent about what the baby may "
                "be feeling, and about memories the baby stirs up in the parent.",
                "Why does the therapist wonder aloud about the baby's experience?",
                (
                    "To help the parent see the baby's feelings and needs",
                    "To show the parent they are doing it wrong",
                    "Because babies understand the therapist's words",
                ),
                "When has a baby stirred a strong feeling in you, and what did you do with it?",
                [
                    "Parent-infant/young child relationship-based therapies",
                    "Observation & listening",
                ],
            ),
            (
                "Goals for parent and child",
                "For the baby: feeling safe, developing well and finding comfort in the parent. "
                "For the parent: understanding the baby, feeling more confident and less alone, "
                "and separating old hurts from the present child.",
                "Which is a goal for the parent?",
                (
                    "Seeing the baby as their own person, apart from old hurts",
                    "Becoming the baby's therapist",
                    "Following a strict feeding schedule",
                ),
                "What helps you keep both the parent and the baby in mind at once?",
                ["Family relationships & dynamics", "Responding with empathy"],
            ),
            (
                "Concerns it addresses",
                "Families come with feeding and sleep troubles, a baby who is hard to soothe, "
                "parental depression or anxiety, early separations, or a parent's own history "
                "of loss or trauma getting in the way of closeness.",
                "Which concern might bring a family to this therapy?",
                (
                    "A parent's depression making it hard to enjoy the baby",
                    "Wanting the baby to walk earlier",
                    "Choosing a preschool",
                ),
                "How might a parent's own childhood shape the way they hear their baby cry?",
                ["Attachment, separation, trauma, grief & loss", "Supporting emotional health"],
            ),
            (
                "Working during pregnancy",
                "The work can begin before birth, helping expectant parents imagine the baby, "
                "face fears about becoming a parent and prepare for the relationship ahead.",
                "Why can it help to begin before the baby is born?",
                (
                    "Parents' feelings about the coming baby already shape the relationship",
                    "Unborn babies can attend sessions",
                    "There is nothing to talk about until the birth",
                ),
                "What hopes and worries do expectant parents you meet carry?",
                ["Pregnancy & early parenthood"],
            ),
        ],
    ),
    (
        "Pathways to Endorsement",
        "A short guide to IECMH Endorsement: what it recognises and how training and "
        "reflective supervision count toward it.",
        Level.INTRODUCTORY,
        "1",
        [],
        [
            (
                "What endorsement recognises",
                "Endorsement is a credential that shows a professional's knowledge and skills "
                "in infant and early childhood mental health, across categories for different "
                "roles, from those who promote healthy relationships to those who treat and "
                "those who mentor others.",
                "What does an IECMH Endorsement recognise?",
                (
                    "A professional's specialised knowledge and skills in the field",
                    "A university degree in psychology only",
                    "Years of service regardless of training",
                ),
                "Which category fits the work you do today, and which would you aim for?",
                ["Ethical practice"],
            ),
            (
                "Training and reflective supervision",
                "Applicants show hours of specialised training mapped to the competency "
                "domains and, for most categories, hours of reflective supervision or "
                "consultation with a qualified provider within a set window. Peer consultation "
                "without a facilitator does not count.",
                "Which supervision counts toward endorsement?",
                (
                    "Reflective supervision with a qualified provider within the window",
                    "Peer consultation without a designated facilitator",
                    "Any meeting with a manager",
                ),
                "What do you want from reflective supervision this year?",
                ["Coaching & mentoring"],
            ),
        ],
    ),
]


def _id() -> str:
    return str(uuid.uuid4())


def _body(text: str, question: str, answers: tuple[str, str, str], prompt: str) -> list[dict]:
    right, *wrong = answers
    options = [
        {
            "type": "item",
            "id": _id(),
            "value": {
                "text": right,
                "is_correct": True,
                "feedback": "Yes — that is the heart of it.",
            },
        }
    ] + [
        {
            "type": "item",
            "id": _id(),
            "value": {
                "text": answer,
                "is_correct": False,
                "feedback": "Not quite. The section above answers this; read it again and try "
                "once more.",
            },
        }
        for answer in wrong
    ]
    return [
        {"type": "text", "id": _id(), "value": f"<p>{text}</p>"},
        {
            "type": "check",
            "id": _id(),
            "value": {"question": question, "kind": "single", "options": options},
        },
        {"type": "reflection", "id": _id(), "value": {"prompt": prompt, "guidance": ""}},
    ]


def _course(index: CourseIndexPage, spec) -> CoursePage:
    title, summary, level, hours, disciplines, modules = spec
    slug = title.lower().replace(" ", "-")
    course = CoursePage.objects.child_of(index).filter(slug=slug).first()
    if course is not None:
        return course
    course = index.add_child(
        instance=CoursePage(
            title=title,
            slug=slug,
            summary=summary,
            level=level,
            audience_disciplines=disciplines,
            estimated_hours=Decimal(hours) * len(modules),
        )
    )
    for position, (name, text, question, answers, prompt, areas) in enumerate(modules, 1):
        module = course.add_child(
            instance=ModulePage(
                title=name,
                slug=f"{position}-{name.lower().replace(' ', '-').replace(',', '')}"[:50],
                credit_hours=Decimal(hours),
                pass_mark=100,
                body=_body(text, question, answers, prompt),
            )
        )
        module.competencies.set(Competency.objects.filter(name__in=areas))
        module.save_revision().publish()
    return course


def _work_through(trainee: User, course: CoursePage, modules: int) -> None:
    """Take the first `modules` modules the way a trainee would: visit, answer, reflect."""
    enrolment = enrolment_create(trainee=trainee, course=course)
    for module in list(course.modules())[:modules]:
        module_visit(enrolment=enrolment, module=module)
        for block in module.body:
            if block.block_type == "check":
                right = next(
                    o.id for o in block.value["options"].bound_blocks if o.value["is_correct"]
                )
                check_grade(enrolment=enrolment, module=module, block_id=block.id, selected=[right])
            elif block.block_type == "reflection":
                reflection_save(
                    enrolment=enrolment,
                    module=module,
                    block_id=block.id,
                    text="I noticed how much the relationship carried the child.",
                )


@transaction.atomic
def seed_courses() -> list[CoursePage]:
    """Publish the demo courses (idempotent) and give demo trainees some progress."""
    index = catalogue_ensure(Page.objects.get(depth=2))
    courses = [_course(index, spec) for spec in COURSES]
    by_title = {course.title: course for course in courses}
    progress = [
        ("trainee.maya@attune.example", "Pathways to Endorsement", 2),
        ("trainee.maya@attune.example", "Child-Parent Psychotherapy", 1),
        ("trainee.luis@attune.example", "IECMH across disciplines", 3),
        ("trainee.sam@attune.example", "IECMH across disciplines", 1),
    ]
    for email, title, modules in progress:
        trainee = User.objects.filter(email=email).first()
        # Once enrolled, the trainee's progress is history: seeding again (every `make run`)
        # must not visit or answer again and so move their "last visited" and answer times.
        if trainee is not None and not by_title[title].enrolments.filter(trainee=trainee).exists():
            _work_through(trainee, by_title[title], modules)
    return courses
