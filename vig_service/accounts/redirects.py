"""Where a person goes after signing in: the page they asked for, if it is on this site."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request) -> str:
    """Where to go after the code step: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(request, url_name: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url(request)})
