"""The rules no saved record may break, checked over every row after each fuzzed request."""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.models import Case, CaseExtension, CaseSettings, Consent, Contact, HelpingQuestion
from cycles import rules, selectors
from cycles.models import ClipShowing, Cycle, SharedReview

DOMAIN_APPS = ("referrals", "cases", "cycles", "training")
HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def _free_text(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]


def broken_rules() -> list[str]:
    """Every rule broken by any saved row, in words; empty when all is well."""
    problems = []
    today = timezone.localdate()
    for model in apps.get_models():
        if model._meta.app_label not in DOMAIN_APPS:
            continue
        text_fields = _free_text(model)
        for obj in model.objects.all():
            try:
                obj.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as invalid:
                # Drafts are saved page by page; an empty required answer is allowed there.
                errors = {
                    name: messages
                    for name, messages in invalid.message_dict.items()
                    if not all("cannot be blank" in m or "cannot be null" in m for m in messages)
                }
                if errors:
                    problems.append(f"{model._meta.label} {obj.pk}: {errors}")
            for name in text_fields:
                value = getattr(obj, name) or ""
                if HTML.search(value) and name not in ("note",):
                    problems.append(f"{model._meta.label} {obj.pk}: HTML saved in {name}")
    for day_model, attr in (
        (Contact, "happened_on"),
        (Consent, "given_on"),
        (HelpingQuestion, "set_on"),
        (Cycle, "filmed_on"),
        (SharedReview, "held_on"),
        (Case, "closed_on"),
        (Case, "contract_agreed_on"),
    ):
        for obj in day_model.objects.filter(**{f"{attr}__gt": today}):
            problems.append(f"{day_model._meta.label} {obj.pk}: {attr} in the future")
    for review in SharedReview.objects.select_related("cycle"):
        if review.cycle.filmed_on and review.held_on < review.cycle.filmed_on:
            problems.append(f"Shared review {review.pk} before its filming")
    for showing in ClipShowing.objects.select_related("consent", "cycle"):
        consent = showing.consent
        if consent.kind != Consent.Kind.CLIPS_SHOWN or consent.case_id != showing.cycle.case_id:
            problems.append(f"Showing {showing.pk} without a consent for it")
        elif consent.withdrawn_on and consent.withdrawn_on <= showing.shown_on:
            problems.append(f"Showing {showing.pk} after its consent was withdrawn")
    for cycle in Cycle.objects.filter(filmed_on__isnull=False).select_related("case__referral"):
        children = selectors.children_filmed(
            cycle=cycle, children=selectors.filmable_children(case=cycle.case)
        )
        broken = rules.why_filming_not_covered(
            filmed_on=cycle.filmed_on,
            opened_on=cycle.case.opened_on,
            contract_agreed_on=cycle.case.contract_agreed_on,
            consents=selectors.filming_consents(case=cycle.case),
            children_filmed=children,
        )
        if broken is not None:
            problems.append(f"Cycle {cycle.pk}'s filming is not covered: {broken.message}")
    limit = CaseSettings.load().cycle_limit
    for case in Case.objects.all():
        extended = CaseExtension.objects.filter(case=case).order_by("granted_at", "pk").last()
        allowed = extended.cycle_limit if extended else limit
        if case.cycles.count() > allowed:
            problems.append(f"Case {case.pk} has more cycles than its limit")
    return problems
