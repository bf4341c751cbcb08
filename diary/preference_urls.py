"""The reminders' own address: a person's daily digest setting."""

from django.urls import path

from diary import preferences

app_name = "reminders"

urlpatterns = [
    path("", preferences.preference, name="preference"),
]
