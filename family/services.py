"""Writes for family links: make, stop and renew one; check a date of birth; the family
withdrawing a consent; the questionnaire's answers. Each is one transaction with its event."""

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Consent
from cases.services import CaseError, consent_withdraw
from family import notify, rules
from family.configuration import FamilySettings
from family.errors import FamilyError
from family.models import (
    FamilyLink,
    FamilyLinkEvent,
    FeedbackAnswer,
    LinkPurpose,
    LinkState,
    LinkUse,
    token_digest,
)
from vig_service.core.client_address import client_address
from vig_service.core.email import send_after_commit
from vig_service.core.models import ServiceConfiguration
from vig_service.core.transitions import lock

DEAD_LINK = {
    LinkState.EXPIRED: "This link has expired. Ask your guider for a new one",
    LinkState.REVOKED: "This link has been stopped. Ask your guider for a new one",
    LinkState.LOCKED: (
        "This link has stopped working because the date of birth was entered wrongly too "
        "many times. Ask your guider for a new one"
    ),
    LinkState.ANSWERED: "Thank you: your answers have already been sent",
}


def _page_name(request) -> str:
    match = getattr(request, "resolver_match", None) if request else None
    return match.view_name[:100] if match else ""


def _event(link, action, *, request=None, by=None, note="") -> FamilyLinkEvent:
    return FamilyLinkEvent.objects.create(
        link=link,
        action=action,
        actor=by,
        note=note[:300],
        page=_page_name(request),
        ip_address=client_address(request) if request else None,
    )


def link_url(token: str, *, site_url: str) -> str:
    """The address the family opens."""
    return site_url.rstrip("/") + reverse("family:start", args=[token])


@transaction.atomic
def family_link_create(
    *, case_id: int, by, purpose: str, for_whom: str, email: str = "", site_url: str
) -> tuple[FamilyLink, str]:
    """Make a link for one person in the family; returns it and its token (shown only once)."""
    case = lock(Case.objects.select_related("referral"), pk=case_id)
    for_whom = " ".join((for_whom or "").split())
    if not for_whom:
        raise FamilyError("Enter who the link is for, like Mum or Sarah", field="for_whom")
    if purpose == LinkPurpose.FEEDBACK and case.status != Case.Status.CLOSED:
        raise FamilyError("Send the feedback questionnaire once the case is closed")
    if case.referral.child_date_of_birth is None:
        raise FamilyError(
            "The child's date of birth is not recorded, so the family could not open the link"
        )
    settings = FamilySettings.load()
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    link = FamilyLink.objects.create(
        case=case,
        purpose=purpose,
        for_whom=for_whom,
        sent_to=email,
        token_digest=token_digest(token),
        created_by=by,
        created_at=now,
        expires_at=rules.expires_at(
            purpose=purpose,
            now=now,
            page_days=settings.page_link_days,
            feedback_days=settings.feedback_link_days,
        ),
    )
    _event(link, LinkUse.CREATED, by=by, note=f"Sent to {email}" if email else "Copied")
    if email:
        send_after_commit(
            template=f"family/email/{purpose}_link",
            to=[email],
            context={
                "link": link,
                "url": link_url(token, site_url=site_url),
                "guider_first_name": rules.first_name(case.guider.full_name),
            },
        )
    return link, token


TEXTS = {
    LinkPurpose.PAGE: "{guider} from {service}: this is the link to your family's VIG page. "
    "You will be asked for your child's date of birth first. {url}",
    LinkPurpose.FEEDBACK: "{guider} from {service}: please tell us how VIG went, in four short "
    "questions. You will be asked for your child's date of birth first. {url}",
}


def family_link_text(*, link: FamilyLink, token: str, phone: str, by, site_url: str) -> None:
    """Send the link by text through GOV.UK Notify (outside any transaction: it waits on
    Notify); the link's log says whether it went. Refused as a FamilyError saying why."""
    text = TEXTS[link.purpose].format(
        guider=rules.first_name(link.case.guider.full_name),
        service=ServiceConfiguration.load().service_name,
        url=link_url(token, site_url=site_url),
    )
    try:
        sent = notify.send_text(phone, text, reference=f"family-link-{link.pk}")
    except notify.NotSent as failed:
        _event(link, LinkUse.TEXT_FAILED, by=by, note=failed.message)
        raise FamilyError(f"{failed.message}. Copy the link below and send it yourself") from None
    FamilyLink.objects.filter(pk=link.pk).update(texted_to=phone)
    _event(link, LinkUse.TEXTED, by=by, note=f"Notify reference {sent}")


@transaction.atomic
def family_link_revoke(*, link_id: int, by) -> FamilyLink:
    """Stop a link at once: it opens nothing from now on."""
    link = lock(FamilyLink.objects, pk=link_id)
    if link.revoked_at is not None:
        raise FamilyError("This link was already stopped")
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    _event(link, LinkUse.REVOKED, by=by)
    return link


@transaction.atomic
def family_link_renew(*, link_id: int, by, site_url: str) -> tuple[FamilyLink, str]:
    """Stop a link and make a new one for the same person, sent the same way."""
    old = lock(FamilyLink.objects, pk=link_id)
    if old.revoked_at is None:
        old.revoked_at = timezone.now()
        old.save(update_fields=["revoked_at"])
        _event(old, LinkUse.REVOKED, by=by, note="A new link replaced it")
    return family_link_create(
        case_id=old.case_id,
        by=by,
        purpose=old.purpose,
        for_whom=old.for_whom,
        email=old.sent_to,
        site_url=site_url,
    )


def _live(link_id: int, *, purpose: str | None = None) -> FamilyLink:
    link = lock(FamilyLink.objects.select_related("case__referral", "case__guider"), pk=link_id)
    state = link.state()
    if state != LinkState.LIVE:
        raise FamilyError(DEAD_LINK[state])
    if purpose and link.purpose != purpose:
        raise FamilyError("This link is not for that page")
    return link


@transaction.atomic
def family_link_check(*, link_id: int, date_of_birth, request) -> tuple[FamilyLink, bool]:
    """Check the child's date of birth: whether it matched; a wrong one counts, and the fifth
    locks the link (returned, not raised, so the count is kept)."""
    link = _live(link_id)
    if date_of_birth == link.case.referral.child_date_of_birth:
        _event(link, LinkUse.CHECKED, request=request)
        return link, True
    link.failed_checks += 1
    link.save(update_fields=["failed_checks"])
    _event(link, LinkUse.CHECK_FAILED, request=request)
    if link.state() == LinkState.LOCKED:
        _event(link, LinkUse.LOCKED, request=request)
    return link, False


def record_use(link: FamilyLink, action: str, *, request, note: str = "") -> None:
    """An audit row for a page the family saw (the page, the contract, a refusal)."""
    FamilyLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    _event(link, action, request=request, note=note)


@transaction.atomic
def family_consent_withdraw(*, link_id: int, consent_id: int, request) -> Consent:
    """The family withdraws one of their consents; it stops allowing anything at once."""
    link = _live(link_id, purpose=LinkPurpose.PAGE)
    if not Consent.objects.filter(pk=consent_id, case_id=link.case_id).exists():
        raise FamilyError("That consent is not one of yours")
    try:
        consent = consent_withdraw(
            consent_id=consent_id, by=None, withdrawn_on=timezone.localdate(), by_family=True
        )
    except CaseError as refused:
        raise FamilyError(refused.message) from None
    _event(link, LinkUse.CONSENT_WITHDRAWN, request=request, note=str(consent))
    case = link.case
    send_after_commit(
        template="family/email/consent_withdrawn",
        to=[case.guider.email, *([case.co_worker.email] if case.co_worker else [])],
        context={
            "case": case,
            "consent": consent,
            "url": request.build_absolute_uri(reverse("cases:consents", args=[case.pk])),
        },
    )
    return consent


ANSWER_FIELDS = ("helpfulness", "what_changed", "could_be_better", "recommend")


@transaction.atomic
def feedback_answer_save(*, link_id: int, field: str, value: str) -> FeedbackAnswer:
    """Keep one answer as the parent goes, so nothing is lost if they stop half way."""
    if field not in ANSWER_FIELDS:
        raise FamilyError("There is no such question")
    link = _live(link_id, purpose=LinkPurpose.FEEDBACK)
    answer, _ = FeedbackAnswer.objects.get_or_create(link=link)
    setattr(answer, field, value)
    answer.full_clean(exclude=["link"])
    answer.save(update_fields=[field])
    return answer


@transaction.atomic
def feedback_send(*, link_id: int, request) -> FeedbackAnswer:
    """Send the answers: the link is then used up."""
    link = _live(link_id, purpose=LinkPurpose.FEEDBACK)
    answer = FeedbackAnswer.objects.filter(link=link).first()
    if answer is None or not answer.helpfulness:
        raise FamilyError("Answer how helpful VIG was before you send your answers")
    if not answer.recommend:
        raise FamilyError("Answer whether you would recommend VIG before you send your answers")
    now = timezone.now()
    answer.sent_at = now
    answer.save(update_fields=["sent_at"])
    link.answered_at = now
    link.save(update_fields=["answered_at"])
    _event(link, LinkUse.ANSWERED, request=request)
    return answer
