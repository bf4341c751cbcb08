"""Scale data for training: courses with places, waiting lists and attendance; trainees."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bench.rows import DOMAIN, FIRST, LAST, YEARS, Copier
from training import models as training


def seed_training(*, rng: random.Random, today: date, total: int, supervisors: list[int]):
    """Courses twice a year and more (places, waiting lists, attendance), and trainees.

    Returns how many rows of each kind it wrote.
    """
    courses, days = Copier(training.Course), Copier(training.CourseDay)
    enrolments = Copier(training.Enrolment)
    attendances, trainees = Copier(training.Attendance), Copier(training.Trainee)
    sessions, sign_offs = Copier(training.SupervisionSession), Copier(training.StageSignOff)
    count = max(4, total // 2000)
    first = today - timedelta(days=365 * YEARS)
    for index in range(count):
        starts_on = first + timedelta(days=round((365 * YEARS + 120) * index / count))
        kind = rng.choice(["initial", "initial", "whole_team", "refresher"])
        past = starts_on + timedelta(days=1) < today
        status = ("closed" if rng.random() < 0.7 else "delivered") if past else "open"
        created = timezone.make_aware(datetime.combine(starts_on - timedelta(days=90), time(9)))
        course_id = courses.add(
            kind=kind,
            venue=f"Family Hub {index % 7 + 1}",
            capacity=12,
            status=status,
            created_at=created,
            updated_at=created,
        )
        day_ids = [
            days.add(course_id=course_id, number=number, date=starts_on + timedelta(days=n))
            for n, number in ((0, 1), (1, 2))
        ]
        for place in range(rng.randint(8, 15)):
            waiting = place >= 12
            enrolment_id = enrolments.add(
                course_id=course_id,
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                email=f"participant.{course_id}.{place}@{DOMAIN}",
                profession=rng.choice(["Health visitor", "Social worker", "Family worker"]),
                organisation="Scale Council",
                status="waiting" if waiting else "enrolled",
                created_at=created,
            )
            if waiting or not past:
                continue
            for day_id in day_ids:
                attended = rng.random() < 0.93
                attendances.add(
                    enrolment_id=enrolment_id,
                    day_id=day_id,
                    attended=attended,
                    made_up_on=starts_on + timedelta(days=30)
                    if not attended and rng.random() < 0.5
                    else None,
                )
            if kind != "initial" or rng.random() < 0.5:
                continue
            _trainee(
                rng,
                today,
                supervisors,
                (trainees, sessions, sign_offs),
                course_id,
                starts_on,
                place,
            )
    return {
        name: copier.flush()
        for name, copier in (
            ("courses", courses),
            ("course days", days),
            ("enrolments", enrolments),
            ("attendances", attendances),
            ("trainees", trainees),
            ("supervision sessions", sessions),
            ("sign-offs", sign_offs),
        )
    }


def _trainee(rng, today, supervisors, copiers, course_id, course_on, place):
    """A trainee from an initial course, some way through the three stages."""
    trainees, sessions, sign_offs = copiers
    supervisor = rng.choice(supervisors)
    stage_days = [rng.randint(150, 400) for _ in range(3)]
    started, stage = course_on + timedelta(days=14), 1
    while stage < 3 and started + timedelta(days=stage_days[stage - 1]) < today:
        started += timedelta(days=stage_days[stage - 1])
        stage += 1
    accredited_on = started + timedelta(days=stage_days[2])
    accredited = stage == 3 and accredited_on < today
    trainee_id = trainees.add(
        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        email=f"trainee.{course_id}.{place}@{DOMAIN}",
        supervisor_id=supervisor,
        course_id=course_id,
        stage=stage,
        status="accredited" if accredited else "in_training",
        stage_started_on=started,
        accredited_on=accredited_on if accredited else None,
    )
    signed = {1: 0, 2: 1, 3: 2}[stage] + (1 if accredited else 0)
    moment = course_on + timedelta(days=14)
    for number in range(1, signed + 1):
        moment += timedelta(days=stage_days[number - 1])
        sign_offs.add(
            trainee_id=trainee_id,
            stage=number,
            signed_off_by_id=supervisor,
            signed_off_at=timezone.make_aware(datetime.combine(moment, time(15))),
            requirements_met=True,
        )
    held_on = course_on + timedelta(days=30)
    while held_on < min(today, accredited_on):
        sessions.add(
            trainee_id=trainee_id,
            supervisor_id=supervisor,
            held_on=held_on,
            minutes=60,
            recorded_by_id=supervisor,
        )
        held_on += timedelta(days=rng.randint(30, 60))
