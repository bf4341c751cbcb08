from django.urls import path

from vig_service.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("refused/", views.denials, name="denials"),
    path("referrals/<int:pk>/changes/", views.changes, name="changes"),
    path("configuration/", views.configuration, name="configuration"),
]
