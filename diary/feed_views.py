"""The calendar feed: its settings page, renewing or stopping it, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from diary import calendar, selectors, services
from diary.views import DIARY_ROLES
from vig_service.accounts.permissions import role_required
from vig_service.core.downloads import serve_to


@role_required(*DIARY_ROLES)
def feed_settings(request):
    """Your calendar feed: its private address, to renew or stop."""
    feed = selectors.feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("diary:feed", args=[feed.token])) if feed else ""
    return render(request, "diary/feed_settings.html", {"feed": feed, "feed_url": url})


@require_POST
@role_required(*DIARY_ROLES)
def feed_renew(request):
    """A new feed address; any calendar using the old one stops updating."""
    existed = selectors.feed_for(user=request.user) is not None
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request,
        "New calendar address made. The old one no longer works"
        if existed
        else "Calendar address made. Add it to Outlook or your phone's calendar",
    )
    return redirect("diary:feed_settings")


@require_POST
@role_required(*DIARY_ROLES)
def feed_revoke(request):
    """Stop the feed; its address is a 404 from now on."""
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, "Calendar feed stopped")
    return redirect("diary:feed_settings")


@login_not_required
@require_GET
def feed(request, token):
    """The iCalendar feed behind its private token: references and kinds only, never names."""
    owner, appointments = selectors.feed_appointments(token=token)
    if owner is None:
        raise Http404
    body = calendar.to_ical(appointments, site=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vig-diary.ics"'
    response["Cache-Control"] = "private, no-store"
    # No one signs in for a feed: the audit records it as a download by its owner.
    return serve_to(response, owner.user)
