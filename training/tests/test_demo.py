"""The demo training data made by seed_demo."""

from django.core.management import call_command

from training import selectors
from training.models import Trainee
from vig_service.accounts.models import User


def test_seed_demo_adds_courses_trainees_at_each_stage_and_the_guider_at_stage_2(db, settings):
    """Past and coming courses, one full with a waiting list; the guider in stage 2."""
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing
    coordinator = User.objects.get(email="coordinator@example.org")
    coming, past = selectors.course_list(user=coordinator)
    assert coming
    assert past
    full = [c for c in coming if c.is_full]
    assert full
    assert full[0].waiting_count > 0
    assert set(Trainee.objects.in_training().values_list("stage", flat=True)) == {1, 2, 3}
    assert Trainee.objects.filter(status="accredited").exists()

    guider = Trainee.objects.get(user__email="guider@example.org")
    assert (guider.stage, guider.supervisor.email) == (2, "supervisor@example.org")
    (mine,) = [
        t for t in selectors.supervisees(user=guider.supervisor) if t.user_id == guider.user_id
    ]
    assert mine.progress.cycles > 0
    assert mine.supervision_sessions.exists()
