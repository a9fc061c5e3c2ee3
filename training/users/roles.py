"""The permissions each role's group carries. Apps add their models' codenames here."""

from .enums import Role

# Model permissions ("app_label.codename") granted to each role's group.
ROLE_MODEL_PERMISSIONS: dict[str, list[str]] = {
    Role.TRAINEE: [],
    Role.SUPERVISOR: [],
    Role.COORDINATOR: [
        "wagtailadmin.access_admin",
        "users.add_supervisionassignment",
        "users.change_supervisionassignment",
        "users.delete_supervisionassignment",
        "users.view_supervisionassignment",
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
