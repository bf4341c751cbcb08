"""Reads for the traject plan: its headings, their current text and revisions."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from cases.models import Case, TrajectHeading, TrajectRevision


def traject_plan(*, case: Case) -> list[TrajectHeading]:
    """The traject plan's headings in order, each with `current`: its latest revision or None."""
    revisions = TrajectRevision.objects.select_related("saved_by").order_by("-number")
    headings = list(
        case.traject_headings.order_by("position", "pk").prefetch_related(
            Prefetch("revisions", queryset=revisions)
        )
    )
    for heading in headings:
        heading.current = next(iter(heading.revisions.all()), None)
    return headings


def traject_heading(*, case: Case, pk: int) -> TrajectHeading:
    """One heading of the case's traject plan with `current` set; 404 if not this case's."""
    heading = get_object_or_404(case.traject_headings, pk=pk)
    heading.current = heading.revisions.select_related("saved_by").order_by("-number").first()
    return heading


def traject_revisions(*, heading: TrajectHeading) -> list[TrajectRevision]:
    """Every saved revision of a heading, newest first, with who saved it."""
    return list(heading.revisions.select_related("saved_by").order_by("-number"))
