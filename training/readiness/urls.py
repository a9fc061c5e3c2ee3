from django.urls import path

from . import views

urlpatterns = [
    path("readiness/", views.readiness_mine, name="readiness"),
    path("readiness/people/<int:user_id>/", views.readiness_of, name="readiness_of"),
    path("readiness/portfolio/", views.portfolio_request_view, name="readiness_portfolio_request"),
    path(
        "readiness/portfolio/<int:pk>/",
        views.portfolio_download,
        name="readiness_portfolio_download",
    ),
    path(
        "readiness/portfolio/<int:pk>/status/",
        views.portfolio_status,
        name="readiness_portfolio_status",
    ),
    path("readiness/packet/", views.packet_request_view, name="readiness_packet_request"),
    path(
        "readiness/people/<int:user_id>/packet/",
        views.packet_request_for_view,
        name="readiness_packet_request_for",
    ),
    path("readiness/packet/<int:pk>/", views.packet_download, name="readiness_packet_download"),
]
