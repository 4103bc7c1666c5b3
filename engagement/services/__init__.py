"""Writes for consultations, one module per concern:

    consultations   build a consultation, schedule it, open and close it
    questions       add, change and delete its questions
    responses       check and store responses (online and keyed in)
    outcomes        publish "we asked, you said, we did"
    subscriptions   subscribe, confirm, unsubscribe; notices when one opens
    emails          render and send each email, once
    retention       remove personal data when it is due, or on request

Callers use ``from engagement import services`` and ``services.<name>``: every
service is re-exported here.
"""

from engagement.services.consultations import (
    consultation_close_now,
    consultation_create,
    consultation_schedule,
    consultation_update,
    consultations_open_and_close,
)
from engagement.services.emails import (
    receipt_send,
    subscriber_notice_send,
    subscription_confirmation_send,
)
from engagement.services.outcomes import outcome_publish
from engagement.services.questions import (
    question_add,
    question_delete,
    question_move,
    question_update,
)
from engagement.services.responses import (
    REFERENCE_ALPHABET,
    clean_answers,
    clean_equality,
    field_name,
    new_reference,
    response_submit,
)
from engagement.services.retention import (
    REMOVED,
    respondent_erase,
    responses_anonymise_due,
)
from engagement.services.subscriptions import (
    subscribers_notify,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
)

__all__ = [
    "REFERENCE_ALPHABET",
    "REMOVED",
    "clean_answers",
    "clean_equality",
    "consultation_close_now",
    "consultation_create",
    "consultation_schedule",
    "consultation_update",
    "consultations_open_and_close",
    "field_name",
    "new_reference",
    "outcome_publish",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "receipt_send",
    "respondent_erase",
    "response_submit",
    "responses_anonymise_due",
    "subscriber_notice_send",
    "subscribers_notify",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_confirmation_send",
    "subscription_request",
]
