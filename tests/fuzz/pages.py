"""Every form page of the service, as a way to reach it: who opens it, and where.

The fuzz suite posts to these; the XSS suite plants markup in the data behind them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import (
    ActiveCaseFactory,
    CaseFactory,
    ClosedCaseFactory,
    ContractingCaseFactory,
    ReadyCaseFactory,
    TrajectHeadingFactory,
)
from cycles.tests.factories import (
    ClipFactory,
    ClipsShownConsentFactory,
    CycleFactory,
    EditedCycleFactory,
    FilmedCycleFactory,
    ReviewedCycleFactory,
)
from referrals.children import Child
from referrals.journey import STEP_SLUGS
from referrals.services import restriction_add
from referrals.tests.factories import DraftReferralFactory, SubmittedReferralFactory
from training.tests.factories import CourseFactory, OpenCourseFactory, TraineeFactory
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    SupervisorFactory,
)


def _draft(slug):
    def make():
        draft = DraftReferralFactory()
        return draft.referrer, reverse(slug[0], args=[draft.pk, *slug[1:]])

    return make


def _triage(action, **referral):
    def make():
        GuiderFactory()
        target = SubmittedReferralFactory(**referral)
        return CoordinatorFactory(), reverse("referrals:action", args=[target.pk, action])

    return make


def _case_page(name, factory, *, who="guider", **kwargs):
    def make():
        case = factory(**kwargs)
        user = {
            "guider": case.guider,
            "manager": ManagerFactory(roles=[Role.MANAGER, Role.COORDINATOR]),
            "coordinator": CoordinatorFactory(),
        }[who]
        return user, reverse(name, args=[case.pk])

    return make


def _traject_heading():
    heading = TrajectHeadingFactory()
    return heading.case.guider, reverse(
        "cases:traject_heading", args=[heading.case.pk, heading.pk]
    )


def _cycle_page(name, factory, **kwargs):
    def make():
        cycle = factory(**kwargs)
        cycle = getattr(cycle, "cycle", cycle)  # a clip's cycle
        if name == "cycles:showing":
            ClipsShownConsentFactory(case=cycle.case)
        return cycle.case.guider, reverse(name, args=[cycle.pk])

    return make


def _supervision():
    cycle = ReviewedCycleFactory()
    supervisor = SupervisorFactory()
    cycle.case.guider.supervisor = supervisor
    cycle.case.guider.save()
    return cycle.case.guider, reverse("cycles:supervision", args=[cycle.pk])


def _new_cycle():
    cycle = ReviewedCycleFactory()
    return cycle.case.guider, reverse("cycles:start", args=[cycle.case.pk])


def _withdraw_own():
    referral = SubmittedReferralFactory()
    return referral.referrer, reverse("referrals:withdraw", args=[referral.pk])


def _configuration(name):
    def make():
        return AdministratorFactory(), reverse(name)

    return make


def _coordinator_page(name, factory=None):
    def make():
        args = [factory().pk] if factory else []
        return CoordinatorFactory(), reverse(name, args=args)

    return make


def _supervisor_page(name):
    def make():
        trainee = TraineeFactory()
        return trainee.supervisor, reverse(name, args=[trainee.pk])

    return make


def _restrict(*, restricted: bool):
    """A child's referral to restrict, or (already restricted to the coordinator) to change."""

    def make():
        coordinator = CoordinatorFactory()
        referral = SubmittedReferralFactory(child=Child.objects.create())
        if restricted:
            restriction_add(
                child_id=referral.child_id,
                staff_ids=[coordinator.pk],
                reason="Kin",
                by=coordinator,
            )
        return coordinator, reverse("referrals:restrict", args=[referral.pk])

    return make


ACCEPTED = {"status": "accepted", "accepted_at": timezone.now()}

PAGES = {
    **{f"referral {slug}": _draft(("referrals:question", slug)) for slug in STEP_SLUGS},
    "referral parent": _draft(("referrals:parent_add",)),
    "referral household child": _draft(("referrals:child_add",)),
    "referrer withdraws": _withdraw_own,
    "triage request information": _triage("request-information"),
    "triage override eligibility": _triage("override-eligibility", eligible=False),
    "triage accept": _triage("accept"),
    "triage decline": _triage("decline"),
    "triage withdraw": _triage("withdraw"),
    "triage allocate": _triage("allocate", **ACCEPTED),
    "case contact": _case_page("cases:contact_add", CaseFactory),
    "case contract": _case_page("cases:contract", ContractingCaseFactory),
    "case consent": _case_page("cases:consent_add", ContractingCaseFactory),
    "case helping question": _case_page("cases:question_add", ContractingCaseFactory),
    "case traject heading": _case_page("cases:traject_heading_add", ActiveCaseFactory),
    "case traject text": _traject_heading,
    "case start": _case_page("cases:start", ReadyCaseFactory),
    "case closure": _case_page("cases:close", ActiveCaseFactory),
    "case footage": _case_page(
        "cases:footage", ClosedCaseFactory, closed_on=timezone.localdate() - timedelta(days=9)
    ),
    "case extension": _case_page("cases:extend", ActiveCaseFactory, who="manager"),
    "case reassign": _case_page("cases:reassign", ActiveCaseFactory, who="coordinator"),
    "cycle start": _new_cycle,
    "cycle filming": _cycle_page("cycles:filming", CycleFactory),
    "cycle clip": _cycle_page("cycles:clip_add", FilmedCycleFactory),
    "cycle clips chosen": _cycle_page("cycles:edited", ClipFactory),
    "cycle shared review": _cycle_page("cycles:review", EditedCycleFactory),
    "cycle showing": _cycle_page("cycles:showing", ReviewedCycleFactory),
    "cycle supervision": _supervision,
    "course new": _coordinator_page("training:course_create"),
    "course edit": _coordinator_page("training:course_edit", CourseFactory),
    "course enrolment": _coordinator_page("training:enrolment_add", OpenCourseFactory),
    "trainee new": _coordinator_page("training:trainee_create"),
    "trainee supervision": _supervisor_page("training:supervision_add"),
    "trainee counts": _supervisor_page("training:trainee_counts"),
    "trainee sign-off": _supervisor_page("training:sign_off"),
    "configuration training": _configuration("training:configuration"),
    "configuration service": _configuration("core:configuration"),
    "configuration referrals": _configuration("referrals:configuration"),
    "configuration cases": _configuration("cases:configuration"),
    "configuration privacy": _configuration("privacy:configuration"),
    "records restricted": _restrict(restricted=False),
    "restriction changed": _restrict(restricted=True),
}


def _get_page(name, factory, *args):
    def make():
        SubmittedReferralFactory()
        ActiveCaseFactory()
        return factory(), reverse(name, args=args)

    return make


def _supervisor_with_cases():
    case = ActiveCaseFactory()
    supervisor = SupervisorFactory()
    case.guider.supervisor = supervisor
    case.guider.save()
    return supervisor, reverse("cases:list")


# Every GET form: (who opens it, where) and, for a download, the page whose form it reads.
GET_PAGES = {
    "queue filters": (_get_page("referrals:queue", CoordinatorFactory), None),
    "case filters (coordinator)": (_get_page("cases:list", CoordinatorFactory), None),
    "case filters (supervisor)": (_supervisor_with_cases, None),
    "users search": (_get_page("accounts:user_list", AdministratorFactory), None),
    "audit search": (_get_page("audit:events", AdministratorFactory), None),
    **{
        f"report {slug} dates": (_get_page("reports:report", ManagerFactory, slug), None)
        for slug in ("referrals", "waiting-times", "caseload", "outcomes", "training")
    },
    "report download dates": (
        _get_page("reports:report", ManagerFactory, "referrals"),
        reverse("reports:report_csv", args=["referrals"]),
    ),
    "every-referral download dates": (
        _get_page("reports:report", ManagerFactory, "referrals"),
        reverse("reports:referrals_csv"),
    ),
}
