from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("learn/", views.catalogue, name="catalogue"),
    path("learn/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("learn/modules/<int:module_id>/read/", views.module_read, name="module_read"),
    path(
        "learn/modules/<int:module_id>/checks/<str:block_id>/",
        views.check_submit,
        name="check_submit",
    ),
    path(
        "learn/modules/<int:module_id>/reflections/<str:block_id>/",
        views.reflection_save,
        name="reflection_save",
    ),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path(
        "certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
]
