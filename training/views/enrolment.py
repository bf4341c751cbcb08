"""Enrolment pages: enrol someone (a place or the waiting list), withdraw them."""

from training import forms, rules, selectors, services
from training.views._common import _moved_up, _training_form_page
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role


@role_required(Role.COORDINATOR)
def enrolment_add(request, pk):
    """Enrol someone: a place while there is one, otherwise the waiting list."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    form = forms.EnrolmentForm(request.POST or None)

    def run(data):
        enrolment = services.enrolment_add(
            course_id=course.pk,
            by=request.user,
            full_name=data["full_name"],
            email=data["email"],
            profession=data["profession"],
            organisation=data["organisation"],
        )
        if enrolment.status == "waiting":
            return (
                f"The course is full. {enrolment.full_name} is number "
                f"{enrolment.waiting_position} on the waiting list"
            )
        return f"{enrolment.full_name} is enrolled"

    places = course.capacity - course.enrolled_count
    intro = (
        f"{places} of {rules.counted(course.capacity, 'place')} left."
        if places > 0
        else "The course is full: anyone enrolled now goes on the waiting list."
    )
    return _training_form_page(
        request,
        form,
        title="Enrol someone",
        back=course.get_absolute_url(),
        save=run,
        done="Enrolled",
        intro=intro,
        context={"course": course},
    )


@role_required(Role.COORDINATOR)
def enrolment_withdraw(request, pk, enrolment_pk):
    """Withdraw someone; the first on the waiting list moves up into a freed place."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    enrolment = selectors.enrolment_on(course=course, pk=enrolment_pk)
    form = forms.WithdrawForm(request.POST or None)

    def run(data):
        withdrawn, promoted = services.enrolment_withdraw(
            enrolment_id=enrolment.pk, by=request.user, reason=data["reason"]
        )
        return f"{withdrawn.full_name} has withdrawn" + _moved_up(promoted)

    return _training_form_page(
        request,
        form,
        title=f"Withdraw {enrolment.full_name}",
        back=course.get_absolute_url(),
        save=run,
        done="Withdrawn",
        intro=(
            "The first person on the waiting list will be given the place."
            if enrolment.status == "enrolled"
            else "They will be taken off the waiting list."
        ),
        context={"course": course},
    )
