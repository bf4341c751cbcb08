"""Writes for the case settings section and each guider's own capacity."""

from cases.models import CaseSettings, GuiderCapacity
from vig_service.accounts.models import User
from vig_service.core.services import settings_section_update


def case_settings_update(
    *, loaded_at: str, changes: dict, overrides: dict[int, int | None], by: User
) -> CaseSettings:
    """Save the case settings and each guider's own capacity (None removes it).

    Refuses a form loaded before the last save. Guiders missing from `overrides` keep theirs.
    """

    def save_capacities(settings: CaseSettings) -> list[str]:
        changed = []
        guiders = User.objects.in_bulk(list(overrides))
        current = {c.guider_id: c for c in GuiderCapacity.objects.filter(guider_id__in=overrides)}
        for guider_id, capacity in overrides.items():
            existing = current.get(guider_id)
            if capacity is None:
                if existing is None:
                    continue
                existing.delete()
            elif existing is None:
                added = GuiderCapacity(guider=guiders[guider_id], capacity=capacity)
                added.full_clean()
                added.save()
            elif existing.capacity != capacity:
                existing.capacity = capacity
                existing.full_clean()
                existing.save(update_fields=["capacity"])
            else:
                continue
            changed.append(f"Capacity for {guiders[guider_id]}")
        return changed

    return settings_section_update(
        CaseSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_capacities
    )
