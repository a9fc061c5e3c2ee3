from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/trainee/", views.trainee, name="dashboard_trainee"),
    path(
        "dashboard/trainee/application/start/",
        views.trainee_application_start,
        name="dashboard_application_start",
    ),
    path("dashboard/supervisor/", views.supervisor, name="dashboard_supervisor"),
    path("dashboard/coordinator/", views.coordinator, name="dashboard_coordinator"),
]
