"""Erasure removes a trainee's unsigned logs and keeps signed RSC records, pseudonymised."""

import pytest

from tests.factories import UserFactory
from training.privacy.services import privacy_collect, user_erase
from training.reflective_logs.models import ReflectiveLog, SignOff

from .factories import CANARY, ReflectiveLogFactory

pytestmark = pytest.mark.django_db


def test_erasure_deletes_drafts_and_keeps_signed_logs_linked_to_the_pseudonym(trainee, supervisor):
    draft = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor)
    signed = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="signed_off")
    user_erase(user=trainee, actor=UserFactory(is_superuser=True))
    assert not ReflectiveLog.objects.filter(pk=draft.pk).exists()
    kept = ReflectiveLog.objects.get(pk=signed.pk)
    assert kept.trainee.email.endswith("@erased.invalid")
    assert SignOff.objects.filter(log=kept).exists()


def test_a_trainees_export_holds_their_logs_text(signed_log):
    data, _files = privacy_collect(user=signed_log.trainee)
    assert CANARY in data["reflective_logs.ReflectiveLog"][0]["use_of_self"]


def test_another_persons_export_holds_none_of_it(signed_log, other_trainee):
    data, _files = privacy_collect(user=other_trainee)
    assert CANARY not in str(data)
