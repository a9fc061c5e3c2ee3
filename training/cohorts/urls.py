from django.urls import path

from . import views

urlpatterns = [
    path("coordination/cohorts/", views.cohort_list, name="cohort_list"),
    path("coordination/cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path(
        "coordination/cohorts/<int:pk>/export.<str:fmt>",
        views.cohort_export,
        name="cohort_export",
    ),
    path("coordination/cohorts/<int:pk>/invite/", views.cohort_invite, name="cohort_invite"),
    path(
        "coordination/cohorts/<int:pk>/group-sessions/",
        views.cohort_group_sessions,
        name="cohort_group_sessions",
    ),
    path("coordination/cohorts/<int:pk>/pairings/new/", views.cohort_pair, name="cohort_pair"),
    path(
        "coordination/cohorts/<int:pk>/pairings/<int:assignment_pk>/end/",
        views.cohort_pairing_end,
        name="cohort_pairing_end",
    ),
    path("coordination/cohorts/<int:pk>/enrol/", views.cohort_enrol_course, name="cohort_enrol"),
    path(
        "coordination/cohorts/<int:pk>/trainees/<int:user_pk>/application/",
        views.cohort_application,
        name="cohort_application",
    ),
    path("invitations/<str:token>/", views.invitation, name="cohort_invitation"),
]
