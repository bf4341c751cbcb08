"""Home page, service configuration and the error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import ROLE_DESCRIPTIONS, Role
from vig_service.core.forms import ServiceConfigurationForm
from vig_service.core.models import ServiceConfiguration
from vig_service.core.navigation import NAV_ITEMS, configuration_sections, home_figures
from vig_service.core.services import StaleEditError, configuration_update


def home(request):
    """What each of the user's roles can do here, with links to its pages."""
    sections = [
        {
            "role": role,
            "description": ROLE_DESCRIPTIONS[role],
            "links": [item for item in NAV_ITEMS if role in item.roles],
            "figures": home_figures(request.user, role),
        }
        for role in Role
        if role in request.user.roles
    ]
    return render(request, "core/home.html", {"sections": sections})


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """Administrators change the service's name, contact details and sign-up domains."""
    instance = ServiceConfiguration.load()
    form = ServiceConfigurationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.Meta.fields}
        try:
            configuration_update(
                version=form.cleaned_data["version"], changes=changes, by=request.user
            )
        except StaleEditError as stale:
            form.add_error(None, stale.message)
            form.data = form.data.copy()
            form.data["version"] = instance.updated_at.isoformat()
        else:
            messages.success(request, "Configuration saved")
            return redirect("core:configuration")
    events = instance.events.select_related("actor").order_by("-occurred_at", "-pk")[:10]
    return render(
        request,
        "core/configuration.html",
        {
            "form": form,
            "events": events,
            "configuration_sections": configuration_sections(request.path),
        },
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
