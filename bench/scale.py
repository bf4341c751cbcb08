"""Scale data for benchmarks: many referrals over five years, written with PostgreSQL COPY.

Reproducible: the same seed (and the same `today`) gives the same rows. Nothing here touches
`seed_demo`'s accounts: the people it makes have addresses at scale.example.org and no
usable password.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.rows import DOMAIN, FIRST, LAST, YEARS, Copier, fill_derived, weighted
from bench.training_data import seed_training
from cases.models import Case, CaseEvent, ClosureReason, Consent, Contact, HelpingQuestion
from cycles.models import Cycle, Rating, SharedReview
from referrals.choices import Concern, RouteIn
from referrals.models import ParentCarer, Referral, ReferralEvent
from vig_service.accounts.models import Profession, Team, User
from vig_service.accounts.roles import Role

__all__ = ["DOMAIN", "ScaleSeeder"]

TIERS = {"lac": 1, "adopted": 1, "cp": 2, "cin": 3, "eha": 4, "none": None}
PLAN_WEIGHTS = [("lac", 8), ("adopted", 4), ("cp", 14), ("cin", 30), ("eha", 40), ("none", 4)]
CLOSURES = [
    (ClosureReason.COMPLETED, 70),
    (ClosureReason.FAMILY_WITHDREW, 10),
    (ClosureReason.DISENGAGED, 8),
    (ClosureReason.MOVED_AWAY, 5),
    (ClosureReason.SAFEGUARDING, 3),
    (ClosureReason.OTHER, 4),
]
DECLINE_REASONS = [
    "Not eligible: no early help assessment",
    "Another intervention is more suitable",
    "The family has not agreed to the referral",
    "Outside the service's area",
]
REFERRER_PROFESSIONS = [
    Profession.HEALTH_VISITOR,
    Profession.SOCIAL_WORKER,
    Profession.FAMILY_WORKER,
    Profession.EARLY_HELP,
    Profession.PSYCHOLOGIST,
    Profession.OUTREACH_WORKER,
    Profession.SCHOOL_STAFF,
]


class ScaleSeeder:
    """Makes people, then referrals with their cases, cycles, reviews and ratings."""

    def __init__(self, *, referrals: int, seed: int, today: date):
        self.total = referrals
        self.rng = random.Random(seed)
        self.today = today
        self.now = timezone.make_aware(datetime.combine(today, time(17, 0)))
        self.counts: dict[str, int] = {}

    # People ---------------------------------------------------------------------------

    def _people(self):
        rng = self.rng
        password = make_password(None)  # unusable: nobody signs in as a scale account
        teams = Copier(Team)
        team_ids = [
            teams.add(name=f"Scale team {n}", organisation="Scale Council")
            for n in range(max(5, self.total // 2000))
        ]
        self.counts["teams"] = teams.flush()
        users = Copier(User)
        memberships = Copier(User.groups.through)
        groups = {
            role: Group.objects.get_or_create(name=role)[0].pk
            for role in (Role.SUPERVISOR, Role.GUIDER, Role.REFERRER)
        }

        def person(kind, n, role, profession, team=None, supervisor=None):
            pk = users.add(
                email=f"{kind}.{n}@{DOMAIN}",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} ({kind} {n})",
                profession=profession,
                team_id=team,
                supervisor_id=supervisor,
                password=password,
                date_joined=self.now - timedelta(days=365 * YEARS + 30),
            )
            memberships.add(user_id=pk, group_id=groups[role])
            return pk

        self.supervisors = [
            person("supervisor", n, Role.SUPERVISOR, Profession.VIG_PRACTITIONER)
            for n in range(max(2, self.total // 5000))
        ]
        self.guiders = [
            person(
                "guider",
                n,
                Role.GUIDER,
                Profession.VIG_PRACTITIONER,
                supervisor=rng.choice(self.supervisors),
            )
            for n in range(max(6, self.total // 200))
        ]
        self.referrers = []
        for n in range(max(20, self.total // 100)):
            team = rng.choice(team_ids)
            profession = rng.choice(REFERRER_PROFESSIONS)
            self.referrers.append((person("referrer", n, Role.REFERRER, profession, team), team))
        self.counts["users"] = users.flush()
        memberships.flush()

    # Referrals and everything after them ------------------------------------------------

    def run(self) -> dict[str, int]:
        """Write everything; returns how many rows of each kind."""
        self._people()
        rng, now = self.rng, self.now
        self.referral_rows = Copier(Referral)
        self.parent_rows = Copier(ParentCarer)
        self.referral_events = Copier(ReferralEvent)
        self.case_rows = Copier(Case)
        self.case_events = Copier(CaseEvent)
        self.contact_rows = Copier(Contact)
        self.consent_rows = Copier(Consent)
        self.question_rows = Copier(HelpingQuestion)
        self.cycle_rows = Copier(Cycle)
        self.review_rows = Copier(SharedReview)
        self.rating_rows = Copier(Rating)
        span = 365 * YEARS * 86400
        # Oldest first, so references run in date order; more referrals in recent years.
        moments = sorted(
            now - timedelta(seconds=span * (rng.random() ** 1.15)) for _ in range(self.total)
        )
        serials: dict[int, int] = {}
        for submitted_at in moments:
            year = timezone.localtime(submitted_at).year
            serials[year] = serials.get(year, 0) + 1
            self._referral(submitted_at, f"VIG-{year}-{100000 + serials[year]}")
        for name in (
            "referral_rows",
            "parent_rows",
            "referral_events",
            "case_rows",
            "case_events",
            "contact_rows",
            "consent_rows",
            "question_rows",
            "cycle_rows",
            "review_rows",
            "rating_rows",
        ):
            self.counts[name.removesuffix("_rows")] = getattr(self, name).flush()
        self.counts.update(
            seed_training(
                rng=rng, today=self.today, total=self.total, supervisors=self.supervisors
            )
        )
        fill_derived()
        return self.counts

    def _referral(self, submitted_at: datetime, reference: str):
        rng, now = self.rng, self.now
        referrer, team = rng.choice(self.referrers)
        plan = weighted(rng, PLAN_WEIGHTS)
        dob = timezone.localtime(submitted_at).date() - timedelta(days=rng.randint(30, 11 * 365))
        age = now - submitted_at
        decided_at = submitted_at + timedelta(days=rng.lognormvariate(2.0, 0.7))
        roll = rng.random()
        if roll < 0.02:
            status = "draft"
        elif decided_at > now:
            status = "more_info_requested" if roll < 0.15 else "submitted"
        elif roll < 0.03 and age < timedelta(days=60):
            status = "submitted"
        elif roll < 0.40:
            status = "declined"
        elif roll < 0.57:
            status = "withdrawn"
        else:
            status = "accepted"
        allocated_at = decided_at + timedelta(days=rng.lognormvariate(2.8, 0.8))
        if status == "accepted" and allocated_at <= now:
            status = "allocated"
        draft = status == "draft"
        accepted = status in ("accepted", "allocated")
        decided = status in ("accepted", "allocated", "declined")
        referral_id = self.referral_rows.add(
            reference=None if draft else reference,
            status=status,
            referrer_id=referrer,
            team_id=team,
            created_at=submitted_at - timedelta(hours=rng.randint(1, 72)),
            updated_at=submitted_at,
            submitted_at=None if draft else submitted_at,
            accepted_at=decided_at if accepted else None,
            decided_at=decided_at if decided else None,
            decline_reason=rng.choice(DECLINE_REASONS) if status == "declined" else "",
            child_first_name=rng.choice(FIRST),
            child_last_name=rng.choice(LAST),
            child_date_of_birth=dob,
            child_gender=rng.choice(["girl", "boy"]),
            child_nhs_number="",
            child_send=rng.choice(["yes", "no", "unknown"]),
            child_autism=rng.choice(["yes", "no", "unknown"]),
            child_first_language="English",
            interpreter_needed=False,
            postcode_district=f"TR{rng.randint(1, 27)}",
            has_other_children=False,
            plan_status=plan,
            route_in=rng.choice(RouteIn.values),
            concerns=rng.sample(Concern.values, rng.randint(1, 3)),
            vig_is_right=True,
            discussed_with_professionals=True,
            family_seen_explanation=True,
            hoped_change="To enjoy play together again.",
            hoped_change_agreed=True,
            child_impact="Feels understood and calmer at home.",
            parent_clear_on_impact=True,
            older_children_consent="not_applicable",
            prfq_completed=False,
            eligible=None if draft else plan != "none",
            priority_tier=None if draft else TIERS[plan],
        )
        self.parent_rows.add(
            referral_id=referral_id,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            relationship="birth_parent",
            phone="07700 900123",
            motivated=True,
            agreed_to_referral=True,
        )
        events = self.referral_events
        events.add(
            referral_id=referral_id,
            actor_id=referrer,
            occurred_at=submitted_at,
            action="created",
            to_status="draft",
        )
        if draft:
            return
        events.add(
            referral_id=referral_id,
            actor_id=referrer,
            occurred_at=submitted_at,
            action="submitted",
            from_status="draft",
            to_status="submitted",
        )
        if status in ("declined", "withdrawn", "accepted", "allocated", "more_info_requested"):
            action = "accepted" if accepted else status
            events.add(
                referral_id=referral_id,
                occurred_at=min(decided_at, now),
                action=action,
                from_status="submitted",
                to_status="accepted" if accepted else status,
            )
        if status == "allocated":
            events.add(
                referral_id=referral_id,
                occurred_at=allocated_at,
                action="allocated",
                from_status="accepted",
                to_status="allocated",
            )
            self._case(referral_id, allocated_at)

    def _case(self, referral_id: int, allocated_at: datetime):
        rng, today = self.rng, self.today
        guider = rng.choice(self.guiders)
        opened_on = timezone.localtime(allocated_at).date()
        # The plan: cycles every two to four weeks from a first filming a few weeks in.
        closure = weighted(rng, CLOSURES)
        planned = rng.randint(3, 6) if closure == ClosureReason.COMPLETED else rng.randint(0, 3)
        first_filming = opened_on + timedelta(days=rng.randint(14, 50))
        filmings, day = [], first_filming
        for _ in range(planned):
            filmings.append(day)
            day += timedelta(days=rng.randint(14, 28))
        closes_on = (filmings[-1] if filmings else opened_on) + timedelta(days=rng.randint(10, 40))
        filmed = [d for d in filmings if d <= today]
        if closes_on <= today:
            status = "closed"
        elif filmed:
            status = "active"
        elif (today - opened_on).days > 10:
            status = "contracting"
        else:
            status = "allocated"
        case_id = self.case_rows.add(
            referral_id=referral_id,
            guider_id=guider,
            status=status,
            opened_on=opened_on,
            created_at=allocated_at,
            updated_at=allocated_at,
            contract_agreed_on=opened_on + timedelta(days=7) if status != "allocated" else None,
            closed_on=closes_on if status == "closed" else None,
            closure_reason=closure if status == "closed" else "",
            outcome_summary="Intervention ended." if status == "closed" else "",
            footage_location="Encrypted service drive" if filmed else "",
            footage_deleted_on=(
                closes_on + timedelta(days=50)
                if status == "closed" and filmed and closes_on + timedelta(days=50) <= today
                else None
            ),
        )
        self.case_events.add(
            case_id=case_id, occurred_at=allocated_at, action="opened", to_status="allocated"
        )
        if status == "allocated":
            return
        visit = opened_on + timedelta(days=rng.randint(2, 9))
        self.contact_rows.add(
            case_id=case_id,
            happened_on=min(visit, today),
            kind="initial_visit",
            attendees="Parent and guider",
            recorded_by_id=guider,
            created_at=allocated_at,
        )
        self.consent_rows.add(
            case_id=case_id,
            kind="filming",
            given_by="Parent",
            given_on=min(visit, today),
            recorded_by_id=guider,
        )
        questions = []
        for number in range(rng.randint(1, 2)):
            set_on = min(visit, today)
            question_id = self.question_rows.add(
                case_id=case_id,
                owner="parent",
                wording=f"Helping question {number + 1}",
                set_on=set_on,
            )
            baseline = rng.randint(1, 5)
            questions.append((question_id, baseline, rng.uniform(0.3, 1.4)))
            self.rating_rows.add(
                question_id=question_id, kind="baseline", value=baseline, rated_on=set_on
            )
        for number, filmed_on in enumerate(filmed, start=1):
            review_on = filmed_on + timedelta(days=rng.randint(5, 12))
            reviewed = review_on <= today
            cycle_status = (
                "reviewed"
                if reviewed
                else ("edited" if filmed_on + timedelta(days=3) <= today else "filmed")
            )
            cycle_id = self.cycle_rows.add(
                case_id=case_id,
                number=number,
                status=cycle_status,
                filmed_on=filmed_on,
                setting=rng.choice(["Play", "Mealtime", "Bedtime", "Homework"]),
                who_was_filmed="Parent and child",
                focus_child_filmed=True,
                minutes=rng.randint(8, 15),
                edited_on=filmed_on + timedelta(days=3) if cycle_status != "filmed" else None,
                updated_by_id=guider,
                created_at=timezone.make_aware(datetime.combine(filmed_on, time(10))),
                updated_at=timezone.make_aware(datetime.combine(filmed_on, time(10))),
            )
            if not reviewed:
                continue
            review_id = self.review_rows.add(
                cycle_id=cycle_id, held_on=review_on, attendees="Parent and guider"
            )
            for question_id, baseline, gain in questions:
                value = baseline + round(gain * number + rng.uniform(-1, 1))
                self.rating_rows.add(
                    question_id=question_id,
                    kind="review",
                    review_id=review_id,
                    value=max(0, min(10, value)),
                    rated_on=review_on,
                )
        if status == "closed":
            self.case_events.add(
                case_id=case_id,
                occurred_at=timezone.make_aware(datetime.combine(closes_on, time(16))),
                action="closed",
                from_status="active",
                to_status="closed",
            )
            if closure == ClosureReason.COMPLETED:
                for question_id, baseline, gain in questions:
                    value = baseline + round(gain * (len(filmed) + 1) + rng.uniform(-1, 1))
                    self.rating_rows.add(
                        question_id=question_id,
                        kind="closure",
                        value=max(0, min(10, value)),
                        rated_on=closes_on,
                    )
