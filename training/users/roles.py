"""The permissions each role's group carries. Apps add their models' codenames here."""

from .enums import Role

# Model permissions ("app_label.codename") granted to each role's group.
ROLE_MODEL_PERMISSIONS: dict[str, list[str]] = {
    Role.TRAINEE: [],
    Role.SUPERVISOR: [],
    Role.COORDINATOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        *(
            f"competencies.{action}_{model}"
            for model in (
                "competencyframework",
                "domain",
                "competency",
                "endorsementcategory",
                "providerqualification",
            )
            for action in ("add", "change", "delete", "view")
        ),
        # Agreement versions are published, never deleted: acceptances name them.
        *(f"applications.{action}_agreementtext" for action in ("add", "change", "view")),
    ],
}

# Permissions a role's group must not hold, removed on every sync (groups made by an earlier
# version kept them). Pairings change only through the cohort services, which check the
# coordinator's cohort; a model permission would let any admin form edit any pairing.
ROLE_WITHDRAWN_PERMISSIONS: dict[str, list[str]] = {
    Role.TRAINEE: [],
    Role.SUPERVISOR: [],
    Role.COORDINATOR: [
        f"users.{action}_supervisionassignment" for action in ("add", "change", "delete", "view")
    ],
}

# Page permissions coordinators hold over the whole page tree.
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Collection permissions (images and documents) coordinators hold over the root collection.
COORDINATOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
