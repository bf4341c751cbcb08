"""The Sign-in section of the Configuration page: the providers staff may sign in with."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from vig_service.accounts.models import IdentityProvider, User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.accounts.sso.client import client_secret
from vig_service.accounts.sso.forms import IdentityProviderForm
from vig_service.accounts.sso.services import identity_provider_save
from vig_service.core.form_pages import form_page


@role_required(Role.ADMINISTRATOR)
def providers(request):
    """Each provider, whether its secret is set, and how many people sign in with it."""
    rows = [
        {
            "provider": provider,
            "secret_set": bool(client_secret(provider)),
            "people": User.objects.filter(sso_provider=provider).count(),
        }
        for provider in IdentityProvider.objects.all()
    ]
    return render(request, "accounts/providers.html", {"rows": rows})


@role_required(Role.ADMINISTRATOR)
def provider_edit(request, pk=None):
    """Add a provider, or change one."""
    provider = get_object_or_404(IdentityProvider, pk=pk) if pk else None
    form = IdentityProviderForm(request.POST or None, instance=provider)
    return form_page(
        request,
        form,
        title="Change a sign-in provider" if provider else "Add a sign-in provider",
        save=lambda data: identity_provider_save(form=form, by=request.user),
        done=lambda saved: f"{saved.name} saved. Its client secret goes in {saved.secret_setting}",
        back=reverse("accounts:providers"),
        template="accounts/provider_form.html",
        refusals=(),
        context={"provider": provider},
    )
