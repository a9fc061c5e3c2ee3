from django.urls import path

from . import views

urlpatterns = [
    path("application/", views.applications_home, name="applications_home"),
    path("application/agreements/", views.agreements, name="applications_agreements"),
    path(
        "application/agreements/<int:pk>/accept/",
        views.agreement_accept,
        name="applications_agreement_accept",
    ),
    path(
        "application/education/<int:pk>/transcript/",
        views.education_transcript,
        name="applications_education_transcript",
    ),
    path("application/review/", views.verification_queue, name="applications_verification_queue"),
    path("application/of/<int:user_id>/", views.applications_of, name="applications_of"),
    path("application/of/<int:user_id>/exam/", views.exam_record, name="applications_exam_record"),
]

# The same five pages for each kind of record, e.g. applications_work_edit.
for kind in ("education", "work", "membership"):
    fixed = {"kind": kind}
    urlpatterns += [
        path(f"application/{kind}/add/", views.record_add, fixed, name=f"applications_{kind}_add"),
        path(
            f"application/{kind}/<int:pk>/edit/",
            views.record_edit,
            fixed,
            name=f"applications_{kind}_edit",
        ),
        path(
            f"application/{kind}/<int:pk>/delete/",
            views.record_delete,
            fixed,
            name=f"applications_{kind}_delete",
        ),
        path(
            f"application/{kind}/<int:pk>/verify/",
            views.record_verify,
            fixed,
            name=f"applications_{kind}_verify",
        ),
        path(
            f"application/{kind}/<int:pk>/return/",
            views.record_return,
            fixed,
            name=f"applications_{kind}_return",
        ),
    ]
