from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.training_list, name="competencies_training_list"),
    path("training/add/", views.training_add, name="competencies_training_add"),
    path(
        "training/<int:pk>/certificate/",
        views.training_certificate,
        name="competencies_training_certificate",
    ),
    path("training/review/", views.verification_queue, name="competencies_verification_queue"),
    path("training/<int:pk>/verify/", views.training_verify, name="competencies_training_verify"),
    path("training/<int:pk>/reject/", views.training_reject, name="competencies_training_reject"),
    path("readiness/", views.readiness_mine, name="competencies_readiness"),
    path("readiness/people/<int:user_id>/", views.readiness_of, name="competencies_readiness_of"),
    path(
        "readiness/portfolio/", views.portfolio_request_view, name="competencies_portfolio_request"
    ),
    path(
        "readiness/portfolio/<int:pk>/",
        views.portfolio_download,
        name="competencies_portfolio_download",
    ),
]
