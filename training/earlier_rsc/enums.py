from django.db import models


class EarlierState(models.TextChoices):
    DRAFT = "draft", "Draft"
    WAITING_PROVIDER = "waiting_provider", "Waiting for the provider"
    WAITING_COORDINATOR = "waiting_coordinator", "Waiting for a coordinator"
    ATTESTED = "attested", "Attested by the provider"
    VERIFIED = "verified", "Verified by a coordinator"
    RETURNED = "returned", "Returned"


class EarlierFormat(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    GROUP = "group", "Group"


class Population(models.TextChoices):
    BIRTH_TO_THREE = "0_3", "Birth to 3"
    THREE_TO_SIX = "3_6", "3 to 6"
    BOTH = "both", "Both (birth to 6)"


# The trainee may change the facts only before anyone has vouched for them.
EDITABLE_STATES = (EarlierState.DRAFT, EarlierState.RETURNED)
# Asked of someone, not yet answered.
WAITING_STATES = (EarlierState.WAITING_PROVIDER, EarlierState.WAITING_COORDINATOR)
# Vouched for: counted, and locked for good.
LOCKED_STATES = (EarlierState.ATTESTED, EarlierState.VERIFIED)
