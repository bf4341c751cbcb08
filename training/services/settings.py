"""The Training settings section: places on a course and the stage table."""

from training.configuration import StageRequirement, TrainingSettings
from vig_service.accounts.models import User
from vig_service.core.services import settings_section_update


def training_settings_update(
    *, loaded_at: str, changes: dict, stages: dict[int, dict], by: User
) -> TrainingSettings:
    """Save the course capacity and the stage table, refusing a stale form."""

    def save_stages(settings: TrainingSettings) -> list[str]:
        changed = []
        for row in StageRequirement.objects.select_for_update().filter(settings=settings):
            values = stages.get(row.stage, {})
            fields = [name for name, value in values.items() if getattr(row, name) != value]
            if fields:
                for name in fields:
                    setattr(row, name, values[name])
                row.full_clean()
                row.save(update_fields=fields)
                changed.append(f"Stage {row.stage}")
        return changed

    return settings_section_update(
        TrainingSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_stages
    )
