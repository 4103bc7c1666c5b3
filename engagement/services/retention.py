"""Personal data: removed when a consultation's retention period ends, or for
one respondent on request (manage.py erase_respondent)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.models import Answer, Consultation, Response, Subscription
from plans.deadlines.schedule import add_months

REMOVED = "[removed]"


def _anonymise(responses) -> int:
    ids = list(responses.values_list("pk", flat=True))
    if not ids:
        return 0
    Answer.objects.filter(
        response_id__in=ids, question__personal=True, choice__isnull=True
    ).exclude(text=REMOVED).update(text=REMOVED)
    return Response.objects.filter(pk__in=ids).update(
        email="", anonymised_at=timezone.now()
    )


@transaction.atomic
def responses_anonymise_due(*, now=None) -> int:
    """Remove personal data of consultations past their retention period.

    Email addresses go, and free-text answers to questions marked personal are
    replaced; choices and other answers stay, so published counts do not change.
    """
    now = now or timezone.now()
    total = 0
    for consultation in Consultation.objects.filter(
        closes_at__isnull=False, anonymised_at__isnull=True
    ).exclude(status__in=[Consultation.Status.DRAFT, Consultation.Status.SCHEDULED]):
        if (
            add_months(
                timezone.localtime(consultation.closes_at).date(),
                consultation.retention_months,
            )
            > timezone.localtime(now).date()
        ):
            continue
        total += _anonymise(consultation.responses.all())
        consultation.anonymised_at = now
        consultation.save(update_fields=["anonymised_at"])
    return total


@transaction.atomic
def respondent_erase(*, email: str = "", reference: str = "") -> int:
    """Remove one respondent's personal data (a right-to-erasure request)."""
    if not email and not reference:
        raise ValidationError("Give an email address or a response reference.")
    responses = Response.objects.all()
    if email:
        responses = responses.filter(email__iexact=email.strip())
    if reference:
        responses = responses.filter(reference=reference.strip().upper())
    count = _anonymise(responses)
    if email:
        Subscription.objects.filter(email__iexact=email.strip()).delete()
    return count
