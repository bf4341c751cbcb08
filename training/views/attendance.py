"""Attendance pages: the register for one course day, and a make-up of a missed day."""

from training import forms, rules, selectors, services
from training.views._common import _training_form_page
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role


@role_required(Role.COORDINATOR)
def attendance(request, pk, number):
    """The register for one day of the course."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    day = selectors.day_of(course=course, number=number)
    enrolments = list(course.enrolments.enrolled())
    present = list(day.attendances.filter(attended=True).values_list("enrolment_id", flat=True))
    form = forms.AttendanceForm(
        request.POST or None, enrolments=enrolments, initial={"attended": present}
    )

    def run(data):
        saved = services.attendance_record(
            day_id=day.pk, by=request.user, attended_ids=data["attended"]
        )
        attended = sum(1 for a in saved if a.attended)
        return f"Attendance saved for day {day.number}: {attended} of {len(saved)} attended"

    return _training_form_page(
        request,
        form,
        title=f"Attendance for day {day.number}, {rules.long_date(day.date)}",
        back=course.get_absolute_url(),
        save=run,
        done="Attendance saved",
        context={"course": course},
    )


@role_required(Role.COORDINATOR)
def make_up(request, pk, enrolment_pk, number):
    """Record that a participant made up a day they missed."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    enrolment = selectors.enrolment_on(course=course, pk=enrolment_pk)
    day = selectors.day_of(course=course, number=number)
    form = forms.MakeUpForm(request.POST or None)

    def run(data):
        services.attendance_make_up(
            enrolment_id=enrolment.pk,
            day_id=day.pk,
            by=request.user,
            made_up_on=data["made_up_on"],
        )
        return f"{enrolment.full_name} made up day {day.number}"

    return _training_form_page(
        request,
        form,
        title=f"Record that {enrolment.full_name} made up day {day.number}",
        back=course.get_absolute_url(),
        save=run,
        done="Make-up recorded",
        context={"course": course},
    )
