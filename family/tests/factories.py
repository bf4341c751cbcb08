"""Factories for family links. `open_link(...)` makes one and keeps its token on it (as
`link.token`), as a test needs it to open the link: the database keeps only the digest."""

import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from cases.tests.factories import ActiveCaseFactory
from family.models import FamilyLink, LinkPurpose, token_digest


class FamilyLinkFactory(factory.django.DjangoModelFactory):
    """A live link to the family page of an active case, for Mum."""

    class Meta:
        model = FamilyLink

    case = factory.SubFactory(ActiveCaseFactory)
    purpose = LinkPurpose.PAGE
    for_whom = "Mum"
    token_digest = factory.LazyFunction(lambda: token_digest(secrets.token_urlsafe(32)))
    created_by = factory.SelfAttribute("case.guider")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=28))


def open_link(**kwargs) -> FamilyLink:
    """A family link whose token the test knows (`link.token`)."""
    token = secrets.token_urlsafe(32)
    link = FamilyLinkFactory(token_digest=token_digest(token), **kwargs)
    link.token = token
    return link
