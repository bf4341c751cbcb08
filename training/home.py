"""The supervisor's cards on the home page: supervision due, stages ready to sign off.

Registered in TrainingConfig.ready() (docs/architecture.md, "Home page").
"""

from django.urls import reverse

from training import rules, selectors
from vig_service.core.home import HomeCard, HomeFigure


def supervisor_cards(user) -> list[HomeCard]:
    """Each supervisee due a supervision session, and each whose stage is ready to sign off."""
    trainees = selectors.supervisees(user=user)
    due = tuple(
        HomeFigure(
            trainee.full_name,
            None,
            reverse("training:supervision_add", args=[trainee.pk]),
            hint=(
                f"Last supervision on {rules.long_date(trainee.last_supervision_on)}"
                if trainee.last_supervision_on
                else "No supervision recorded yet"
            ),
        )
        for trainee in trainees
        if trainee.supervision_due
    )
    ready = tuple(
        HomeFigure(
            trainee.full_name,
            None,
            reverse("training:sign_off", args=[trainee.pk]),
            hint=f"Stage {trainee.stage} requirements met",
        )
        for trainee in trainees
        if trainee.progress and trainee.progress.requirements_met
    )
    return [
        HomeCard("Supervision due", due, "None of your supervisees is due supervision."),
        HomeCard("Stage sign-offs waiting", ready, "No stage is waiting for your sign-off."),
    ]
