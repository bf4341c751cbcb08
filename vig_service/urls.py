"""The project's URLs; each app brings its own."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "VIG Service administration"

urlpatterns = [
    path("", include("vig_service.core.urls")),
    path("accounts/", include("vig_service.accounts.urls")),
    path("reminders/", include("diary.preference_urls")),
    path("measures/", include("measures.urls")),
    path("referrals/", include("referrals.urls")),
    path("cases/", include("cases.urls")),
    path("cycles/", include("cycles.urls")),
    path("training/", include("training.urls")),
    path("diary/", include("diary.urls")),
    path("documents/", include("documents.urls")),
    path("family/", include("family.urls")),
    path("django-admin/", admin.site.urls),
    path("audit/", include("vig_service.audit.urls")),
    path("reports/", include("vig_service.reports.urls")),
    path("", include("vig_service.operations.urls")),
    path("privacy/", include("vig_service.privacy.urls")),
]

handler500 = "vig_service.operations.views.server_error"
