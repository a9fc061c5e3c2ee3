from django.urls import path

from . import views

urlpatterns = [
    path("supervision/supervisees/", views.supervisees, name="reports_supervisees"),
    path("coordination/courses/", views.course_list, name="reports_courses"),
    path("coordination/courses/<int:pk>/", views.course_detail, name="reports_course"),
]
