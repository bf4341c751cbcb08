from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_pk>/", views.case_list, name="case_list"),
    path("case/<int:case_pk>/add/", views.case_add, name="case_add"),
    path("case/<int:case_pk>/contract/", views.contract_write, name="contract_write"),
    path("case/<int:case_pk>/<int:pk>/download/", views.case_download, name="case_download"),
    path("case/<int:case_pk>/<int:pk>/check/", views.case_check_again, name="case_check_again"),
    path("referral/<int:referral_pk>/", views.referral_list, name="referral_list"),
    path("referral/<int:referral_pk>/add/", views.referral_add, name="referral_add"),
    path(
        "referral/<int:referral_pk>/letter/",
        views.decision_letter_write,
        name="decision_letter_write",
    ),
    path(
        "referral/<int:referral_pk>/<int:pk>/download/",
        views.referral_download,
        name="referral_download",
    ),
    path("course/<int:course_pk>/", views.course_list, name="course_list"),
    path(
        "course/<int:course_pk>/certificates/",
        views.certificates_write,
        name="certificates_write",
    ),
    path(
        "course/<int:course_pk>/<int:pk>/download/",
        views.course_download,
        name="course_download",
    ),
    path("trainee/<int:trainee_pk>/", views.trainee_list, name="trainee_list"),
    path("trainee/<int:trainee_pk>/add/", views.trainee_add, name="trainee_add"),
    path(
        "trainee/<int:trainee_pk>/<int:pk>/download/",
        views.trainee_download,
        name="trainee_download",
    ),
    path("letters/", views.template_list, name="letter_templates"),
    path("letters/<slug:kind>/", views.template_edit, name="letter_template"),
    path("configuration/", views.configuration, name="configuration"),
]
