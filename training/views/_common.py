"""What the training pages share: who reads them, the form page, the waiting-list message."""

from training import services
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page

# Coordinators manage courses; managers read them for their reports.
COURSE_READERS = (Role.COORDINATOR, Role.MANAGER)
# Trainee pages: coordinators (all), supervisors (their supervisees), a trainee (their own).
TRAINEE_READERS = (Role.COORDINATOR, Role.SUPERVISOR, Role.GUIDER)
SESSION_RECORDERS = (Role.COORDINATOR, Role.SUPERVISOR)


def _training_form_page(request, form, *, back, done="", intro="", context=None, **page):
    """Core's form page for training, TrainingError refused.

    `save` returns the message, or (message, record) when the page made a new record to show.
    """

    def parts(result):
        return result if isinstance(result, tuple) else (result, back)

    return form_page(
        request,
        form,
        back=back,
        done=lambda result: parts(result)[0] or done,
        after=lambda result: parts(result)[1],
        template="training/form.html",
        refusals=(services.TrainingError,),
        context={"intro": intro, **(context or {})},
        **page,
    )


def _moved_up(promoted) -> str:
    if not promoted:
        return ""
    names = ", ".join(e.full_name for e in promoted)
    return f". Moved up from the waiting list: {names}"
