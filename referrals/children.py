"""The child as a record of its own, across referrals (docs/architecture.md, "One child
across referrals")."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from vig_service.core.models import Event, actions_check


class Child(models.Model):
    """One child, once: each submitted referral (and so each case) belongs to a child.

    It holds no details of its own: the child's name, birth date and NHS number stay on each
    referral as the referrer gave them, so anonymising a referral needs nothing here.
    """

    created_at = models.DateTimeField(default=timezone.now)
    # Set when a coordinator confirmed this child the same as another: its records moved there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "children"

    def __str__(self):
        return f"Child {self.pk}"


class Carer(models.Model):
    """One parent or carer, once: the referrals' parents and carers who are the same person.

    Like `Child`, it holds no details; each referral keeps the name and contact as given.
    """

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Carer {self.pk}"


class FlagKind(models.TextChoices):
    """What staff need to know before they contact or visit the family."""

    LONE_WORKING = "lone_working", "Lone-working risk"
    DO_NOT_CONTACT = "do_not_contact", "Do not contact a named person"
    INTERPRETER = "interpreter", "Interpreter needed"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    ACCESSIBILITY = "accessibility", "Accessibility need"
    OTHER = "other", "Other"


# The kinds whose detail says who or what: the person, the language, the need.
DETAIL_NEEDED = {
    FlagKind.DO_NOT_CONTACT: "Enter who must not be contacted",
    FlagKind.INTERPRETER: "Enter the language, like Polish",
    FlagKind.ACCESSIBILITY: "Enter the need, like step-free access",
    FlagKind.OTHER: "Enter what staff need to know",
}


class FlagScope(models.TextChoices):
    CHILD = "child", "The child"
    HOUSEHOLD = "household", "The household"
    CASE = "case", "This case only"


class Flag(models.Model):
    """A warning on a child, their household or one case, shown wherever staff meet them."""

    Kind = FlagKind
    Scope = FlagScope

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="flags")
    # Set for a flag on one case only (by its name: referrals sits below cases).
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    scope = models.CharField(max_length=10, choices=FlagScope.choices)
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    detail = models.CharField(max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField("Review by", null=True, blank=True)
    ends_on = models.DateField("Ends", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="case", case__isnull=False)
                | (~models.Q(scope="case") & models.Q(case__isnull=True)),
                name="referrals_flag_case_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("raised_on")),
                name="referrals_flag_ends_after_raised",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=list(DETAIL_NEEDED)) | ~models.Q(detail=""),
                name="referrals_flag_detail_given",
            ),
        ]

    def __str__(self):
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.get_kind_display()}{detail}"

    def is_active(self, today=None) -> bool:
        """Shown until its end date; an ended flag stays in the history."""
        return self.ends_on is None or self.ends_on > (today or timezone.localdate())


class FlagEventAction(models.TextChoices):
    RAISED = "raised", "Flag raised"
    ENDED = "ended", "Flag ended"


class FlagEvent(Event):
    """A flag raised or ended."""

    Action = FlagEventAction

    action = models.CharField(max_length=60, choices=FlagEventAction.choices)
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(FlagEventAction)]


class MatchDecision(models.TextChoices):
    CONFIRMED = "confirmed", "Same child"
    REJECTED = "rejected", "Not the same child"


class ChildMatch(models.Model):
    """A coordinator's answer to "are these the same child?", remembered for the pair.

    The pair is stored lowest id first, so each pair of children has one answer.
    """

    Decision = MatchDecision

    child_a = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    child_b = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=MatchDecision.choices)
    evidence = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="referrals_match_pair"),
            models.CheckConstraint(
                condition=models.Q(child_a__lt=models.F("child_b")),
                name="referrals_match_pair_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.child_a} and {self.child_b}: {self.get_decision_display()}"


class ChildMerge(models.Model):
    """One child's records moved onto another's: what moved, so an administrator can undo it."""

    kept = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_in")
    merged = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_out")
    referral_ids = ArrayField(models.IntegerField(), default=list)
    flag_ids = ArrayField(models.IntegerField(), default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kept=models.F("merged")), name="referrals_merge_two_children"
            ),
        ]

    def __str__(self):
        return f"{self.merged} merged into {self.kept}"


class Restriction(models.Model):
    """A child's records closed to everyone but the named staff (a colleague's own family)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="restrictions")
    reason = models.CharField(max_length=200)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-restricted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(lifted_at__isnull=True),
                name="referrals_one_restriction_per_child",
            ),
        ]

    def __str__(self):
        return f"{self.child} restricted: {self.reason}"


class ChildEventAction(models.TextChoices):
    MATCH_CONFIRMED = "match_confirmed", "Confirmed as the same child"
    MATCH_REJECTED = "match_rejected", "Confirmed as a different child"
    MERGED = "merged", "Records merged"
    MERGE_UNDONE = "merge_undone", "Merge undone"
    RESTRICTED = "restricted", "Records restricted"
    RESTRICTION_CHANGED = "restriction_changed", "Restriction changed"
    RESTRICTION_LIFTED = "restriction_lifted", "Restriction lifted"


class ChildEvent(Event):
    """A line of a child's own history: matches decided, merges, restrictions."""

    Action = ChildEventAction

    action = models.CharField(max_length=60, choices=ChildEventAction.choices)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(ChildEventAction)]
