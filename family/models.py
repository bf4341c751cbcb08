"""The family's links (to their own page, or to the feedback questionnaire), their answers, and
every use of a link."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from family.configuration import FamilySettings

__all__ = ["FamilyLink", "FamilyLinkEvent", "FamilySettings", "FeedbackAnswer"]

# Wrong dates of birth before a link locks (docs/architecture.md, "Family links").
MAX_FAILED_CHECKS = 5


def token_digest(token: str) -> str:
    """What is kept of a link's token: its SHA-256, so the database alone opens no link."""
    return hashlib.sha256(token.encode()).hexdigest()


class LinkPurpose(models.TextChoices):
    PAGE = "page", "The family page"
    FEEDBACK = "feedback", "The feedback questionnaire"


class LinkState(models.TextChoices):
    """Where a link is in its life; only a live one opens anything."""

    LIVE = "live", "Works"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Stopped by the guider"
    LOCKED = "locked", "Locked: too many wrong dates of birth"
    ANSWERED = "answered", "Answered"


class FamilyLink(models.Model):
    """A private link for one person in the family, to their page or to the questionnaire."""

    Purpose = LinkPurpose
    State = LinkState

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="family_links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    for_whom = models.CharField("Who the link is for", max_length=100)
    sent_to = models.EmailField("Sent by email to", blank=True)
    texted_to = models.CharField("Sent by text message to", max_length=20, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    # The subject-access export leaves out the token's digest (vig_service/privacy).
    SUBJECT_ACCESS_WITHHELD = ("token_digest",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="family_link_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(failed_checks__lte=MAX_FAILED_CHECKS),
                name="family_link_failed_checks_at_most_5",
            ),
            models.CheckConstraint(
                condition=models.Q(purpose="feedback") | models.Q(answered_at__isnull=True),
                name="family_link_only_feedback_is_answered",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.for_whom}"

    def state(self, now=None) -> str:
        """Live, or why not: revoked, locked, answered or expired, in that order."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return LinkState.REVOKED
        if self.failed_checks >= MAX_FAILED_CHECKS:
            return LinkState.LOCKED
        if self.answered_at is not None:
            return LinkState.ANSWERED
        if self.expires_at <= now:
            return LinkState.EXPIRED
        return LinkState.LIVE

    def get_state_display(self) -> str:
        return LinkState(self.state()).label


class Helpfulness(models.TextChoices):
    VERY = "very", "Very helpful"
    QUITE = "quite", "Quite helpful"
    A_LITTLE = "a_little", "A little helpful"
    NOT = "not", "Not helpful"


class Recommend(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class FeedbackAnswer(models.Model):
    """One person's answers to the questionnaire; kept as they go, sent at the end."""

    Helpfulness = Helpfulness
    Recommend = Recommend

    link = models.OneToOneField(FamilyLink, on_delete=models.CASCADE, related_name="answer")
    helpfulness = models.CharField(
        "How helpful was VIG?", max_length=10, choices=Helpfulness.choices, blank=True
    )
    what_changed = models.TextField("What has changed for you?", max_length=2000, blank=True)
    could_be_better = models.TextField("What could be better?", max_length=2000, blank=True)
    recommend = models.CharField(
        "Would you recommend VIG?", max_length=10, choices=Recommend.choices, blank=True
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True)
                | (~models.Q(helpfulness="") & ~models.Q(recommend="")),
                name="family_answer_sent_is_complete",
            ),
        ]

    def __str__(self):
        return f"Feedback for {self.link}"


class LinkUse(models.TextChoices):
    """What happened when a link was used."""

    OPENED = "opened", "Opened the link"
    CHECK_FAILED = "check_failed", "Wrong date of birth"
    CHECKED = "checked", "Confirmed the child's date of birth"
    LOCKED = "locked", "Locked after too many wrong dates of birth"
    REFUSED = "refused", "Refused: the link no longer works"
    VIEWED = "viewed", "Viewed the family page"
    CONTRACT = "contract", "Downloaded the written contract"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Withdrew a consent"
    ANSWERED = "answered", "Sent their feedback"
    CREATED = "created", "Link made by the guider"
    TEXTED = "texted", "Link sent by text message"
    TEXT_FAILED = "text_failed", "The text message could not be sent"
    REVOKED = "revoked", "Link stopped by the guider"


class FamilyLinkEvent(models.Model):
    """One use of a family link, kept as the audit of what the family saw and did."""

    Action = LinkUse

    link = models.ForeignKey(FamilyLink, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=LinkUse.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    # The page by name (e.g. "family:page"), never its address: the address holds the token.
    page = models.CharField(max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff, for a link made or stopped; empty for the family.",
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=LinkUse.values), name="family_link_event_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"
