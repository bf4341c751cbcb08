from django.urls import path

from diary import feed_views, views

app_name = "diary"

urlpatterns = [
    path("", views.my_diary, name="mine"),
    path("team/", views.team, name="team"),
    path("plan/", views.plan, name="plan"),
    path("plan/case/<int:case_pk>/", views.plan_for_case, name="plan_for_case"),
    path("plan/case/<int:case_pk>/filming/", views.plan_filming, name="plan_filming"),
    path("plan/case/<int:case_pk>/shared-review/", views.plan_review, name="plan_review"),
    path(
        "plan/course/<int:course_pk>/day/<int:number>/",
        views.plan_course_day,
        name="plan_course_day",
    ),
    path("plan/trainee/<int:trainee_pk>/", views.plan_supervision, name="plan_supervision"),
    path("appointments/<int:pk>/", views.appointment, name="appointment"),
    path("appointments/<int:pk>/change/", views.change, name="change"),
    path("appointments/<int:pk>/held/", views.hold, name="hold"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/not-attended/", views.missed, name="missed"),
    path("calendar/", feed_views.feed_settings, name="feed_settings"),
    path("calendar/renew/", feed_views.feed_renew, name="feed_renew"),
    path("calendar/stop/", feed_views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", feed_views.feed, name="feed"),
]
