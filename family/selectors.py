"""Reads for family links: the link behind a token, what the family page shows, and the
guider's list of a case's links. The family page shows nothing else of the case."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from cases.charts import rating_chart
from cases.models import Case, Consent
from cases.selectors.questions import questions_with_ratings
from diary.models import Appointment
from documents import scanner
from documents.models import Document, DocumentKind, LetterKind, ScanStatus
from family import rules
from family.models import FamilyLink, FamilyLinkEvent, token_digest


def link_for_token(token: str) -> FamilyLink | None:
    """The link a token opens (live or not), or None for a token nobody was given."""
    if not token or len(token) > 100:
        return None
    return (
        FamilyLink.objects.select_related("case__referral", "case__guider")
        .filter(token_digest=token_digest(token))
        .first()
    )


@dataclass(frozen=True)
class Visit:
    """A visit as the family sees it: what, when and where; never who else or why."""

    what: str
    starts_at: object
    place: str
    status: str


def contract_document(case: Case) -> Document | None:
    """The signed written contract, else the written one: the newest that may be downloaded."""
    statuses = [ScanStatus.CLEAN]
    if not scanner.configured() and settings.DEBUG:  # the demo, as documents' own pages
        statuses.append(ScanStatus.NOT_SCANNED)
    return (
        Document.objects.filter(case=case, status__in=statuses)
        .filter(
            Q(kind=DocumentKind.CONTRACT)
            | Q(kind=DocumentKind.LETTER, letter__kind=LetterKind.CONTRACT)
        )
        .order_by("kind", "-created_at", "-pk")
        .first()
    )


def family_page(link: FamilyLink) -> dict:
    """What the family page shows: questions and ratings, visits, the contract, consents."""
    case = link.case
    questions = questions_with_ratings(case=case)
    for question in questions:
        question.chart = rating_chart(
            [(point.label, point.value) for point in question.points], title=question.wording
        )
    visits = [
        Visit(
            what=appointment.get_kind_display(),
            starts_at=timezone.localtime(appointment.starts_at),
            place=appointment.get_place_display(),
            status=appointment.status,
        )
        for appointment in Appointment.objects.filter(case=case)
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by("starts_at", "pk")
    ]
    return {
        "child_first_name": case.referral.child_first_name,
        "guider_first_name": rules.first_name(case.guider.full_name),
        "case_closed": case.status == Case.Status.CLOSED,
        "questions": questions,
        "visits": visits,
        "contract": contract_document(case),
        "consents": list(Consent.objects.filter(case=case).order_by("kind", "given_on", "pk")),
    }


def case_links(case: Case) -> list[FamilyLink]:
    """A case's family links, newest first, each with its last ten uses."""
    links = list(
        case.family_links.select_related("created_by").prefetch_related(
            Prefetch("events", queryset=FamilyLinkEvent.objects.select_related("actor"))
        )
    )
    for link in links:
        link.recent = list(link.events.all())[:10]
    return links
