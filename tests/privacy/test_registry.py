from django.apps import apps
from django.conf import settings

from training.privacy import registry


def user_links(model) -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f.name
        for f in model._meta.get_fields(include_parents=False)
        if not f.auto_created
        and getattr(f, "related_model", None) is user_model
        and (f.many_to_one or f.one_to_one or f.many_to_many)
    }


def test_every_model_linked_to_a_person_declares_its_personal_data():
    missing = []
    for model in apps.get_models():
        links = user_links(model)
        if not links:
            continue
        entry = next((e for e in registry.entries() if e.model is model), None)
        covered = set(entry.user_fields) | set(entry.reference_fields) if entry else set()
        if not links <= covered:
            missing.append(f"{model._meta.label}: {sorted(links - covered)}")
    assert missing == [], "Register these in the app's privacy.py: " + "; ".join(missing)


def test_the_account_itself_is_registered():
    assert registry.is_registered(apps.get_model(settings.AUTH_USER_MODEL))
