"""Writes for the traject plan: its default headings, adding and saving a heading."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases.errors import CaseError
from cases.models import Case, CaseSettings, TrajectHeading, TrajectRevision
from cases.services._common import Action, Status, _lock_open, _record, _text
from vig_service.accounts.models import User


class StaleTrajectHeading(CaseError):
    """Someone saved the traject plan heading after this form was loaded."""

    def __init__(self, revision: TrajectRevision | None):
        who = revision.saved_by if revision else "someone else"
        when = f" at {timezone.localtime(revision.saved_at):%H:%M}" if revision else ""
        super().__init__(
            f"This heading was changed by {who}{when}. Review it before you continue."
        )
        self.revision = revision


@transaction.atomic
def traject_plan_start(*, case_id: int, by: User) -> None:
    """Give the case the service's default traject plan headings, the first time only."""
    if TrajectHeading.objects.filter(case_id=case_id).exists():
        return  # the usual case, without taking the lock
    case = Case.objects.select_for_update().get(pk=case_id)
    # Checked again under the lock: two first visits at once must not both add headings.
    if case.status == Status.CLOSED or case.traject_headings.exists():
        return
    titles = CaseSettings.load().traject_headings
    TrajectHeading.objects.bulk_create(
        TrajectHeading(case=case, title=title, position=position)
        for position, title in enumerate(titles, start=1)
    )
    _record(case, by=by, action=Action.TRAJECT_STARTED, note=", ".join(titles))


def _heading_title(case: Case, title: str, *, heading_id: int | None = None) -> str:
    title = _text(title, required="Enter the heading", max_length=80, label="The heading")
    others = case.traject_headings.exclude(pk=heading_id)
    if others.filter(title__iexact=title).exists():
        raise CaseError(f"The traject plan already has a heading called “{title}”")
    return title


@transaction.atomic
def traject_heading_add(*, case_id: int, by: User, title: str) -> TrajectHeading:
    """Add a heading of the family's own to the traject plan, after the others."""
    case = _lock_open(case_id)
    title = _heading_title(case, title)
    last = case.traject_headings.aggregate(last=Max("position"))["last"] or 0
    heading = TrajectHeading.objects.create(case=case, title=title, position=last + 1)
    _record(case, by=by, action=Action.TRAJECT_HEADING_ADDED, note=title)
    return heading


@transaction.atomic
def traject_heading_save(
    *,
    heading_id: int,
    by: User,
    title: str,
    changes_made: str,
    changes_hoped_for: str,
    loaded_revision: int,
) -> TrajectRevision:
    """Save a heading as its next revision, refusing a form loaded before someone else's save.

    `loaded_revision` is the revision number the form showed (0 before the first save).
    """
    case_id = TrajectHeading.objects.values_list("case_id", flat=True).get(pk=heading_id)
    case = _lock_open(case_id)
    heading = TrajectHeading.objects.select_for_update().get(pk=heading_id)
    latest = heading.revisions.select_related("saved_by").order_by("-number").first()
    current = latest.number if latest else 0
    if current != loaded_revision:
        raise StaleTrajectHeading(latest)
    title = _heading_title(case, title, heading_id=heading.pk)
    revision = TrajectRevision.objects.create(
        heading=heading,
        number=current + 1,
        title=title,
        changes_made=_text(changes_made, max_length=4000, label="Changes made"),
        changes_hoped_for=_text(changes_hoped_for, max_length=4000, label="Changes hoped for"),
        saved_by=by,
    )
    note = f"{title}: revision {revision.number}"
    if heading.title != title:
        note += f" (renamed from {heading.title})"
        heading.title = title
        heading.save(update_fields=["title"])
    _record(case, by=by, action=Action.TRAJECT_SAVED, note=note)
    return revision
