from django.urls import path

from vig_service.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("configuration/", views.configuration, name="configuration"),
    path("referrals.csv", views.referrals_csv, name="referrals_csv"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/download.csv", views.report_csv, name="report_csv"),
]
