from django.urls import path

from vig_service.privacy import views

app_name = "privacy"

urlpatterns = [
    path("notice/", views.notice, name="notice"),
    path("configuration/", views.configuration, name="configuration"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path(
        "subject-access/<int:pk>/download/",
        views.subject_access_download,
        name="subject_access_download",
    ),
]
