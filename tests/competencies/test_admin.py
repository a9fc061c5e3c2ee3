from http import HTTPStatus

import pytest

from tests.competencies.factories import category
from training.competencies.models import ProviderQualification

pytestmark = pytest.mark.django_db

CATEGORY_LIST = "/admin/snippets/competencies/endorsementcategory/"
PROVIDERS = "/admin/provider_qualifications/"


def test_coordinators_edit_categories_and_the_provider_registry(login, coordinator, supervisor):
    client = login(coordinator)
    assert client.get(CATEGORY_LIST).status_code == HTTPStatus.OK
    edit = f"{CATEGORY_LIST}edit/{category('IMHS').pk}/"
    assert client.get(edit).status_code == HTTPStatus.OK
    assert client.get(PROVIDERS).status_code == HTTPStatus.OK
    response = client.post(
        f"{PROVIDERS}new/",
        {"supervisor": supervisor.pk, "category": "", "expires_on": "2030-01-01"},
    )
    # Neither a category nor vetting: refused with a message, nothing saved.
    assert response.status_code == HTTPStatus.OK
    assert not ProviderQualification.objects.exists()
    response = client.post(
        f"{PROVIDERS}new/",
        {"supervisor": supervisor.pk, "category": category("IMHS").pk, "expires_on": "2030-01-01"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ProviderQualification.objects.get().category.code == "IMHS"


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_others_cannot_open_them(login, role, request):
    client = login(request.getfixturevalue(role))
    for url in (CATEGORY_LIST, PROVIDERS):
        response = client.get(url)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        assert "Infant Mental Health Specialist" not in response.content.decode()
