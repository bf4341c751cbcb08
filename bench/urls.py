"""The project's URLs plus the benchmark's floor page; used only by `make bench`."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from vig_service.urls import urlpatterns as project_urlpatterns


def floor(request):
    """The floor: nothing but the base template, through the same middleware."""
    return render(request, "bench/floor.html")


def bare(request):
    """A bare response through the same middleware: what any page costs before its work."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    *project_urlpatterns,
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/bare/", bare, name="bench_bare"),
]
