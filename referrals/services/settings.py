"""The referral settings and the plan-status table."""

from referrals.models import PlanStatusRule, ReferralSettings
from vig_service.core.services import settings_section_update


def referral_settings_update(
    *, loaded_at: str, changes: dict, rules_by_status: dict, by
) -> ReferralSettings:
    """Save the referral settings and the plan-status table, refusing a stale form."""

    def save_rules(settings: ReferralSettings) -> list[str]:
        changed = []
        for status, (tier, redirect_message) in rules_by_status.items():
            rule, _ = PlanStatusRule.objects.get_or_create(plan_status=status)
            if (rule.tier, rule.redirect_message) != (tier, redirect_message):
                rule.tier, rule.redirect_message = tier, redirect_message
                rule.full_clean()
                rule.save()
                changed.append(f"{rule.get_plan_status_display()} tier or redirect")
        return changed

    return settings_section_update(
        ReferralSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_rules
    )
