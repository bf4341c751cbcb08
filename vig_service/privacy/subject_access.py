"""Subject access: everything held about one child, as readable HTML and as JSON, in a zip.

The records are found by walking every relation that leads back to the referral, so a model
added later that points at a referral, case, cycle or anything under them is included
without changes here.
"""

import io
import json
import logging
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from documents.models import Document
from referrals.children import Flag, FlagEvent
from referrals.models import Referral
from vig_service.accounts.roles import Role
from vig_service.audit.models import AccessEvent

logger = logging.getLogger(__name__)


@dataclass
class Section:
    """All the rows of one model held about the child."""

    label: str
    title: str
    rows: list[dict]

    @property
    def display_rows(self) -> list[list[tuple[str, str]]]:
        """The rows as (field, words) pairs for the printable page."""
        return [[(name, _words(value)) for name, value in row.items()] for row in self.rows]


def _words(value) -> str:
    if value is None or value == []:
        return "–"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _reverse_relations(model):
    # Hidden ones too: a foreign key with related_name="+" still points at the child's record.
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.related_model:
            if relation.related_model._meta.auto_created:
                continue  # a many-to-many's own table: shown as a field of its owner
            yield relation


def collect(referral: Referral) -> dict[type, list]:
    """Every row linked to the referral through any chain of relations, by model."""
    found: dict[type, dict] = {Referral: {referral.pk: referral}}
    queue = [(Referral, [referral.pk])]
    while queue:
        model, pks = queue.pop(0)
        for relation in _reverse_relations(model):
            related = relation.related_model
            if related is get_user_model_safe():
                continue
            lookup = f"{relation.field.name}__in"
            rows = related._default_manager.filter(**{lookup: pks}).distinct()
            fresh = [row for row in rows if row.pk not in found.setdefault(related, {})]
            for row in fresh:
                found[related][row.pk] = row
            if fresh:
                queue.append((related, [row.pk for row in fresh]))
    # The flags on the child (and their history), which belong to the child, not the referral.
    if referral.child_id:
        flags = list(Flag.objects.filter(child_id=referral.child_id))
        found.setdefault(Flag, {}).update({flag.pk: flag for flag in flags})
        events = FlagEvent.objects.filter(flag__in=flags)
        found.setdefault(FlagEvent, {}).update({event.pk: event for event in events})
    # Who viewed the record, where the audit app keeps views by object rather than by key.
    for model, rows in _views_by_object(referral).items():
        found.setdefault(model, {}).update({row.pk: row for row in rows})
    return {model: list(rows.values()) for model, rows in found.items() if rows}


def get_user_model_safe():
    return apps.get_model(settings.AUTH_USER_MODEL)


def _views_by_object(referral) -> dict:
    """Who viewed, exported or printed the record: audit rows keep the referral id, not a key."""
    views = AccessEvent.objects.filter(referral_id=referral.pk).select_related("user__team")
    return {AccessEvent: list(views.order_by("occurred_at", "pk"))}


def _value(obj, field) -> object:
    if isinstance(field, models.ManyToManyField):
        return [str(item) for item in getattr(obj, field.name).all()]
    value = getattr(obj, field.name)
    if value is None or value == "":
        return None
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        if field.related_model is get_user_model_safe():
            return value.full_name  # never a member of staff's e-mail address
        return str(value)
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(value, list):
        return [str(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def _viewer_row(view: AccessEvent) -> dict:
    """Who viewed the record as the family may be told it: role, organisation and date only.

    Staff e-mail addresses, network addresses and the page's address stay in the audit.
    """
    roles = [Role(name).label if name in Role.values else name for name in view.roles.split(", ")]
    team = view.user.team
    return {
        "Viewed by": ", ".join(role for role in roles if role) or None,
        "Organisation or team": str(team) if team else None,
        "Date": timezone.localtime(view.occurred_at).date().isoformat(),
        "What they did": view.get_action_display(),
        "Record": view.get_record_kind_display(),
    }


def _row(obj) -> dict:
    if isinstance(obj, AccessEvent):
        return _viewer_row(obj)
    withheld = getattr(obj, "SUBJECT_ACCESS_WITHHELD", ())
    fields = [
        field
        for field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]
        if field.name not in withheld
    ]
    return {str(field.verbose_name).capitalize(): _value(obj, field) for field in fields}


def sections(referral: Referral) -> list[Section]:
    """The child's records as titled sections, the referral first."""
    found = collect(referral)
    ordered = sorted(found, key=lambda model: (model is not Referral, model._meta.label))
    return [
        Section(
            label=model._meta.label,
            title=str(model._meta.verbose_name_plural).capitalize(),
            rows=[_row(obj) for obj in sorted(found[model], key=lambda obj: obj.pk)],
        )
        for model in ordered
    ]


def export(referral: Referral, *, by=None) -> tuple[str, bytes]:
    """The zip (file name and bytes): index.html to read or print, data.json for machines.

    `by` is the administrator asking, or None from the command line.
    """
    now = timezone.now()
    who = f"{by.full_name}, administrator" if by else "manage.py export_subject"
    parts = sections(referral)
    data = {
        "reference": referral.reference,
        "generated_at": now.isoformat(),
        "generated_by": who,
        "sections": [
            {"model": part.label, "title": part.title, "rows": part.rows} for part in parts
        ],
    }
    html = render_to_string(
        "privacy/subject_access_export.html",
        {"referral": referral, "sections": parts, "generated_at": now, "generated_by": who},
    )
    buffer = io.BytesIO()
    stem = f"subject-access-{referral.reference or referral.pk}-{now:%Y%m%dT%H%M%SZ}"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"{stem}/index.html", html)
        bundle.writestr(f"{stem}/data.json", json.dumps(data, indent=2, ensure_ascii=False))
        # The family's documents themselves, those found clean (a quarantined one is withheld).
        for document in Document.objects.filter(
            case__referral=referral, status=Document.Status.CLEAN
        ):
            with document.open() as stored:
                bundle.writestr(
                    f"{stem}/documents/{document.pk}-{document.filename}", stored.read()
                )
    # Ids only: log lines carry no personal details.
    logger.info(
        "Subject access export of referral %s by %s",
        referral.pk,
        f"user {by.pk}" if by else "the command line",
    )
    return f"{stem}.zip", buffer.getvalue()
