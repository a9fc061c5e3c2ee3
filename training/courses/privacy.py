from training.privacy.enums import Erasure
from training.privacy.registry import register

from .models import Certificate, CheckAttempt, Enrolment, ModuleProgress, ReflectionAnswer

register(Enrolment, user_fields=["trainee"], erasure=Erasure.DELETE)
register(ModuleProgress, user_fields=["trainee"], erasure=Erasure.DELETE)
register(CheckAttempt, user_fields=["trainee"], erasure=Erasure.DELETE)
register(ReflectionAnswer, user_fields=["trainee"], erasure=Erasure.DELETE)
register(Certificate, user_fields=["trainee"], erasure=Erasure.DELETE, file_fields=["pdf"])
