"""The access matrix: every named URL, how to fill its keywords, and who may do what.

One row per URL name: a kwargs builder over the fixture world's family A, and the expected
outcome for each principal, for GET and for POST. Add a row when you add a URL: the matrix
test fails for any URL in the resolver without one.

Outcomes: OK is 200, or a 302 anywhere but the sign-in page (a form's "done" redirect or a
"not now" redirect with a message); LOGIN is 302 to the sign-in page with next=; ADMIN_LOGIN
is the Django admin's own redirect to its login; 403 a role not allowed; 404 a record out of
the user's scope; 405 a method the URL does not take.
"""

from collections.abc import Callable
from dataclasses import dataclass

from measures.services import prfq_measure
from tests.security.world import PRINCIPALS, SIGNED_OUT

OK, LOGIN, ADMIN_LOGIN = "ok", "login", "admin_login"
STAFF_AND_REFERRERS = set(PRINCIPALS) - SIGNED_OUT
# Principals whose outcome is another's unless a row names them: a deactivated account is
# signed out, and a referrer outside family A's team (awaiting approval to join it, or of
# another team) is any other referrer.
DERIVED = {
    "deactivated_staff": "anonymous",
    "pending_team_referrer": "other_referrer",
    "other_team_referrer": "other_referrer",
    # Family A's link holder has no account: every staff URL treats them as signed out.
    "family_link": "anonymous",
}


def expect(default, **cells) -> dict:
    """Every principal gets `default` (anonymous: LOGIN) unless named in `cells`.

    The principals in DERIVED follow the one they are derived from unless named too.
    """
    table = {principal: default for principal in PRINCIPALS}
    table["anonymous"] = LOGIN
    table.update(cells)
    for principal, source in DERIVED.items():
        if principal not in cells:
            table[principal] = table[source]
    return table


PUBLIC = expect(OK, anonymous=OK)
SIGNED_IN = expect(OK)
ADMINISTRATORS = expect(403, administrator=OK)
COORDINATORS = expect(403, coordinator=OK)
REFERRERS = expect(403, owner=OK, other_referrer=OK)
# A referrer's own referral: another referrer gets 404, any other role 403.
OWN_REFERRAL = expect(403, owner=OK, other_referrer=404)
# Submitted referrals: the referrer who made it and coordinators; nobody else may know it exists.
REFERRAL_DETAIL = expect(404, owner=OK, coordinator=OK)
# Case pages: its guider, the guider's supervisor and coordinators read; another guider 404.
# Managers read it too, as family A's case is near its limit (a case that is not is a 404).
CASE_READ = expect(403, guider=OK, coordinator=OK, supervisor=OK, manager=OK, other_guider=404)
# Changing a case: its guider and coordinators; supervisors read only (403).
CASE_CHANGE = expect(403, guider=OK, coordinator=OK, other_guider=404)
# Supervision on a cycle: also the guider's supervisor.
CYCLE_SUPERVISION = expect(403, guider=OK, coordinator=OK, supervisor=OK, other_guider=404)
POST_ONLY = expect(405)
COURSES = expect(403, coordinator=OK, manager=OK)
REPORTS = expect(403, coordinator=OK, manager=OK)
DIARY = expect(403, guider=OK, other_guider=OK, supervisor=OK, coordinator=OK)
APPOINTMENT = expect(403, guider=OK, coordinator=OK, supervisor=404, other_guider=404)
# A trainee's record: coordinators, their supervisor, and the trainee (family A's guider).
TRAINEE_RECORD = expect(403, coordinator=OK, supervisor=OK, guider=OK, other_guider=404)
REPORT_SLUG = "referrals"
FAMILY_PUBLIC = expect(OK, anonymous=OK, family_link=OK)


@dataclass(frozen=True)
class Row:
    """One URL: its keywords from the world, and the expected outcome per principal."""

    kwargs: Callable
    get: dict
    post: dict | None = None  # None: POST is expected to behave as GET does

    def expected(self, method: str) -> dict:
        """The expected outcome per principal for a method."""
        if method == "POST" and self.post is not None:
            return self.post
        return self.get


def none(w):
    return {}


def referral(attr):
    return lambda w: {"pk": getattr(w.a, attr).pk}


def case(w):
    return {"pk": w.a.case.pk}


def cycle(w):
    return {"pk": w.a.cycle.pk}


def course(w):
    return {"pk": w.training["course"].pk}


def appointment(w):
    return {"pk": w.diary["appointment"].pk}


def prfq():
    return prfq_measure()


def family_link(w):
    return {"case_pk": w.a.case.pk, "pk": w.a.page_link.pk}


def token(key):
    return lambda w: {"token": getattr(w.a, key).token}


def trainee(key):
    return lambda w: {"pk": w.training[key].pk}


MATRIX: dict[str, Row] = {
    # Core
    "core:home": Row(none, SIGNED_IN),
    "core:configuration": Row(none, ADMINISTRATORS),
    # Pages the law asks for: everyone reads them, signed in or not; nothing to send.
    "core:accessibility": Row(none, PUBLIC, post=expect(405, anonymous=405)),
    # Accounts: sign-in, sign-up and password reset are public; the rest need an account.
    "accounts:login": Row(none, PUBLIC),
    # Single sign-on: anyone may start one (a provider that cannot be reached sends them back
    # to the sign-in page with a message); a callback without its state is refused (400).
    "accounts:sso_start": Row(
        lambda w: {"slug": w.provider.slug}, expect(405, anonymous=405), post=PUBLIC
    ),
    "accounts:sso_callback": Row(none, expect(400, anonymous=400)),
    "accounts:providers": Row(none, ADMINISTRATORS),
    "accounts:provider_add": Row(none, ADMINISTRATORS),
    "accounts:provider_edit": Row(lambda w: {"pk": w.provider.pk}, ADMINISTRATORS),
    # Signing out is a POST (Django 5); an anonymous visitor is sent to sign in either way.
    "accounts:logout": Row(none, expect(405), post=expect(OK)),
    "accounts:sign_up": Row(none, PUBLIC),
    "accounts:sign_up_done": Row(none, PUBLIC),
    "accounts:set_password": Row(lambda w: {"uidb64": "MQ", "token": "bad-token"}, PUBLIC),
    "accounts:password_change": Row(none, SIGNED_IN),
    "accounts:password_reset": Row(none, PUBLIC),
    "accounts:password_reset_done": Row(none, PUBLIC, post=expect(405, anonymous=405)),
    "accounts:password_reset_confirm": Row(
        lambda w: {"uidb64": "MQ", "token": "bad-token"}, PUBLIC
    ),
    "accounts:password_reset_complete": Row(none, PUBLIC, post=expect(405, anonymous=405)),
    # Second factor, with MFA_REQUIRED off as in these tests: nothing to verify, so the code
    # and set-up steps send everyone on; the QR code exists only during a set-up.
    "accounts:second_factor": Row(none, SIGNED_IN),
    "accounts:second_factor_set_up": Row(none, SIGNED_IN),
    "accounts:second_factor_qr_code": Row(none, expect(404), post=expect(405)),
    "accounts:second_factor_backup_codes": Row(none, SIGNED_IN, post=expect(405)),
    "accounts:user_list": Row(none, ADMINISTRATORS),
    "accounts:user_invite": Row(none, ADMINISTRATORS),
    "accounts:user_edit": Row(lambda w: {"pk": w.users["owner"].pk}, ADMINISTRATORS),
    "accounts:user_team_request": Row(
        lambda w: {"pk": w.users["pending_team_referrer"].pk}, POST_ONLY, post=ADMINISTRATORS
    ),
    "accounts:user_resend_invitation": Row(
        lambda w: {"pk": w.users["owner"].pk}, POST_ONLY, post=ADMINISTRATORS
    ),
    # Reminders: each member of staff sets their own daily digest; referrers are sent none.
    "reminders:preference": Row(none, expect(OK, owner=403, other_referrer=403)),
    # Referrals: the referrer's journey on their own draft
    "referrals:list": Row(none, REFERRERS),
    "referrals:start": Row(none, REFERRERS),
    "referrals:question": Row(lambda w: {"pk": w.a.draft.pk, "slug": "child"}, OWN_REFERRAL),
    "referrals:parent_add": Row(referral("draft"), OWN_REFERRAL),
    "referrals:parent_change": Row(
        lambda w: {"pk": w.a.draft.pk, "parent_pk": w.a.parent.pk}, OWN_REFERRAL
    ),
    "referrals:parent_remove": Row(
        lambda w: {"pk": w.a.draft.pk, "parent_pk": w.a.parent.pk}, POST_ONLY, post=OWN_REFERRAL
    ),
    "referrals:child_add": Row(referral("draft"), OWN_REFERRAL),
    "referrals:child_change": Row(
        lambda w: {"pk": w.a.draft.pk, "child_pk": w.a.household_child.pk}, OWN_REFERRAL
    ),
    "referrals:child_remove": Row(
        lambda w: {"pk": w.a.draft.pk, "child_pk": w.a.household_child.pk},
        POST_ONLY,
        post=OWN_REFERRAL,
    ),
    "referrals:eligibility": Row(referral("draft"), OWN_REFERRAL),
    "referrals:check": Row(referral("draft"), OWN_REFERRAL),
    "referrals:confirmation": Row(referral("submitted"), OWN_REFERRAL),
    "referrals:withdraw": Row(referral("submitted"), OWN_REFERRAL),
    "referrals:detail": Row(referral("submitted"), REFERRAL_DETAIL),
    # Referrals: coordinators' triage
    "referrals:queue": Row(none, COORDINATORS),
    "referrals:waiting_list": Row(none, COORDINATORS),
    "referrals:action": Row(lambda w: {"pk": w.a.submitted.pk, "action": "accept"}, COORDINATORS),
    "referrals:configuration": Row(none, ADMINISTRATORS),
    # Cases
    "cases:list": Row(
        none, expect(403, guider=OK, other_guider=OK, coordinator=OK, supervisor=OK)
    ),
    "cases:configuration": Row(none, ADMINISTRATORS),
    "cases:overview": Row(case, CASE_READ),
    "cases:contacts": Row(case, CASE_READ),
    "cases:consents": Row(case, CASE_READ),
    "cases:questions": Row(case, CASE_READ),
    "cases:traject": Row(case, CASE_READ, post=CASE_CHANGE),
    "cases:traject_history": Row(
        lambda w: {"pk": w.a.case.pk, "heading_pk": w.a.heading.pk}, CASE_READ
    ),
    "cases:timeline": Row(case, CASE_READ),
    "cases:start": Row(case, POST_ONLY, post=CASE_CHANGE),
    "cases:close": Row(case, CASE_CHANGE),
    "cases:footage": Row(case, CASE_CHANGE),
    "cases:contact_add": Row(case, CASE_CHANGE),
    "cases:contract": Row(case, CASE_CHANGE),
    "cases:consent_add": Row(case, CASE_CHANGE),
    "cases:consent_withdraw": Row(
        lambda w: {"pk": w.a.case.pk, "consent_pk": w.a.consent.pk}, CASE_CHANGE
    ),
    "cases:question_add": Row(case, CASE_CHANGE),
    "cases:traject_heading_add": Row(case, CASE_CHANGE),
    "cases:traject_heading": Row(
        lambda w: {"pk": w.a.case.pk, "heading_pk": w.a.heading.pk}, CASE_CHANGE
    ),
    # Extending a limit is a manager's decision, on the cases near their limit they may read;
    # refusing with no request waiting sends them back to the case with a message.
    "cases:extend": Row(case, expect(403, manager=OK)),
    "cases:extension_refuse": Row(case, expect(403, manager=OK)),
    # Asking for one is for those who work on the case.
    "cases:extension_request": Row(case, expect(403, guider=OK, coordinator=OK, other_guider=404)),
    "cases:near_limit": Row(none, expect(403, manager=OK, coordinator=OK)),
    "cases:extension_requests": Row(none, expect(403, manager=OK)),
    "cases:reassign": Row(case, COORDINATORS),
    # Cycles
    "cycles:list": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_READ),
    "cycles:start": Row(lambda w: {"case_pk": w.a.case.pk}, POST_ONLY, post=CASE_CHANGE),
    "cycles:detail": Row(cycle, CASE_READ),
    "cycles:filming": Row(cycle, CASE_CHANGE),
    "cycles:filming_date": Row(cycle, CASE_CHANGE),
    "cycles:clip_add": Row(cycle, CASE_CHANGE),
    "cycles:clip_remove": Row(
        lambda w: {"pk": w.a.cycle.pk, "clip_pk": w.a.clip.pk}, POST_ONLY, post=CASE_CHANGE
    ),
    "cycles:edited": Row(cycle, CASE_CHANGE),
    "cycles:review": Row(cycle, CASE_CHANGE),
    "cycles:showing": Row(cycle, CASE_CHANGE),
    "cycles:supervision": Row(cycle, CYCLE_SUPERVISION),
    # Training: courses for coordinators (managers read them); a trainee's record for
    # coordinators, their supervisor and the trainee; signing off for their supervisor.
    "training:course_list": Row(none, COURSES),
    "training:course_create": Row(none, COORDINATORS),
    "training:course_detail": Row(course, COURSES),
    "training:course_edit": Row(course, COORDINATORS),
    "training:course_status": Row(course, POST_ONLY, post=COORDINATORS),
    "training:enrolment_add": Row(course, COORDINATORS),
    "training:enrolment_withdraw": Row(
        lambda w: {"pk": w.training["course"].pk, "enrolment_pk": w.training["enrolment"].pk},
        COORDINATORS,
    ),
    "training:attendance": Row(
        lambda w: {"pk": w.training["course"].pk, "number": 1}, COORDINATORS
    ),
    "training:make_up": Row(
        lambda w: {
            "pk": w.training["course"].pk,
            "enrolment_pk": w.training["enrolment"].pk,
            "number": 1,
        },
        COORDINATORS,
    ),
    "training:trainee_list": Row(none, expect(403, coordinator=OK, supervisor=OK)),
    "training:trainee_create": Row(none, COORDINATORS),
    "training:trainee_detail": Row(trainee("trainee"), TRAINEE_RECORD),
    "training:supervision_add": Row(
        trainee("trainee"), expect(403, coordinator=OK, supervisor=OK)
    ),
    "training:trainee_counts": Row(
        trainee("external"), expect(403, coordinator=OK, supervisor=OK)
    ),
    "training:sign_off": Row(trainee("trainee"), expect(403, supervisor=OK)),
    "training:supervisees": Row(none, expect(403, supervisor=OK)),
    "training:my_training": Row(none, expect(403, guider=OK, other_guider=OK)),
    "training:configuration": Row(none, ADMINISTRATORS),
    # Diary: guiders, supervisors and coordinators; an appointment for those attending it, its
    # case's workers and coordinators. The feed is public behind its token (a bad one is 404).
    "diary:mine": Row(none, DIARY),
    "diary:plan": Row(none, DIARY),
    "diary:team": Row(none, COORDINATORS),
    "diary:plan_for_case": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_CHANGE),
    "diary:plan_filming": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_CHANGE),
    "diary:plan_review": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_CHANGE),
    # Documents: a case's readers see its documents and download the clean ones; those who
    # work on it add them.
    "documents:case_list": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_READ),
    "documents:case_add": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_CHANGE),
    "documents:referral_list": Row(
        lambda w: {"referral_pk": w.a.submitted.pk},
        expect(403, owner=OK, coordinator=OK, other_referrer=404),
    ),
    "documents:referral_add": Row(
        lambda w: {"referral_pk": w.a.submitted.pk},
        expect(403, owner=OK, other_referrer=404),
    ),
    "documents:referral_download": Row(
        lambda w: {"referral_pk": w.a.submitted.pk, "pk": w.documents["referral_document"].pk},
        expect(403, owner=OK, coordinator=OK, other_referrer=404),
    ),
    "documents:case_download": Row(
        lambda w: {"case_pk": w.a.case.pk, "pk": w.documents["document"].pk}, CASE_READ
    ),
    "documents:case_check_again": Row(
        lambda w: {"case_pk": w.a.case.pk, "pk": w.documents["document"].pk},
        POST_ONLY,
        post=CASE_CHANGE,
    ),
    # Letters: those who change a case write its contract; coordinators the referrer's letter
    # and a course's certificates; administrators edit the wording.
    "documents:contract_write": Row(
        lambda w: {"case_pk": w.a.case.pk}, POST_ONLY, post=CASE_CHANGE
    ),
    "documents:decision_letter_write": Row(
        lambda w: {"referral_pk": w.a.submitted.pk}, POST_ONLY, post=COORDINATORS
    ),
    "documents:course_list": Row(lambda w: {"course_pk": w.training["course"].pk}, COURSES),
    "documents:course_download": Row(
        lambda w: {
            "course_pk": w.training["course"].pk,
            "pk": w.documents["course_document"].pk,
        },
        COURSES,
    ),
    "documents:certificates_write": Row(
        lambda w: {"course_pk": w.training["course"].pk}, POST_ONLY, post=COORDINATORS
    ),
    "documents:trainee_list": Row(
        lambda w: {"trainee_pk": w.training["trainee"].pk}, TRAINEE_RECORD
    ),
    "documents:trainee_add": Row(
        lambda w: {"trainee_pk": w.training["trainee"].pk}, TRAINEE_RECORD
    ),
    "documents:trainee_download": Row(
        lambda w: {
            "trainee_pk": w.training["trainee"].pk,
            "pk": w.documents["trainee_document"].pk,
        },
        TRAINEE_RECORD,
    ),
    "documents:letter_templates": Row(none, ADMINISTRATORS),
    "documents:letter_template": Row(lambda w: {"kind": "contract"}, ADMINISTRATORS),
    "documents:configuration": Row(none, ADMINISTRATORS),
    # Measures: administrators define them; a case's readers see its results, and those who
    # work on it record them.
    "measures:list": Row(none, ADMINISTRATORS),
    "measures:add": Row(none, ADMINISTRATORS),
    "measures:edit": Row(lambda w: {"pk": prfq().pk}, ADMINISTRATORS),
    "cases:measures": Row(case, CASE_READ),
    # Flags: a case's workers raise and end them; coordinators too from the referral page.
    "cases:flag_raise": Row(case, CASE_CHANGE),
    "cases:flag_end": Row(
        lambda w: {"pk": w.a.case.pk, "flag_pk": w.a.flag.pk}, POST_ONLY, post=CASE_CHANGE
    ),
    "referrals:flag_raise": Row(referral("allocated"), COORDINATORS),
    # Matching: the coordinator answers a suggested match; administrators undo a merge.
    "referrals:match": Row(
        lambda w: {"pk": w.a.allocated.pk, "child_pk": w.a.submitted.child_id}, COORDINATORS
    ),
    "referrals:merges": Row(none, ADMINISTRATORS),
    "referrals:merge_undo": Row(lambda w: {"merge_pk": w.a.merge.pk}, ADMINISTRATORS),
    "referrals:flag_end": Row(
        lambda w: {"pk": w.a.allocated.pk, "flag_pk": w.a.flag.pk},
        POST_ONLY,
        post=COORDINATORS,
    ),
    # Restricted records: coordinators and managers restrict a child they can see, change who
    # is named and lift it (a manager sees no referral, so the referral's page is a 404); the
    # list shows what names them. Family R's restricted records: test_access_matrix.py.
    "referrals:restrictions": Row(none, expect(403, coordinator=OK, manager=OK)),
    "referrals:restrict": Row(referral("allocated"), expect(403, coordinator=OK, manager=404)),
    "referrals:restriction_lift": Row(
        referral("allocated"), POST_ONLY, post=expect(403, coordinator=OK, manager=404)
    ),
    "cases:restrict": Row(case, expect(403, coordinator=OK, manager=OK)),
    "cases:restriction_lift": Row(case, POST_ONLY, post=expect(403, coordinator=OK, manager=OK)),
    "cases:measure_record": Row(
        lambda w: {"pk": w.a.case.pk, "measure_pk": prfq().pk}, CASE_CHANGE
    ),
    # Family links: a case's readers see its links, those who work on it make and stop them.
    "family:case_links": Row(lambda w: {"case_pk": w.a.case.pk}, CASE_READ),
    "family:link_add": Row(lambda w: {"case_pk": w.a.case.pk, "purpose": "page"}, CASE_CHANGE),
    "family:link_revoke": Row(family_link, POST_ONLY, post=CASE_CHANGE),
    "family:link_renew": Row(family_link, POST_ONLY, post=CASE_CHANGE),
    "family:configuration": Row(none, ADMINISTRATORS),
    # The family's own pages, behind the token: anyone may reach the date-of-birth step (a
    # public page); the pages beyond it send everyone back to it (a 302, so OK here) except
    # family A's confirmed link holder, who gets them. An expired, stopped or other family's
    # link is refused in family/tests/test_family_links.py.
    "family:start": Row(token("page_link"), FAMILY_PUBLIC),
    "family:page": Row(token("page_link"), FAMILY_PUBLIC),
    # No contract has been written for family A: a 404 for the one person who gets that far.
    "family:contract": Row(token("page_link"), expect(OK, anonymous=OK, family_link=404)),
    "family:withdraw": Row(
        lambda w: {"token": w.a.page_link.token, "consent_pk": w.a.consent.pk}, FAMILY_PUBLIC
    ),
    "family:question": Row(
        lambda w: {"token": w.a.feedback_link.token, "step": "helpful"}, FAMILY_PUBLIC
    ),
    "family:check": Row(token("feedback_link"), FAMILY_PUBLIC),
    "diary:plan_course_day": Row(
        lambda w: {"course_pk": w.training["course"].pk, "number": 1}, COORDINATORS
    ),
    "diary:plan_supervision": Row(
        lambda w: {"trainee_pk": w.training["trainee"].pk},
        expect(403, coordinator=OK, supervisor=OK),
    ),
    "diary:appointment": Row(appointment, APPOINTMENT),
    "diary:change": Row(appointment, APPOINTMENT),
    "diary:hold": Row(appointment, POST_ONLY, post=APPOINTMENT),
    "diary:cancel": Row(appointment, APPOINTMENT),
    "diary:missed": Row(appointment, APPOINTMENT),
    "diary:feed": Row(
        lambda w: {"token": w.diary["feed"].token},
        PUBLIC,
        post=expect(405, anonymous=405),
    ),
    "diary:feed_settings": Row(none, DIARY),
    "diary:feed_renew": Row(none, POST_ONLY, post=DIARY),
    "diary:feed_revoke": Row(none, POST_ONLY, post=DIARY),
    # Reports, for managers and coordinators; CSV downloads are recorded as exports.
    "reports:index": Row(none, REPORTS),
    "reports:report": Row(lambda w: {"slug": REPORT_SLUG}, REPORTS),
    "reports:report_csv": Row(lambda w: {"slug": REPORT_SLUG}, REPORTS),
    "reports:referrals_csv": Row(none, REPORTS),
    "reports:configuration": Row(none, ADMINISTRATORS),
    # Audit
    "audit:events": Row(none, ADMINISTRATORS),
    "audit:denials": Row(none, ADMINISTRATORS),
    "audit:changes": Row(referral("allocated"), ADMINISTRATORS),
    "audit:configuration": Row(none, ADMINISTRATORS),
    # Operations and privacy: the load balancer's health check needs no login and only reads;
    # retention settings and subject-access exports are for administrators.
    "operations:healthz": Row(none, PUBLIC, post=expect(405, anonymous=405)),
    "privacy:notice": Row(none, PUBLIC, post=expect(405, anonymous=405)),
    "privacy:configuration": Row(none, ADMINISTRATORS),
    "privacy:subject_access": Row(none, ADMINISTRATORS),
    "privacy:subject_access_download": Row(referral("allocated"), ADMINISTRATORS),
}

# The Django admin (every "admin:" name) is one row by prefix: its own login is public; every
# other page is for administrators only (they are its superusers) and sends anyone else to
# its login, or, for a page other than its index, anonymous visitors to the service's sign-in.
# Representative admin pages are fetched for each principal.
ADMIN_PREFIX = "admin:"
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
ADMIN_SAMPLES: dict[str, Row] = {
    "admin:index": Row(none, expect(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, administrator=OK)),
    "admin:accounts_user_changelist": Row(none, expect(ADMIN_LOGIN, administrator=OK)),
    # View-only: an account changes on the Users page, which records it (README).
    "admin:accounts_user_change": Row(
        lambda w: {"object_id": w.users["owner"].pk},
        expect(ADMIN_LOGIN, administrator=OK),
        post=expect(ADMIN_LOGIN, administrator=403),
    ),
    "admin:login": Row(none, PUBLIC),
}
