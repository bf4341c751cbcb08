from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/status/", views.course_status, name="course_status"),
    path("courses/<int:pk>/enrol/", views.enrolment_add, name="enrolment_add"),
    path(
        "courses/<int:pk>/enrolments/<int:enrolment_pk>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("courses/<int:pk>/days/<int:number>/attendance/", views.attendance, name="attendance"),
    path(
        "courses/<int:pk>/enrolments/<int:enrolment_pk>/days/<int:number>/make-up/",
        views.make_up,
        name="make_up",
    ),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/new/", views.trainee_create, name="trainee_create"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/supervision/new/", views.supervision_add, name="supervision_add"),
    path("trainees/<int:pk>/counts/", views.trainee_counts, name="trainee_counts"),
    path("trainees/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("supervisees/", views.supervisees, name="supervisees"),
    path("configuration/", views.configuration, name="configuration"),
]
