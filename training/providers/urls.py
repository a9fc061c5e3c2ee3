from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("providers/", views.provider_list, name="list"),
    path("providers/new/", views.provider_add, name="add"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="edit"),
    path("providers/<int:pk>/remove/", views.provider_remove, name="remove"),
    path("providers/<int:pk>/verify/", views.provider_verify, name="verify"),
]
