from django.urls import path

from . import views

urlpatterns = [
    path("account/data/", views.my_data, name="privacy_my_data"),
    path("account/data/request/", views.my_data_request, name="privacy_my_data_request"),
    path("account/data/<str:token>/", views.my_data_download, name="privacy_my_data_download"),
    path("coordination/erasure/", views.erasure, name="privacy_erasure"),
]
