from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/trainee/", views.trainee, name="dashboard_trainee"),
    path("dashboard/supervisor/", views.supervisor, name="dashboard_supervisor"),
    path("dashboard/coordinator/", views.coordinator, name="dashboard_coordinator"),
]
