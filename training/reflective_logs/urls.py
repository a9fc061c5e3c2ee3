from django.urls import path

from . import views

app_name = "reflective_logs"

urlpatterns = [
    path("logs/", views.log_list, name="list"),
    path("logs/new/", views.log_create, name="create"),
    path("logs/export/<str:fmt>/", views.export, name="export"),
    path("logs/<int:pk>/", views.log_detail, name="detail"),
    path("logs/<int:pk>/edit/", views.log_edit, name="edit"),
    path("logs/<int:pk>/autosave/", views.log_autosave, name="autosave"),
    path("logs/<int:pk>/check/", views.log_check, name="check"),
    path("logs/<int:pk>/discard/", views.log_discard, name="discard"),
    path("logs/<int:pk>/addenda/", views.addendum_create, name="addendum_create"),
    path(
        "logs/<int:pk>/provider-link/<str:action>/",
        views.provider_link_change,
        name="provider_link_change",
    ),
    path("logs/signed-by-me/", views.signed_by_me, name="signed_by_me"),
    path("logs/provider/<str:token>/", views.provider_review, name="provider_review"),
    path("review/", views.review_queue, name="queue"),
    path("review/group-sessions/", views.group_sessions, name="group_sessions"),
    path("review/group-sessions/new/", views.group_session_create, name="group_session_create"),
    path("review/group-sessions/<int:session_pk>/", views.group_session, name="group_session"),
    path(
        "review/group-sessions/<int:session_pk>/sign/",
        views.group_session_sign,
        name="group_session_sign",
    ),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/comment/", views.review_comment, name="comment"),
    path("review/<int:pk>/return/", views.review_return, name="return"),
    path("review/<int:pk>/sign-off/", views.review_sign_off, name="sign_off"),
    path(
        "review/<int:pk>/addenda/<int:addendum_pk>/sign/",
        views.addendum_sign,
        name="addendum_sign",
    ),
]
