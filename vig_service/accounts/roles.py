"""The roles a person may hold; each is a Django group of the same name."""

from django.db import models


class Role(models.TextChoices):
    """A role in the VIG service. One person may hold several."""

    REFERRER = "referrer", "Referrer"
    COORDINATOR = "coordinator", "Coordinator"
    GUIDER = "guider", "Guider"
    SUPERVISOR = "supervisor", "Supervisor"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_DESCRIPTIONS = {
    Role.REFERRER: "Refers families to the service and follows their referrals.",
    Role.COORDINATOR: "Triages referrals, decides on them and allocates families to guiders.",
    Role.GUIDER: "Runs interventions: contracting, consents, helping questions and cycles.",
    Role.SUPERVISOR: "Supervises guiders and trainees and records supervision.",
    Role.MANAGER: "Reads caseload, waiting-time, outcome and training reports.",
    Role.ADMINISTRATOR: "Manages users, roles and the service configuration.",
}

# Staff roles see children's records in the service's own work, as against referrers.
STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.GUIDER, Role.SUPERVISOR, Role.MANAGER, Role.ADMINISTRATOR}
)
