from django.urls import path

from vig_service.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("configuration/", views.configuration, name="configuration"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
