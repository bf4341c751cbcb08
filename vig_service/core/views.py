"""Home page, service configuration and the error pages."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import ROLE_DESCRIPTIONS, Role
from vig_service.core.forms import ServiceConfigurationForm
from vig_service.core.home import home_cards
from vig_service.core.models import ServiceConfiguration
from vig_service.core.navigation import NAV_ITEMS, configuration_sections
from vig_service.core.services import StaleEditError, settings_section_update


def home(request):
    """What needs each of the user's roles today, with links to where it is done."""
    sections = [
        {
            "role": role,
            "description": ROLE_DESCRIPTIONS[role],
            "links": [item for item in NAV_ITEMS if role in item.roles],
            "cards": home_cards(request.user, role),
        }
        for role in Role
        if role in request.user.roles
    ]
    return render(request, "core/home.html", {"sections": sections})


def settings_tab(request, form, *, template: str, saved: str, service=None, context=None):
    """One tab of the Configuration page: save the section, or show the form again with why not.

    `service` is the app's update service when the section has rows beside it (it takes
    `loaded_at`, `changes`, `by` and the form's `row_changes()`); by default the shared one. A
    stale form is shown again with its entries and the new save's time, so a resend saves it.
    """
    if request.method == "POST" and form.is_valid():
        update = service or partial(settings_section_update, form.section)
        try:
            update(
                loaded_at=form.cleaned_data["loaded_at"],
                changes=form.changes(),
                by=request.user,
                **form.row_changes(),
            )
        except StaleEditError as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, saved)
            return redirect(form.section)
    sections = configuration_sections(request.path)
    return render(
        request, template, {"form": form, "configuration_sections": sections, **(context or {})}
    )


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """Administrators change the service's name, contact details and sign-up domains."""
    instance = ServiceConfiguration.load()
    form = ServiceConfigurationForm(request.POST or None, section=instance)
    events = instance.events.select_related("actor").order_by("-occurred_at", "-pk")[:10]
    return settings_tab(
        request,
        form,
        template="core/configuration.html",
        saved="Configuration saved",
        context={"events": events},
    )


def too_many_requests(request):
    """Too many link e-mails asked for in an hour: the same page whoever the address belongs to."""
    return render(request, "core/too_many_requests.html", status=429)


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement (Public Sector Bodies Accessibility Regulations 2018)."""
    return render(request, "core/accessibility.html")


def csrf_failure(request, reason=""):
    """A form sent without a valid security token, usually because the page was open too long."""
    return render(request, "core/csrf_failure.html", status=403)
