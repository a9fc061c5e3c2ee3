from django.urls import path

from . import views

urlpatterns = [
    path("application/references/", views.references_list, name="references_list"),
    path("application/references/invite/", views.references_invite, name="references_invite"),
    path("application/references/<int:pk>/", views.references_detail, name="references_detail"),
    path(
        "application/references/<int:pk>/resend/",
        views.references_resend,
        name="references_resend",
    ),
    path(
        "application/references/<int:pk>/withdraw/",
        views.references_revoke,
        name="references_revoke",
    ),
    path(
        "application/references/of/<int:user_id>/",
        views.references_of,
        name="references_of",
    ),
    path("references/rate/done/", views.references_rate_done, name="references_rate_done"),
    path("references/rate/<str:token>/", views.references_rate, name="references_rate"),
]
