from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# Every admin login goes through allauth, so MFA and rate limits cannot be skipped.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("training.users.urls")),
    path("", include("training.dashboards.urls")),
    path("", include("training.privacy.urls")),
    path("", include("training.cohorts.urls")),
    path("", include("training.reports.urls")),
    path("", include("training.reflective_logs.urls")),
    path("", include("training.competencies.urls")),
    path("", include("training.courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
