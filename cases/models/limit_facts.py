"""The facts a case's limit depends on, one row per case, kept by database triggers."""

from django.conf import settings
from django.db import models

from cases.models.lifecycle import Case


class CaseLimitFacts(models.Model):
    """A case's first filming, cycles started and latest extension, for near_limit() to index.

    Written only by the triggers the migrations install (docs/architecture.md, "The limit
    facts"): cases' on cases and their extensions, cycles' on cycles. Not Case columns, so the
    case's change history logs none of it.
    """

    # No database constraint and no Django cascade: the case's delete trigger removes the row,
    # whichever order Django deletes a case's cycles and the case in.
    case = models.OneToOneField(
        Case,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="limit_facts",
    )
    open = models.BooleanField(default=True)
    first_filmed_on = models.DateField(null=True)
    cycles_started = models.IntegerField(default=0)
    extension_cycle_limit = models.IntegerField(null=True)
    extension_ends_on = models.DateField(null=True)

    class Meta:
        # One index for each way an open case reaches its limit, so near_limit() reads only
        # the cases near it (a bitmap OR of these), never every open case.
        indexes = [
            models.Index(
                fields=["extension_ends_on"],
                condition=models.Q(open=True, extension_ends_on__isnull=False),
                name="cases_limitfacts_ext_ends",
            ),
            models.Index(
                fields=["first_filmed_on"],
                condition=models.Q(open=True, extension_ends_on__isnull=True),
                name="cases_limitfacts_filmed",
            ),
            models.Index(
                fields=["cycles_started"],
                condition=models.Q(open=True, extension_cycle_limit__isnull=True),
                name="cases_limitfacts_cycles",
            ),
            models.Index(
                fields=["case"],
                condition=models.Q(
                    open=True, cycles_started__gte=models.F("extension_cycle_limit")
                ),
                name="cases_limitfacts_ext_cycles",
            ),
        ]

    def __str__(self):
        return f"Limit facts of case {self.case_id}"


class AllocationWait(models.Model):
    """How long a case's referral waited from submission to allocation, kept by triggers.

    The home page's median wait reads this month's rows by one index, never each case's
    referral (docs/architecture.md, "The limit facts").
    """

    # As CaseLimitFacts: the case's delete trigger removes the row.
    case = models.OneToOneField(
        Case,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="allocation_wait",
    )
    allocated_at = models.DateTimeField()
    waited = models.DurationField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["allocated_at"], include=["waited"], name="cases_allocwait_at")
        ]

    def __str__(self):
        return f"Allocation wait of case {self.case_id}"


class AllocationMonth(models.Model):
    """How many allocation waits each calendar month has, kept by a trigger on the waits.

    The home page's median wait is read as the middle one or two of a month's waits in their
    index; knowing the count already, it reads only those, never counting the month first
    (docs/architecture.md, "The limit facts"). Months are the service's, in the time zone
    the trigger was installed with (`zone`); a month of another zone is counted afresh. A
    month's median, once read, is kept while its `changes` number stays.
    """

    zone = models.CharField(max_length=64)
    month = models.DateTimeField(help_text="The month's first midnight in the zone.")
    waits = models.IntegerField(default=0)
    changes = models.BigIntegerField(
        default=0, help_text="A new number at every change to the month's waits."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "month"], name="cases_allocmonth_unique")
        ]

    def __str__(self):
        return f"{self.waits} allocation waits in {self.month:%B %Y}"


class GuiderRoom(models.Model):
    """An active guider's open cases and own capacity, kept by triggers: one row per guider.

    The coordinator's home page counts the guiders with room from these rows alone, never
    every guider's cases and roles (docs/architecture.md, "The limit facts").
    """

    # As CaseLimitFacts: the triggers add and remove the row (a guider no longer active, or
    # no longer a guider, has none).
    guider = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="room",
    )
    open_cases = models.IntegerField(default=0)
    # The guider's own capacity; null for the service's default.
    capacity = models.IntegerField(null=True)

    def __str__(self):
        return f"Room of guider {self.guider_id}"
