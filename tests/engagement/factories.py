"""Factories for consultations and what hangs off them.

``ConsultationFactory`` makes an open consultation (opened yesterday, closing
in 30 days); the traits ``draft``, ``scheduled``, ``closed`` and ``published``
make the other states with dates that fit them::

    consultation = ConsultationFactory(closed=True)
    question = QuestionFactory(consultation=consultation, kind="single_choice",
                               choices=["Day", "Night"])

``QuestionFactory`` gives choice questions their options: the list passed as
``choices``, or the fixed ones for agree-disagree and yes/no questions, the
partnership's wards for a ward question, and three made-up options otherwise.
"""

import datetime
import uuid

import factory
from django.utils import timezone

from engagement.models import (
    Answer,
    Choice,
    Consultation,
    Outcome,
    OutcomeAction,
    Question,
    Response,
    Subscription,
)
from partnerships.models import Area
from tests.partnerships.factories import PartnershipFactory


def _days_from_now(days: int):
    return lambda _: timezone.now() + datetime.timedelta(days=days)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    summary = factory.Faker("sentence", nb_words=12)
    background = factory.Faker("paragraph")
    status = Consultation.Status.OPEN
    opens_at = factory.LazyAttribute(_days_from_now(-1))
    closes_at = factory.LazyAttribute(_days_from_now(30))

    class Params:
        draft = factory.Trait(
            status=Consultation.Status.DRAFT, opens_at=None, closes_at=None
        )
        scheduled = factory.Trait(
            status=Consultation.Status.SCHEDULED,
            opens_at=factory.LazyAttribute(_days_from_now(7)),
            closes_at=factory.LazyAttribute(_days_from_now(37)),
        )
        closed = factory.Trait(
            status=Consultation.Status.CLOSED,
            opens_at=factory.LazyAttribute(_days_from_now(-31)),
            closes_at=factory.LazyAttribute(_days_from_now(-1)),
        )
        published = factory.Trait(
            status=Consultation.Status.PUBLISHED,
            opens_at=factory.LazyAttribute(_days_from_now(-61)),
            closes_at=factory.LazyAttribute(_days_from_now(-31)),
        )


def default_choices(question: Question) -> list[str]:
    if question.kind == Question.Kind.AGREE_SCALE:
        return list(Question.AGREE_SCALE_CHOICES)
    if question.kind == Question.Kind.YES_NO:
        return list(Question.YES_NO_CHOICES)
    if question.kind == Question.Kind.WARD:
        wards = list(
            Area.objects.filter(
                parent_id=question.consultation.partnership.area_id,
                kind=Area.Kind.WARD,
            )
            .order_by("name")
            .values_list("name", flat=True)
        )
        return wards or ["North ward", "South ward"]
    if question.is_choice:
        return [f"Option {letter}" for letter in "ABC"]
    return []


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(int)
    kind = Question.Kind.SHORT_TEXT
    text = factory.Sequence(lambda n: f"Question {n}")
    required = False

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        """Options for a choice question (``choices=[...]`` to name them)."""
        if not create or not self.is_choice:
            return
        texts = extracted if extracted is not None else default_choices(self)
        Choice.objects.bulk_create(
            Choice(question=self, text=text, order=n) for n, text in enumerate(texts, 1)
        )


class ResponseFactory(factory.django.DjangoModelFactory):
    """A response with no answers: add them with AnswerFactory."""

    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationFactory)
    reference = factory.Sequence(lambda n: f"R-TEST-{n:05d}")
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    channel = Response.Channel.ONLINE


class AnswerFactory(factory.django.DjangoModelFactory):
    """A text answer; pass ``choice=`` for a choice question instead."""

    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(
        QuestionFactory, consultation=factory.SelfAttribute("..response.consultation")
    )
    choice = None
    text = factory.LazyAttribute(lambda o: "" if o.choice else "An answer")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    consultation = factory.SubFactory(ConsultationFactory, published=True)
    we_asked = factory.Faker("paragraph")
    you_said = factory.Faker("paragraph")
    published_at = factory.LazyFunction(timezone.now)


class OutcomeActionFactory(factory.django.DjangoModelFactory):
    """A "we did"; give it ``priority=`` or ``action=`` (one is required)."""

    class Meta:
        model = OutcomeAction

    outcome = factory.SubFactory(OutcomeFactory)
    we_did = factory.Faker("sentence")
    order = factory.Sequence(int)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription; ``confirmed_at=None`` for one awaiting its link."""

    class Meta:
        model = Subscription

    partnership = factory.SubFactory(PartnershipFactory)
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    token = factory.Sequence(lambda n: f"subscription-token-{n:08d}")
    confirmed_at = factory.LazyFunction(timezone.now)


def open_now(consultation):
    """Schedule from yesterday for a month and let the beat job open it."""
    from engagement import services

    now = timezone.now()
    services.consultation_schedule(
        consultation=consultation,
        actor=None,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    services.consultations_open_and_close()
    consultation.refresh_from_db()
