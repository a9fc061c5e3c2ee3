import datetime

import factory
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.reflective_logs import services
from training.reflective_logs.enums import Modality, SessionFormat
from training.reflective_logs.models import ReflectiveLog, SupervisionSession

CANARY = "canary-7f3b9c-kestrel"


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    minutes = 60
    format = SessionFormat.INDIVIDUAL
    modality = Modality.VIDEO
    provider = factory.SubFactory(UserFactory, supervisor=True)
    recorded_by = factory.SelfAttribute("provider")


class ReflectiveLogFactory(factory.django.DjangoModelFactory):
    """A log with a paired supervisor; `state=` walks it to submitted, returned or signed_off
    (or kept, for peer consultation)."""

    class Meta:
        model = ReflectiveLog
        skip_postgeneration_save = True

    trainee = factory.SubFactory(UserFactory, trainee=True)
    session = factory.SubFactory(SupervisionSessionFactory)
    family_story = "The parent (M) spoke about the first weeks at home."
    baby_in_mind = "The baby turned toward her voice; I wondered what he needed."
    use_of_self = f"I felt rushed and noticed it in my body. {CANARY}"
    take_forward = "Slow down before the next visit."

    @factory.post_generation
    def paired(self, create, extracted, **kwargs):
        if create and extracted is not False:
            SupervisionAssignmentFactory(
                supervisor=self.session.provider,
                trainee=self.trainee,
                starts_on=self.session.held_on - datetime.timedelta(days=30),
            )

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)

    @factory.post_generation
    def state(self, create, extracted, **kwargs):
        """Walk the log through the real services to the state asked for."""
        if not create or extracted in (None, "draft"):
            return
        if extracted == "kept":
            services.log_keep(log_id=self.pk, trainee=self.trainee, deid_confirmed=True)
            self.refresh_from_db()
            return
        peer = SupervisionSession.objects.filter(pk=self.session_id, is_peer=True)
        if legacy_peer := peer.exists():
            # A peer log sent for review before peer consultation was kept (as older rows were):
            # submitted as an ordinary session, then flagged back, as it was stored.
            peer.update(is_peer=False)
        services.log_submit(log_id=self.pk, trainee=self.trainee, deid_confirmed=True)
        if legacy_peer:
            SupervisionSession.objects.filter(pk=self.session_id).update(is_peer=True)
        if extracted == "returned":
            services.log_return(log_id=self.pk, reviewer=self.session.provider, request="More?")
        if extracted == "signed_off":
            services.log_sign_off(log_id=self.pk, reviewer=self.session.provider, attested=True)
        self.refresh_from_db()
