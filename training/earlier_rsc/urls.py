from django.urls import path

from . import views

app_name = "earlier_rsc"

urlpatterns = [
    path("earlier-rsc/", views.earlier_list, name="list"),
    path("earlier-rsc/new/", views.earlier_add, name="add"),
    path("earlier-rsc/<int:pk>/edit/", views.earlier_edit, name="edit"),
    path("earlier-rsc/<int:pk>/ask/", views.earlier_ask, name="ask"),
    path("earlier-rsc/<int:pk>/upload/", views.earlier_upload, name="upload"),
    path("earlier-rsc/<int:pk>/document/", views.earlier_document, name="document"),
    path("earlier-rsc/attest/<str:token>/", views.attest, name="attest"),
    path("coordination/earlier-rsc/", views.earlier_queue, name="queue"),
    path("coordination/earlier-rsc/<int:pk>/", views.earlier_review, name="review"),
    path("coordination/earlier-rsc/<int:pk>/verify/", views.earlier_verify, name="verify"),
    path("coordination/earlier-rsc/<int:pk>/return/", views.earlier_return, name="return"),
]
