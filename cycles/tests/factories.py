"""Factories for cycles at each status, their clips, reviews and ratings, and what they need.

The case-side factories (consents, helping questions, extensions, an active case) live here
until cases/tests/factories.py has its own.
"""

from datetime import timedelta

import factory
from django.db.models import Max
from django.utils import timezone

from cases.models import Case, CaseExtension, Consent, HelpingQuestion
from cases.tests.factories import CaseFactory
from cycles.models import Clip, ClipShowing, Cycle, Rating, SharedReview, Supervision
from vig_service.accounts.tests.factories import ManagerFactory, SupervisorFactory


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=days))


class ConsentFactory(factory.django.DjangoModelFactory):
    """A live consent to be filmed, given by a parent two months ago."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    kind = Consent.Kind.FILMING
    given_by = "Laura Penrose (mother)"
    given_on = _days_ago(60)
    recorded_by = factory.SelfAttribute("case.guider")


class AttendsReviewsConsentFactory(ConsentFactory):
    """A live consent for a named professional to attend shared reviews."""

    kind = Consent.Kind.PROFESSIONAL_ATTENDS
    named_person = factory.Sequence(lambda n: f"Sam Trewin {n} (outreach worker)")


class ClipsShownConsentFactory(ConsentFactory):
    """A live consent for clips to be shown to a named person."""

    kind = Consent.Kind.CLIPS_SHOWN
    named_person = factory.Sequence(lambda n: f"Jo Kessell {n} (social worker)")


class HelpingQuestionFactory(factory.django.DjangoModelFactory):
    """A parent's helping question set at the start."""

    class Meta:
        model = HelpingQuestion

    case = factory.SubFactory(CaseFactory)
    owner = HelpingQuestion.Owner.PARENT
    wording = factory.Sequence(lambda n: f"How can I help Amy settle at bedtime? ({n})")
    set_on = _days_ago(60)


class CaseExtensionFactory(factory.django.DjangoModelFactory):
    """A manager's extension to 8 cycles and three months from today."""

    class Meta:
        model = CaseExtension

    case = factory.SubFactory(CaseFactory)
    cycle_limit = 8
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    reason = "The family is making progress and asked for two more cycles."
    granted_by = factory.SubFactory(ManagerFactory)


class ActiveCaseFactory(CaseFactory):
    """A case under way: contract agreed, a live filming consent and one helping question."""

    status = Case.Status.ACTIVE
    contract_agreed_on = _days_ago(60)
    filming_consent = factory.RelatedFactory(ConsentFactory, factory_related_name="case")
    question = factory.RelatedFactory(HelpingQuestionFactory, factory_related_name="case")


def _next_number(cycle) -> int:
    return (cycle.case.cycles.aggregate(last=Max("number"))["last"] or 0) + 1


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle just started on an active case: planned, nothing filmed yet."""

    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    case = factory.SubFactory(ActiveCaseFactory)
    number = factory.LazyAttribute(_next_number)
    status = Cycle.Status.PLANNED
    started_by = factory.SelfAttribute("case.guider")


class FilmedCycleFactory(CycleFactory):
    """A cycle filmed two weeks ago with the child referred (a 6-year-old): a covered filming.

    The case opened, its contract was agreed and Mum consented 60 days ago.
    """

    status = Cycle.Status.FILMED
    filmed_on = _days_ago(14)
    setting = "Mealtime"
    who_was_filmed = "Mum and Amy"
    focus_child_filmed = True
    minutes = 10


class ClipFactory(factory.django.DjangoModelFactory):
    """A clip showing a moment of attuned interaction."""

    class Meta:
        model = Clip

    cycle = factory.SubFactory(FilmedCycleFactory)
    timestamp = "03:45"
    description = "Amy offers Mum a spoon and Mum takes it, smiling."
    principles = factory.LazyFunction(lambda: ["Being attentive", "Receiving initiatives"])


class EditedCycleFactory(FilmedCycleFactory):
    """A filmed cycle whose clips were chosen, ready for its shared review."""

    status = Cycle.Status.EDITED
    edited_on = _days_ago(12)
    clip = factory.RelatedFactory(ClipFactory, factory_related_name="cycle")


class SharedReviewFactory(factory.django.DjangoModelFactory):
    """A shared review with a rating of 6 for each of the case's helping questions."""

    class Meta:
        model = SharedReview
        skip_postgeneration_save = True

    cycle = factory.SubFactory(EditedCycleFactory, status=Cycle.Status.REVIEWED)
    held_on = _days_ago(10)
    attendees = "Mum and the guider"
    parent_reflections = "I saw how Amy looks at me when I wait."
    next_steps = "Film bedtime next."

    @factory.post_generation
    def ratings(self, create, extracted, **kwargs):
        if not create:
            return
        value = 6 if extracted is None else extracted
        Rating.objects.bulk_create(
            Rating(
                question=question,
                kind=Rating.Kind.REVIEW,
                review=self,
                value=value,
                rated_on=self.held_on,
            )
            for question in self.cycle.case.helping_questions.all()
        )


class ReviewedCycleFactory(EditedCycleFactory):
    """A cycle complete with its shared review and ratings."""

    status = Cycle.Status.REVIEWED
    review = factory.RelatedFactory(SharedReviewFactory, factory_related_name="cycle")


class RatingFactory(factory.django.DjangoModelFactory):
    """A baseline rating of 4 for a helping question."""

    class Meta:
        model = Rating

    question = factory.SubFactory(HelpingQuestionFactory)
    kind = Rating.Kind.BASELINE
    value = 4
    rated_on = _days_ago(60)


class ClipShowingFactory(factory.django.DjangoModelFactory):
    """Clips shown to a social worker under a live consent."""

    class Meta:
        model = ClipShowing

    cycle = factory.SubFactory(ReviewedCycleFactory)
    consent = factory.SubFactory(
        ClipsShownConsentFactory, case=factory.SelfAttribute("..cycle.case")
    )
    shown_on = _days_ago(5)


class SupervisionFactory(factory.django.DjangoModelFactory):
    """A supervision session on a cycle."""

    class Meta:
        model = Supervision

    cycle = factory.SubFactory(ReviewedCycleFactory)
    supervised_on = _days_ago(7)
    supervisor = factory.SubFactory(SupervisorFactory)
    notes = "We looked at the clip of the spoon together."
