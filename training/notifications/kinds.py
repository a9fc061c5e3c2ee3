"""Every email kind in one table: what it is, whether it can be turned off, whether it shows in
the notification centre, and how an outbox message is recognised as one.

Callers may name the kind when they queue a message; otherwise it is read from the message's
dedupe key, whose shape each sending app already fixes (tests/notifications walks them all).
"""

import re
from dataclasses import dataclass

from .enums import NotificationKind as K


@dataclass(frozen=True)
class KindSpec:
    kind: str
    description: str
    # False: always emailed, whatever the person chose (security, integrity).
    email_optional: bool = True
    # False: email only (a one-time code must not sit in a second place; outside providers
    # have no account to see it).
    in_app: bool = True
    # Where the in-app item leads when the message carries no link of its own.
    default_url_name: str = ""


SPECS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            K.LOG_TO_REVIEW,
            "A supervisee submits a reflective log, or a correction to one, for you to review.",
            default_url_name="reflective_logs:queue",
        ),
        KindSpec(
            K.LOG_RETURNED,
            "Your supervisor returns one of your logs with a request for changes.",
            default_url_name="reflective_logs:list",
        ),
        KindSpec(
            K.LOG_SIGNED,
            "One of your logs, or your group session attendance, is signed and its hours count.",
            default_url_name="reflective_logs:list",
        ),
        KindSpec(
            K.VERIFICATION,
            "A coordinator or provider verifies, confirms or returns one of your records.",
            default_url_name="earlier_rsc:list",
        ),
        KindSpec(
            K.APPLICATION,
            "Your endorsement application moves to its next step.",
            default_url_name="applications_home",
        ),
        KindSpec(
            K.REFERENCE,
            "Someone completes a reference rating you asked for.",
            default_url_name="references_list",
        ),
        KindSpec(K.INVITATION, "A coordinator invites you to join a training cohort."),
        KindSpec(
            K.REMINDER,
            "Logs waiting a while, a long spell without a log, a renewal coming up, a provider's "
            "vetting lapsing.",
        ),
        KindSpec(
            K.DATA_EXPORT,
            "A copy of your data that you asked for is ready.",
            default_url_name="privacy_my_data",
        ),
        KindSpec(
            K.LEDGER_DIGEST,
            "The daily sign-off ledger digest: the emailed copy is the record that tampering is "
            "checked against, so it is always sent.",
            email_optional=False,
        ),
        KindSpec(
            K.PROVIDER_LINK,
            "Links for outside providers, who have no account to read notifications in.",
            email_optional=False,
            in_app=False,
        ),
        KindSpec(
            K.SECURITY,
            "One-time codes for outside providers' links.",
            email_optional=False,
            in_app=False,
        ),
        KindSpec(K.OTHER, "Anything else Attune emails you.", email_optional=False),
    )
}

OPTIONAL_KINDS = tuple(kind for kind, spec in SPECS.items() if spec.email_optional)

# Dedupe keys as the sending apps write them, most specific first.
_PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"^rlog-\d+-submitted-", K.LOG_TO_REVIEW),
        (r"^rlog-addendum-", K.LOG_TO_REVIEW),
        (r"^rlog-\d+-returned-", K.LOG_RETURNED),
        (r"^rlog-\d+-signed$", K.LOG_SIGNED),
        (r"^rlog-attendance-", K.LOG_SIGNED),
        (r"^rlog-\d+-overdue-", K.REMINDER),
        (r"^rlog-idle-", K.REMINDER),
        (r"^renewal-", K.REMINDER),
        (r"^vetting-lapse-", K.REMINDER),
        (r"^reference-\d+-reminder-", K.REMINDER),
        (r"^reference-\d+-", K.REFERENCE),
        (r"^invitation-", K.INVITATION),
        (r"^application-return:", K.VERIFICATION),
        (r"^earlier-rsc-", K.VERIFICATION),
        (r"^application-status:", K.APPLICATION),
        (r"^data-export-", K.DATA_EXPORT),
        (r"^ledger-digest-", K.LEDGER_DIGEST),
        (r"^provider-link-\d+-code-", K.SECURITY),
        (r"^provider-link-\d+$", K.PROVIDER_LINK),
    )
)


def kind_for_key(dedupe_key: str | None) -> str:
    """The kind of a message from its dedupe key; OTHER when the key says nothing known."""
    for pattern, kind in _PATTERNS:
        if dedupe_key and pattern.search(dedupe_key):
            return kind
    return K.OTHER


def spec_for(kind: str) -> KindSpec:
    return SPECS.get(kind, SPECS[K.OTHER])
