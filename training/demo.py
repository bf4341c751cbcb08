"""Demo training for `seed_demo`: past and coming courses, trainees at each stage, supervision."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cycles.models import Cycle, SharedReview
from training import services
from training.models import Course, StageSignOff, Trainee

PARTICIPANTS = [
    ("Lowenna Tregear", "Health visitor", "Cornwall Partnership NHS Foundation Trust"),
    ("Jory Penrose", "Social worker", "Cornwall Council Children's Social Care"),
    ("Demelza Hocking", "Family support worker", "Camborne Family Hub"),
    ("Kitto Rowe", "Early help practitioner", "Truro Early Help Team"),
    ("Tamsin Curnow", "Educational psychologist", "Cornwall Educational Psychology Service"),
    ("Piran Vingoe", "Outreach worker", "St Austell Family Hub"),
    ("Morwenna Trevail", "School nurse", "Cornwall Partnership NHS Foundation Trust"),
    ("Jago Nance", "Social worker", "Cornwall Council Children's Social Care"),
    ("Elowen Pascoe", "Health visitor", "Riverside Health Visiting Team"),
    ("Bryok Angove", "Family support worker", "Bodmin Family Hub"),
    ("Senara Trebilcock", "Child psychotherapist", "CAMHS West"),
    ("Conan Eddy", "Outreach worker", "Penzance Family Hub"),
    ("Wenna Kitto", "Early help practitioner", "Newquay Early Help Team"),
    ("Talan Opie", "Teacher", "Helston Community College"),
]
AUTUMN_FIRST = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fin", "Gail", "Hal", "Ivy", "Jon", "Kay"]
AUTUMN_FIRST += ["Lee", "Mo", "Ned"]
AUTUMN_LAST = ["Bolitho", "Carne", "Dunstan", "Eustice", "Francis", "Gilbert", "Hosking"]
AUTUMN_LAST += ["Ivey", "Jenkin", "Keast", "Laity", "Mitchell", "Nicholls", "Oates"]


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.org"


def _course(*, by, kind, venue, start, days, capacity, trainers, people):
    """A course through the services: planned, opened, people enrolled."""
    course = services.course_create(
        by=by,
        kind=kind,
        venue=venue,
        capacity=capacity,
        day_dates=[start + timedelta(days=n) for n in range(days)],
        trainers=trainers,
    )
    services.course_open(course_id=course.pk, by=by)
    for name, profession, organisation in people:
        services.enrolment_add(
            course_id=course.pk,
            by=by,
            full_name=name,
            email=_email(name),
            profession=profession,
            organisation=organisation,
        )
    return course


def _deliver(course, *, by, absent=()):
    """Record every day's attendance (some absent), then mark the course delivered."""
    enrolled = list(course.enrolments.enrolled())
    for day in course.days.order_by("number"):
        present = [e.pk for e in enrolled if (e.full_name, day.number) not in absent]
        services.attendance_record(day_id=day.pk, by=by, attended_ids=present)
    services.course_mark_delivered(course_id=course.pk, by=by)


def _guider_stage_start(guider, today):
    """A stage 2 start that leaves the demo guider some way into stage 2 (six reviews since)."""
    reviews = list(
        SharedReview.objects.filter(cycle__case__guider=guider)
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )
    if len(reviews) >= 6:
        return reviews[-6]
    return reviews[0] if reviews else today - timedelta(days=60)


def seed_training(*, coordinator, supervisor, guiders) -> int:
    """Courses, trainees and supervision for the demo; 0 if already done."""
    if Course.objects.exists() or Trainee.objects.exists():
        return 0
    today = timezone.localdate()
    guider, *other_guiders = guiders
    with transaction.atomic():
        spring = _course(
            by=coordinator,
            kind=Course.Kind.INITIAL,
            venue="Truro Family Hub, Treyew Road",
            start=today - timedelta(days=240),
            days=2,
            capacity=12,
            trainers=[supervisor],
            people=PARTICIPANTS[:9],
        )
        _deliver(spring, by=coordinator, absent={("Jago Nance", 2)})
        services.attendance_make_up(
            enrolment_id=spring.enrolments.get(full_name="Jago Nance").pk,
            day_id=spring.days.get(number=2).pk,
            by=coordinator,
            made_up_on=today - timedelta(days=200),
        )
        services.course_close(course_id=spring.pk, by=coordinator)

        team = _course(
            by=coordinator,
            kind=Course.Kind.WHOLE_TEAM,
            venue="Camborne Family Hub",
            start=today - timedelta(days=45),
            days=2,
            capacity=10,
            trainers=[supervisor],
            people=PARTICIPANTS[9:14],
        )
        _deliver(team, by=coordinator, absent={("Talan Opie", 2)})

        _course(
            by=coordinator,
            kind=Course.Kind.INITIAL,
            venue="Bodmin Shire House",
            start=today + timedelta(days=40),
            days=2,
            capacity=12,
            trainers=[supervisor],
            # Fourteen for twelve places: two on the waiting list.
            people=[
                (f"{first} {last}", "Family support worker", "Cornwall Family Hubs")
                for first, last in zip(AUTUMN_FIRST, AUTUMN_LAST, strict=True)
            ],
        )
        services.course_create(
            by=coordinator,
            kind=Course.Kind.REFRESHER,
            venue="Online (Microsoft Teams)",
            capacity=20,
            day_dates=[today + timedelta(days=90)],
            trainers=[supervisor],
        )

        _trainees(
            coordinator=coordinator,
            supervisor=supervisor,
            guider=guider,
            others=other_guiders,
            course=spring,
            today=today,
        )
    return 1


def _session(trainee, supervisor, *, days_ago, minutes=60, notes="", cycle=None):
    return services.supervision_session_record(
        trainee_id=trainee.pk,
        by=supervisor,
        supervisor=supervisor,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        minutes=minutes,
        case=cycle.case if cycle else None,
        cycle=cycle,
        notes=notes or "Talked through clip choice and the next shared review.",
    )


def _signed_off(trainee, stage, supervisor, on, *, reason=""):
    """A past stage's sign-off, for trainees who came to the demo part-way through."""
    StageSignOff.objects.create(
        trainee=trainee,
        stage=stage,
        signed_off_by=supervisor,
        signed_off_at=timezone.make_aware(datetime.combine(on, time(15))),
        requirements_met=not reason,
        reason=reason,
    )


def _trainees(*, coordinator, supervisor, guider, others, course, today):
    # The demo guider: stage 2, counted from their own cases, supervised by the demo supervisor.
    started = _guider_stage_start(guider, today)
    gus = services.trainee_add(
        by=coordinator,
        full_name=guider.full_name,
        email=guider.email,
        user=guider,
        supervisor=supervisor,
        course=course,
        stage=2,
        stage_started_on=started,
    )
    _signed_off(gus, 1, supervisor, started)
    last_cycle = (
        Cycle.objects.filter(case__guider=guider, status=Cycle.Status.REVIEWED)
        .order_by("-review__held_on")
        .first()
    )
    for days_ago in (49, 35, 21):
        if today - timedelta(days=days_ago) >= started:
            _session(gus, supervisor, days_ago=days_ago)
    _session(gus, supervisor, days_ago=7, minutes=90, cycle=last_cycle)

    # Another guider here, just starting stage 1.
    if others:
        gwen = services.trainee_add(
            by=coordinator,
            full_name=others[0].full_name,
            email=others[0].email,
            user=others[0],
            supervisor=supervisor,
            course=course,
            stage=1,
            stage_started_on=today - timedelta(days=30),
        )
        _session(gwen, supervisor, days_ago=20)

    # External trainees: their supervisor enters their cycles and clients.
    lowenna = services.trainee_add(
        by=coordinator,
        full_name="Lowenna Tregear",
        email=_email("Lowenna Tregear"),
        supervisor=supervisor,
        course=course,
        stage=1,
        stage_started_on=today - timedelta(days=150),
    )
    services.trainee_enter_counts(trainee_id=lowenna.pk, by=supervisor, cycles=4, clients=2)
    _session(lowenna, supervisor, days_ago=140)
    _session(lowenna, supervisor, days_ago=60)  # none since: supervision is due

    jory = services.trainee_add(
        by=coordinator,
        full_name="Jory Penrose",
        email=_email("Jory Penrose"),
        supervisor=supervisor,
        course=course,
        stage=3,
        stage_started_on=today - timedelta(days=100),
    )
    _signed_off(jory, 1, supervisor, today - timedelta(days=220))
    _signed_off(jory, 2, supervisor, today - timedelta(days=100))
    services.trainee_enter_counts(trainee_id=jory.pk, by=supervisor, cycles=10, clients=3)
    for days_ago in (90, 75, 60, 45, 30, 14):
        _session(jory, supervisor, days_ago=days_ago, minutes=75)

    # One accredited last month.
    tamsin = services.trainee_add(
        by=coordinator,
        full_name="Tamsin Curnow",
        email=_email("Tamsin Curnow"),
        supervisor=supervisor,
        course=course,
        stage=3,
        stage_started_on=today - timedelta(days=120),
    )
    _session(tamsin, supervisor, days_ago=40, minutes=60)
    services.stage_sign_off(
        trainee_id=tamsin.pk,
        by=supervisor,
        reason="Accreditation meeting held; portfolio complete from practice in a previous post.",
    )
