from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_pk>/", views.case_list, name="case_list"),
    path("case/<int:case_pk>/add/", views.case_add, name="case_add"),
    path("case/<int:case_pk>/<int:pk>/download/", views.case_download, name="case_download"),
    path("referral/<int:referral_pk>/", views.referral_list, name="referral_list"),
    path("referral/<int:referral_pk>/add/", views.referral_add, name="referral_add"),
    path(
        "referral/<int:referral_pk>/<int:pk>/download/",
        views.referral_download,
        name="referral_download",
    ),
]
