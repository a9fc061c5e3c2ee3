from django.urls import path

from . import views

urlpatterns = [
    path("supervision/supervisees/", views.supervisees, name="reports_supervisees"),
]
