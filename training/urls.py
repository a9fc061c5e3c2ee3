from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from training.core.health import healthz
from training.core.media import public_media
from training.users import views as user_views

# Every password is checked by allauth's login, so MFA and rate limits cannot be skipped: the
# admins' own login views send people there, and Wagtail's front-end login and shared-password
# forms (for private pages and documents, which Attune does not use) are not routed at all.
admin.site.login = secure_admin_login(admin.site.login)
to_allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("admin/login/", to_allauth_login, name="wagtailadmin_login_redirect"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/<int:document_id>/",
        user_views.not_routed,
    ),
    path("documents/", include(wagtaildocs_urls)),
    # Enrolling a first authenticator proves its code: the wrapper records that as the factor.
    path("accounts/2fa/totp/activate/", user_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("", include("training.users.urls")),
    path("", include("training.dashboards.urls")),
    path("", include("training.privacy.urls")),
    path("", include("training.cohorts.urls")),
    path("", include("training.reports.urls")),
    path("", include("training.reflective_logs.urls")),
    path("", include("training.records.urls")),
    path("", include("training.applications.urls")),
    path("", include("training.readiness.urls")),
    path("", include("training.references.urls")),
    path("", include("training.providers.urls")),
    path("", include("training.earlier_rsc.urls")),
    path("", include("training.notifications.urls")),
    path("", include("training.courses.urls")),
]

urlpatterns.insert(0, path("healthz/", healthz, name="healthz"))
if "training.scale" in settings.INSTALLED_APPS:  # dev and test only: the bench's reference
    urlpatterns.insert(0, path("", include("training.scale.urls")))
if settings.ATTUNE_STORAGE == "filesystem":
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", public_media, name="media")
    )

urlpatterns += [
    path("_util/login/", to_allauth_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        user_views.not_routed,
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(serve_pattern, wagtail_views.serve, name="wagtail_serve"),
]
