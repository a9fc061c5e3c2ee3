from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "training.competencies"
    label = "competencies"
    verbose_name = "Competencies and endorsement"
