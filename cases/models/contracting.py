"""Contracting records: the contacts with the family and their consents."""

from django.conf import settings
from django.db import models

from cases.models.lifecycle import Case


class ContactKind(models.TextChoices):
    INITIAL_VISIT = "initial_visit", "Initial visit"
    EXPLANATION = "explanation", "Explanation session"
    PHONE_CALL = "phone_call", "Phone call"
    OTHER = "other", "Other"


class Contact(models.Model):
    """A contracting contact with the family: a visit, a session explaining VIG, a call."""

    Kind = ContactKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField("Date")
    kind = models.CharField("Type", max_length=20, choices=ContactKind.choices)
    attendees = models.CharField("Who attended", max_length=300)
    notes = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.happened_on}"


class ConsentKind(models.TextChoices):
    FILMING = "filming", "To be filmed"
    PROFESSIONAL_ATTENDS = "attends_reviews", "For a professional to attend shared reviews"
    CLIPS_SHOWN = "clips_shown", "For clips to be shown to someone else"


class Consent(models.Model):
    """A consent given for the intervention; live until the date it was withdrawn."""

    Kind = ConsentKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    given_by = models.CharField("Given by", max_length=150)
    given_by_child = models.BooleanField("Given by a child aged 12 or over", default=False)
    # Which child gave their own consent, so filming can check each child of 12 or over
    # filmed. Older rows may say a child gave it without saying which.
    focus_child = models.BooleanField("Given by the child referred", default=False)
    household_child = models.ForeignKey(
        "referrals.HouseholdChild",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name="Given by a child in the household",
    )
    named_person = models.CharField(
        "The named professional or person",
        max_length=150,
        blank=True,
        help_text="Who may attend shared reviews, or who may be shown clips.",
    )
    given_on = models.DateField("Date given")
    withdrawn_on = models.DateField("Date withdrawn", null=True, blank=True)
    # Withdrawn by the family themselves, on their family page (family/), not by staff.
    withdrawn_by_family = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "given_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="filming") | ~models.Q(named_person=""),
                name="cases_consent_named_person_for_sharing",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="cases_consent_withdrawn_after_given",
            ),
            # One child at most, and a consent naming a child is a child's consent.
            models.CheckConstraint(
                condition=models.Q(focus_child=False) | models.Q(household_child__isnull=True),
                name="cases_consent_one_child",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_by_family=False)
                | models.Q(withdrawn_on__isnull=False),
                name="cases_consent_family_withdrawal_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(given_by_child=True)
                | (models.Q(focus_child=False) & models.Q(household_child__isnull=True)),
                name="cases_consent_named_child_is_child",
            ),
        ]

    def __str__(self):
        who = f" ({self.named_person})" if self.named_person else ""
        return f"{self.get_kind_display()}{who}, given by {self.given_by}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_on is None
