from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.training_list, name="records_training_list"),
    path("training/add/", views.training_add, name="records_training_add"),
    path(
        "training/<int:pk>/certificate/",
        views.training_certificate,
        name="records_training_certificate",
    ),
    path("training/review/", views.verification_queue, name="records_verification_queue"),
    path("training/<int:pk>/verify/", views.training_verify, name="records_training_verify"),
    path("training/<int:pk>/reject/", views.training_reject, name="records_training_reject"),
]
