from django.urls import path

from referrals import flag_views, match_views, restriction_views, triage_views, views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.start, name="start"),
    path("configuration/", views.configuration, name="configuration"),
    path("queue/", triage_views.queue, name="queue"),
    path("waiting-list/", triage_views.waiting_list, name="waiting_list"),
    path("restricted/", restriction_views.restricted_records, name="restrictions"),
    path("merges/", match_views.merge_list, name="merges"),
    path("merges/<int:merge_pk>/undo/", match_views.merge_undo, name="merge_undo"),
    path("<int:pk>/matches/<int:child_pk>/", match_views.match_decide, name="match"),
    path("<int:pk>/action/<slug:action>/", triage_views.referral_action, name="action"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/flags/new/", flag_views.flag_raise, name="flag_raise"),
    path("<int:pk>/flags/<int:flag_pk>/end/", flag_views.flag_end, name="flag_end"),
    path("<int:pk>/restriction/", restriction_views.restrict, name="restrict"),
    path("<int:pk>/restriction/lift/", restriction_views.lift, name="restriction_lift"),
    path("<int:pk>/check/", views.check_answers, name="check"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/eligibility/", views.eligibility, name="eligibility"),
    path("<int:pk>/submitted/", views.confirmation, name="confirmation"),
    path("<int:pk>/parents/add/", views.parent_form, name="parent_add"),
    path("<int:pk>/parents/<int:parent_pk>/", views.parent_form, name="parent_change"),
    path("<int:pk>/parents/<int:parent_pk>/remove/", views.parent_remove, name="parent_remove"),
    path("<int:pk>/children/add/", views.child_form, name="child_add"),
    path("<int:pk>/children/<int:child_pk>/", views.child_form, name="child_change"),
    path("<int:pk>/children/<int:child_pk>/remove/", views.child_remove, name="child_remove"),
    path("<int:pk>/<slug:slug>/", views.question, name="question"),
]
