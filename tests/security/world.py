"""One fixture world in which every URL keyword can be filled, built with the apps' factories.

Two families: family A is referred by the owning referrer and guided by the allocated guider
(whose supervisor is the supervisor principal), and its case is near its limit, so the manager
reads it; family B belongs to the other referrer and the
other guider. Each child carries unique markers in its name and free text, for the leak scan.

Referrers see their team's referrals in this world, so the team principals are really tested:
a referrer who signed up claiming family A's team and awaits approval must see none of it, a
referrer of family B's team sees family B's submitted referrals and nothing of family A's, and
a deactivated coordinator, still holding a session, is treated as signed out.

A third child, family R, is restricted to one named principal, the coordinator: its referral
and case are the owner's and the guider's, who (like everyone else) find nothing of them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from cases.tests.factories import ContactFactory, TrajectHeadingFactory
from cycles.tests.factories import ActiveCaseFactory, ClipFactory, FilmedCycleFactory
from diary.models import Appointment, CalendarFeed
from diary.tests.factories import FilmingAppointmentFactory
from documents.tests.factories import DocumentFactory
from family.models import LinkPurpose
from family.tests.factories import open_link
from referrals.children import Child, ChildMerge, Flag
from referrals.configuration import ReferralSettings
from referrals.models import Referral
from referrals.services.restrictions import restriction_add
from referrals.tests.factories import (
    CompleteDraftFactory,
    HouseholdChildFactory,
    ParentCarerFactory,
    SubmittedReferralFactory,
)
from training.tests.factories import (
    EnrolmentFactory,
    GuiderTraineeFactory,
    RunningCourseFactory,
    TraineeFactory,
)
from vig_service.accounts.models import User
from vig_service.accounts.services import referrer_sign_up, user_set_first_password, user_update
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    IdentityProviderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    TeamFactory,
)

PRINCIPALS = (
    "anonymous",
    "owner",
    "other_referrer",
    "coordinator",
    "guider",
    "other_guider",
    "supervisor",
    "manager",
    "administrator",
    # Appended, so helpers that take the first allowed principal still pick the same one.
    "deactivated_staff",
    "pending_team_referrer",
    "other_team_referrer",
    # Someone holding family A's links, the child's date of birth confirmed: no account.
    "family_link",
)
# Principals whose requests are anonymous ones: no one, or a deactivated account's session.
SIGNED_OUT = frozenset({"anonymous", "deactivated_staff", "family_link"})


NHS_NUMBERS = {"a": "9434765919", "b": "4010232137", "r": "7000000015"}


def marker(family: str, record: str) -> str:
    """A word found nowhere else: which family and which record it was planted in."""
    return f"Zqx{family}{record}mark"


@dataclass
class Family:
    """One referrer's draft, submitted and allocated referrals, with the case and its parts."""

    label: str
    draft: Referral
    submitted: Referral
    allocated: Referral
    case: object
    cycle: object
    clip: object
    consent: object
    heading: object
    parent: object
    household_child: object
    markers: dict = field(default_factory=dict)
    # The family's own links (family/): to their page and to the questionnaire, tokens kept.
    page_link: object = None
    feedback_link: object = None
    flag: object = None
    merge: object = None


@dataclass
class World:
    """The principals by name and the two families."""

    users: dict
    a: Family
    b: Family
    # The restricted child (docs/architecture.md, "Restricted records"), named: coordinator.
    r: Family = None
    training: dict = field(default_factory=dict)
    diary: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    # A sign-in provider that cannot be reached (its pages, never a real sign-in).
    provider: object = None

    def user(self, principal: str):
        """The user for a principal, None for anonymous."""
        return self.users.get(principal)


def _referral(factory, *, family: str, record: str, **kwargs):
    mark = marker(family, record)
    return factory(
        child_first_name=mark,
        child_last_name=f"{mark}surname",
        hoped_change=f"Hoped change {mark}",
        child_impact=f"Impact {mark}",
        vig_is_right_reason=f"Reason {mark}",
        **kwargs,
    )


def _family(label: str, *, referrer, guider, near_limit: bool = False) -> Family:
    draft = _referral(CompleteDraftFactory, family=label, record="draft", referrer=referrer)
    parent = ParentCarerFactory(referral=draft, name=f"Parent {marker(label, 'draft')}")
    household_child = HouseholdChildFactory(
        referral=draft, first_name=f"Sibling{marker(label, 'draft')}"
    )
    submitted = _referral(
        SubmittedReferralFactory, family=label, record="submitted", referrer=referrer
    )
    allocated = _referral(
        SubmittedReferralFactory,
        family=label,
        record="allocated",
        referrer=referrer,
        status=Referral.Status.ALLOCATED,
    )
    notes = marker(label, "casenotes")
    # Near its limit, a case is also a manager's to read: first filmed nearly six months ago.
    started = timezone.localdate() - timedelta(days=200 if near_limit else 60)
    filmed_on = timezone.localdate() - timedelta(days=170 if near_limit else 14)
    case = ActiveCaseFactory(
        referral=allocated,
        guider=guider,
        outcome_summary=notes,
        opened_on=started,
        contract_agreed_on=started,
    )
    ContactFactory(case=case, notes=f"Contact notes {notes}", attendees=f"Mum {notes}")
    consent = case.consents.first()
    consent.given_by = f"Given by {notes}"
    consent.given_on = started
    consent.save()
    heading = TrajectHeadingFactory(case=case, title=f"Heading {notes}"[:80])
    cycle = FilmedCycleFactory(case=case, setting=f"Setting {notes}", filmed_on=filmed_on)
    clip = ClipFactory(cycle=cycle, description=f"Clip {notes}")
    return Family(
        label=label,
        draft=draft,
        submitted=submitted,
        allocated=allocated,
        case=case,
        cycle=cycle,
        clip=clip,
        consent=consent,
        heading=heading,
        parent=parent,
        household_child=household_child,
        markers={record: marker(label, record) for record in RECORDS},
    )


RECORDS = ("draft", "submitted", "allocated", "casenotes")


def build_world() -> World:
    """Every principal, and two families each with a draft, a referral and a case."""
    settings = ReferralSettings.load()
    settings.referrers_see_team_referrals = True
    settings.save()
    supervisor = SupervisorFactory(full_name="Sasha Supervisor")
    team_a, team_b = TeamFactory(name="Team of family A"), TeamFactory(name="Team of family B")
    users = {
        "owner": ReferrerFactory(full_name="Olive Owner", team=team_a),
        "other_referrer": ReferrerFactory(full_name="Otto Otherreferrer", team=team_b),
        "coordinator": CoordinatorFactory(full_name="Cora Coordinator"),
        "guider": GuiderFactory(full_name="Gus Guider", supervisor=supervisor),
        "other_guider": GuiderFactory(full_name="Gwen Otherguider"),
        "supervisor": supervisor,
        "manager": ManagerFactory(full_name="Mo Manager"),
        "administrator": AdministratorFactory(full_name="Ada Administrator"),
        "other_team_referrer": ReferrerFactory(full_name="Tess Teammate", team=team_b),
    }
    users["deactivated_staff"] = _deactivated_coordinator(by=users["administrator"])
    users["pending_team_referrer"] = _signed_up_claiming(team_a)
    a = _family("a", referrer=users["owner"], guider=users["guider"], near_limit=True)
    b = _family("b", referrer=users["other_referrer"], guider=users["other_guider"])
    r = _family(RESTRICTED, referrer=users["owner"], guider=users["guider"])
    training = _training(users)
    for family in (a, b, r):
        # The child as a record, with a flag on them (raised by the case's guider).
        Referral.objects.filter(pk=family.allocated.pk).update(child=Child.objects.create())
        family.allocated.refresh_from_db()
        family.case.referral.refresh_from_db()
        family.flag = Flag.objects.create(
            child_id=family.allocated.child_id,
            scope="child",
            kind="interpreter",
            detail="Polish",
            raised_by=family.case.guider,
        )
        # The submitted referral is another record with the allocated child's NHS number: the
        # match the coordinator is offered; and a merge an administrator may undo.
        Referral.objects.filter(pk__in=[family.submitted.pk, family.allocated.pk]).update(
            child_nhs_number=NHS_NUMBERS[family.label]
        )
        Referral.objects.filter(pk=family.submitted.pk).update(child=Child.objects.create())
        family.submitted.refresh_from_db()
        family.merge = ChildMerge.objects.create(
            kept=Child.objects.create(),
            merged=Child.objects.create(),
            merged_by=users["coordinator"],
        )
        family.page_link = open_link(case=family.case)
        family.feedback_link = open_link(case=family.case, purpose=LinkPurpose.FEEDBACK)
    _restrict(r, named=users[RESTRICTED_TO])
    return World(
        users=users,
        a=a,
        b=b,
        r=r,
        training=training,
        diary=_diary(a),
        provider=IdentityProviderFactory(slug="world-council", issuer="http://127.0.0.1:9"),
        documents={
            "course_document": DocumentFactory(
                case=None,
                course=training["course"],
                uploaded_by=users["coordinator"],
                title=marker("A", "course_document"),
            ),
            "trainee_document": DocumentFactory(
                case=None,
                trainee=training["trainee"],
                uploaded_by=users["coordinator"],
                title=marker("A", "trainee_document"),
            ),
            "document": DocumentFactory(case=a.case, title=marker("A", "document")),
            "referral_document": DocumentFactory(
                case=None,
                referral=a.submitted,
                uploaded_by=a.submitted.referrer,
                title=marker("A", "referral_document"),
            ),
        },
    )


def _restrict(family: Family, *, named) -> None:
    """Both of the child's submitted referrals are theirs, restricted to `named` alone; with a
    document and an appointment on the case, so the diary and document lists are scanned."""
    Referral.objects.filter(pk=family.submitted.pk).update(child=family.allocated.child_id)
    family.submitted.refresh_from_db()
    DocumentFactory(case=family.case, title=marker(RESTRICTED, "casenotes"))
    FilmingAppointmentFactory(
        kind=Appointment.Kind.SHARED_REVIEW, cycle=family.cycle, case=family.case
    )
    restriction_add(
        child_id=family.allocated.child_id,
        staff_ids=[named.pk],
        reason=f"A colleague's own family {marker(RESTRICTED, 'casenotes')}",
        by=named,
    )


def _deactivated_coordinator(*, by):
    """A coordinator switched off by an administrator (their sessions live on in the tests)."""
    user = CoordinatorFactory(full_name="Dee Deactivated")
    user_update(
        user=user,
        full_name=user.full_name,
        profession=user.profession,
        team=user.team,
        roles=user.roles,
        is_active=False,
        by=by,
    )
    return user


def _signed_up_claiming(team):
    """A referrer who signed up naming the team (in another case, with spaces) and confirmed."""
    referrer_sign_up(
        email="pat.pending@nhs.net",
        full_name="Pat Pendingreferrer",
        profession="health_visitor",
        team_name=f"  {team.name.upper()} ",
        site_url="http://testserver/",
    )
    user = User.objects.get(email="pat.pending@nhs.net")
    return user_set_first_password(user=user, password="a-long-test-password-2026")


def _diary(a: Family) -> dict:
    """Family A's shared review planned for tomorrow with its guider, and a feed whose owner
    is nobody's principal (renewing or stopping one's own feed leaves it alone)."""
    appointment = FilmingAppointmentFactory(
        kind=Appointment.Kind.SHARED_REVIEW, cycle=a.cycle, case=a.case
    )
    return {
        "appointment": appointment,
        "feed": CalendarFeed.objects.create(user=GuiderFactory(full_name="Fay Feedowner")),
    }


def _training(users) -> dict:
    """A course under way with one participant; the guider as a trainee of the supervisor,
    and an external trainee of the same supervisor."""
    course = RunningCourseFactory()
    return {
        "course": course,
        "enrolment": EnrolmentFactory(course=course),
        "trainee": GuiderTraineeFactory(user=users["guider"], supervisor=users["supervisor"]),
        "external": TraineeFactory(supervisor=users["supervisor"]),
    }


# Who may see each family's records, by principal (the leak scan's rules).
RESTRICTED, RESTRICTED_TO = "r", "coordinator"
MAY_SEE = {
    "a": {
        "draft": {"owner"},
        "submitted": {"owner", "coordinator"},
        # Family A's case is near its limit, so managers read it (to extend it).
        # The family link holder sees the child's first name on their own page, nothing else.
        "allocated": {"owner", "coordinator", "guider", "supervisor", "manager", "family_link"},
        "casenotes": {"coordinator", "guider", "supervisor", "manager"},
    },
    "b": {
        "draft": {"other_referrer"},
        "submitted": {"other_referrer", "other_team_referrer", "coordinator"},
        "allocated": {"other_referrer", "other_team_referrer", "coordinator", "other_guider"},
        "casenotes": {"coordinator", "other_guider"},
    },
    # The restricted child: the named coordinator alone, though the owner referred it and the
    # guider has its case; the draft is not yet the child's, so it stays the owner's.
    RESTRICTED: {
        "draft": {"owner"},
        "submitted": {RESTRICTED_TO},
        "allocated": {RESTRICTED_TO},
        "casenotes": {RESTRICTED_TO},
    },
}
