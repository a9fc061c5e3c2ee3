"""The first published versions of the Code of Ethics and the Endorsement Agreement, in Attune's
own words: coordinators publish their association's versions as new rows."""

import datetime

from django.db import migrations

TEXTS = [
    (
        "code_of_ethics",
        "2026.1",
        "Code of Ethics",
        "I put the safety and well-being of infants, young children and their families first.\n"
        "I respect each family's culture, language, beliefs and ways of raising children, and "
        "I keep learning about my own assumptions.\n"
        "I keep what families tell me confidential, within the law and my agency's policies, "
        "and I write about them only in de-identified form outside their records.\n"
        "I work within the limits of my training and role, seek reflective supervision/"
        "consultation, and refer families on when they need more than I can offer.\n"
        "I am honest in what I record and report, including the hours and training I claim.\n"
        "I renew this commitment every year.",
    ),
    (
        "endorsement_agreement",
        "2026.1",
        "Endorsement Agreement",
        "I confirm that the information in my application is true and complete, and I allow "
        "the association to check it with the people and institutions I name.\n"
        "I understand that endorsement is a professional credential, not a licence to "
        "practise, and I will describe it accurately.\n"
        "I will keep my membership current, meet the yearly renewal requirements, and tell "
        "the association if anything changes that affects my endorsement.\n"
        "I understand that the association may suspend or withdraw my endorsement if I break "
        "the Code of Ethics or this agreement.",
    ),
]


def seed(apps, schema_editor):
    Text = apps.get_model("applications", "AgreementText")
    for kind, version, title, body in TEXTS:
        Text.objects.get_or_create(
            kind=kind,
            version=version,
            defaults={"title": title, "body": body, "published_on": datetime.date(2026, 1, 1)},
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
