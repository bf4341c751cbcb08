"""Writes for single sign-on: a referrer created on first sign-in, and the sign-in records."""

from django.db import transaction

from vig_service.accounts.models import IdentityProvider, User, UserEvent
from vig_service.accounts.roles import Role
from vig_service.accounts.services import user_set_roles
from vig_service.core.services import configuration_record_change


@transaction.atomic
def identity_provider_save(*, form, by: User) -> IdentityProvider:
    """Save an administrator's provider form and name it in the configuration's history."""
    provider = form.save()
    configuration_record_change(by=by, changed=[f"Sign-in provider {provider.name}"])
    return provider


@transaction.atomic
def referrer_create_from_sso(*, provider: IdentityProvider, claims: dict) -> User:
    """A referrer account for someone from a provider that may create them; pinned at once."""
    email = claims["email"].strip().lower()
    user = User.objects.create_user(
        email=email,
        full_name=(claims.get("name") or email.split("@")[0])[:150],
        sso_provider=provider,
        sso_subject=claims["sub"],
    )
    user_set_roles(user=user, roles=[Role.REFERRER])
    UserEvent.objects.create(
        user=user,
        actor=user,
        action=UserEvent.Action.SIGNED_UP,
        note=f"On first sign-in with {provider.name}",
    )
    return user


def sso_record(*, user: User, action: str, note: str) -> None:
    """A line in the account's history: signed in with, refused, or signed out by the provider."""
    UserEvent.objects.create(user=user, actor=user, action=action, note=note[:500])
