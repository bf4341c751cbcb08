from django.urls import path

from family import staff_views, views

app_name = "family"

urlpatterns = [
    # The guider's side, on a case (audited against the case: vig_service/audit/middleware.py).
    path("cases/<int:case_pk>/", staff_views.case_links, name="case_links"),
    path("cases/<int:case_pk>/new/<slug:purpose>/", staff_views.link_add, name="link_add"),
    path("cases/<int:case_pk>/<int:pk>/stop/", staff_views.link_revoke, name="link_revoke"),
    path("cases/<int:case_pk>/<int:pk>/renew/", staff_views.link_renew, name="link_renew"),
    path("configuration/", staff_views.configuration, name="configuration"),
    # The family's side, behind the link's token (no account).
    path("<str:token>/", views.start, name="start"),
    path("<str:token>/page/", views.page, name="page"),
    path("<str:token>/contract/", views.contract, name="contract"),
    path("<str:token>/withdraw/<int:consent_pk>/", views.withdraw, name="withdraw"),
    path("<str:token>/questions/check/", views.check, name="check"),
    path("<str:token>/questions/<slug:step>/", views.question, name="question"),
]
