"""Reads for contracting: the case's contacts and consents, and who may consent."""

from cases import rules
from cases.models import Case, Consent, Contact


def contacts_for(*, case: Case) -> list[Contact]:
    """The case's contacts in date order, with who recorded them."""
    return list(case.contacts.select_related("recorded_by").order_by("happened_on", "pk"))


def consents_for(*, case: Case) -> list[Consent]:
    """The case's consents: live ones first, then withdrawn, each by kind and date."""
    return sorted(
        case.consents.select_related("household_child").order_by("kind", "given_on", "pk"),
        key=lambda consent: consent.withdrawn_on is not None,
    )


def consent_children(*, case: Case) -> list[tuple[str, str]]:
    """The family's children who may give their own consent, as (key, name): the child
    referred (rules.FOCUS_CHILD), then the household's children by their id."""
    referral = case.referral
    focus = referral.child_first_name or "the child referred"
    return [(rules.FOCUS_CHILD, f"{focus} (the child referred)")] + [
        (str(child.pk), child.first_name)
        for child in referral.household_children.order_by("date_of_birth", "pk")
    ]
