from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("configuration/", views.configuration, name="configuration"),
    path("near-limit/", views.near_limit, name="near_limit"),
    path("extension-requests/", views.extension_requests, name="extension_requests"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/footage/", views.footage, name="footage"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/extend/refuse/", views.extension_refuse, name="extension_refuse"),
    path("<int:pk>/extension-request/", views.extension_request, name="extension_request"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/contacts/", views.contacts, name="contacts"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:pk>/contract/", views.contract, name="contract"),
    path("<int:pk>/consents/", views.consents, name="consents"),
    path("<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/questions/", views.questions, name="questions"),
    path("<int:pk>/measures/", views.measures, name="measures"),
    path("<int:pk>/flags/new/", views.flag_raise, name="flag_raise"),
    path("<int:pk>/restriction/", views.restrict, name="restrict"),
    path("<int:pk>/restriction/lift/", views.restriction_lift, name="restriction_lift"),
    path("<int:pk>/flags/<int:flag_pk>/end/", views.flag_end, name="flag_end"),
    path("<int:pk>/measures/<int:measure_pk>/", views.measure_record, name="measure_record"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/traject/", views.traject, name="traject"),
    path("<int:pk>/traject/add/", views.traject_heading_add, name="traject_heading_add"),
    path("<int:pk>/traject/<int:heading_pk>/", views.traject_heading, name="traject_heading"),
    path(
        "<int:pk>/traject/<int:heading_pk>/revisions/",
        views.traject_history,
        name="traject_history",
    ),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
]
