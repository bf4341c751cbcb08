"""The referrals part of the service configuration: age range, plan statuses, tiers, routes."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from referrals.choices import PlanStatus, RouteIn
from referrals.rules import EligibilityRules
from vig_service.core.models import AppSettingsSection

# Looked-after and adopted children first, then CP, CIN and EHA; no plan, no priority.
DEFAULT_TIERS = {
    PlanStatus.LAC: 1,
    PlanStatus.ADOPTED: 1,
    PlanStatus.CP: 2,
    PlanStatus.CIN: 3,
    PlanStatus.EHA: 4,
    PlanStatus.NONE: None,
}


def _all_routes():
    return list(RouteIn.values)


DEFAULT_DECLINE_REASONS = [
    "Does not meet the age criteria",
    "Does not have the plan status the service needs",
    "Parent or carer has not agreed or is not ready",
    "Another intervention is more suitable",
    "Referred to another service",
    "Other",
]


def _default_decline_reasons():
    return list(DEFAULT_DECLINE_REASONS)


class ReferralSettings(AppSettingsSection):
    """Who the service accepts and what referrers may see; one row, beside the configuration."""

    min_age_years = models.PositiveSmallIntegerField(
        "Youngest age accepted", default=0, validators=[MaxValueValidator(25)]
    )
    max_age_years = models.PositiveSmallIntegerField(
        "Oldest age accepted",
        default=11,
        validators=[MaxValueValidator(25)],
        help_text="In whole years: 11 accepts children up to the day before their 12th birthday.",
    )
    minimum_plan_status = models.CharField(
        "Lowest plan status accepted",
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.EHA,
        help_text="Choose “None of these” to accept families without a plan.",
    )
    routes_offered = ArrayField(
        models.CharField(max_length=20, choices=RouteIn.choices),
        default=_all_routes,
        verbose_name="Routes in offered to referrers",
    )
    referrers_see_team_referrals = models.BooleanField(
        "Referrers see their team's referrals",
        default=False,
        help_text="Otherwise each referrer sees only the referrals they made.",
    )
    parent_ready_required = models.BooleanField(
        "A parent or carer must be motivated and have agreed",
        default=True,
        help_text=(
            "If so, a referral is not eligible unless at least one parent or carer is motivated "
            "to take part and has agreed to the referral."
        ),
    )
    decline_reasons = ArrayField(
        models.CharField(max_length=120),
        default=_default_decline_reasons,
        verbose_name="Reasons for declining",
    )
    email_referrer_on_closure = models.BooleanField(
        "Email the referrer when the case opened from their referral closes", default=True
    )
    # The coordinators' daily digest lists referrals waiting for a decision longer than this.
    waiting_reminder_days = models.PositiveSmallIntegerField(
        "Days a referral waits before coordinators are reminded",
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = "referral settings"
        verbose_name_plural = "referral settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age_years__lte=models.F("max_age_years")),
                name="referrals_settings_age_range",
            ),
        ]

    def __str__(self):
        return "Referral settings"

    def get_absolute_url(self):
        return reverse("referrals:configuration")

    def load_rows(self, *, created: bool) -> None:
        """The plan-status table, with the default tiers, when the settings are new."""
        if created:
            PlanStatusRule.objects.bulk_create(
                [PlanStatusRule(plan_status=s, tier=t) for s, t in DEFAULT_TIERS.items()],
                ignore_conflicts=True,
            )

    def eligibility_rules(self) -> EligibilityRules:
        """These settings and the plan-status table as the plain values the rules take."""
        rules = {rule.plan_status: rule for rule in PlanStatusRule.objects.all()}
        return EligibilityRules(
            min_age_years=self.min_age_years,
            max_age_years=self.max_age_years,
            minimum_plan_status=self.minimum_plan_status,
            parent_ready_required=self.parent_ready_required,
            tiers={status: getattr(rules.get(status), "tier", None) for status in PlanStatus},
            redirects={
                status: rule.redirect_message
                for status, rule in rules.items()
                if rule.redirect_message
            },
        )


class PlanStatusRule(models.Model):
    """One row of the status → priority tier table, with an optional redirect message."""

    plan_status = models.CharField(max_length=20, choices=PlanStatus.choices, unique=True)
    tier = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(9)],
        help_text="1 is the highest priority. Leave empty for no priority.",
    )
    redirect_message = models.TextField(
        blank=True,
        max_length=500,
        help_text=(
            "If this service does not take these children, say where they go instead. "
            "Referrers see this before they submit."
        ),
    )

    class Meta:
        ordering = ["tier", "plan_status"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan_status__in=PlanStatus.values),
                name="referrals_planstatusrule_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_plan_status_display()}: tier {self.tier or '–'}"
