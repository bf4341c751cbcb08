"""Course pages: the list, a new course, its page, changes and status moves."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import forms, selectors, services
from training.configuration import TrainingSettings
from training.models import Course
from training.views._common import COURSE_READERS, _moved_up, _training_form_page
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role


@role_required(*COURSE_READERS)
def course_list(request):
    """Courses coming and past, with places taken and waiting."""
    coming, past = selectors.course_list(user=request.user)
    return render(
        request,
        "training/course_list.html",
        {
            "coming": coming,
            "past": past,
            "can_manage": request.user.has_role(Role.COORDINATOR),
        },
    )


@role_required(Role.COORDINATOR)
def course_create(request):
    """Plan a new course."""
    form = forms.CourseForm(
        request.POST or None,
        trainers=list(selectors.trainers()),
        initial={"capacity": TrainingSettings.load().course_capacity},
        submit_label="Create course",
    )

    def run(data):
        course = services.course_create(by=request.user, **form.course_fields())
        return f"Course created: {course}", course

    return _training_form_page(
        request, form, title="New course", back=reverse("training:course_list"), save=run
    )


@role_required(*COURSE_READERS)
def course_detail(request, pk):
    """The course: its details, participants with the register, the waiting list."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    page = selectors.course_page(course=course)
    can_manage = request.user.has_role(Role.COORDINATOR)
    # Delivered waits for the last day.
    last_day = page.days[-1].date if page.days else None
    offered = {
        Course.Status.OPEN: course.status == Course.Status.PLANNED,
        Course.Status.DELIVERED: bool(last_day) and last_day <= timezone.localdate(),
        Course.Status.CLOSED: True,
    }
    moves = [
        (status, label)
        for status, label in (
            (Course.Status.OPEN, "Open for enrolment"),
            (Course.Status.DELIVERED, "Mark as delivered"),
            (Course.Status.CLOSED, "Close the course"),
        )
        if can_manage and course.can_become(status) and offered[status]
    ]
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "page": page,
            "can_manage": can_manage,
            "moves": moves,
            "enrolling": course.status == Course.Status.OPEN,
            "changeable": course.status != Course.Status.CLOSED,
            "today": timezone.localdate(),
            "events": list(
                course.events.select_related("actor").order_by("-occurred_at", "-pk")[:30]
            ),
        },
    )


@role_required(Role.COORDINATOR)
def course_edit(request, pk):
    """Change a course's details, days and places."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    form = forms.CourseForm(
        request.POST or None,
        trainers=list(selectors.trainers()),
        initial=forms.CourseForm.initial_for(course),
    )

    def run(data):
        _, promoted = services.course_update(
            course_id=course.pk, by=request.user, **form.course_fields()
        )
        return "Course saved" + _moved_up(promoted)

    return _training_form_page(
        request,
        form,
        title="Change the course",
        back=course.get_absolute_url(),
        save=run,
        done="Course saved",
        context={"course": course},
    )


@require_POST
@role_required(Role.COORDINATOR)
def course_status(request, pk):
    """Open, mark delivered or close the course."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    move = services.COURSE_MOVES.get(request.POST.get("to"))
    if move is None:
        messages.error(request, "Choose what to do with the course")
        return redirect(course)
    try:
        course = move(course_id=course.pk, by=request.user)
    except services.TrainingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The course is now {course.get_status_display().lower()}")
    return redirect(course)
