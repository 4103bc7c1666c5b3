"""Residents' consultation pages: find one, answer it (one page, or several),
read the results, and subscribe to hear when a partnership opens the next one.

Only open, closed and published consultations of published partnerships are
public (``consultation_list_public``); drafts and scheduled ones answer 404.
"""

from engagement.views.consultations import (
    ConsultationDetailView,
    ConsultationListView,
    ConsultationResultsView,
    ResponseConfirmationView,
)
from engagement.views.subscriptions import (
    PartnershipPageMixin,
    SubscriptionCancelView,
    SubscriptionConfirmView,
    SubscriptionCreateView,
    SubscriptionSentView,
)

__all__ = [
    "ConsultationDetailView",
    "ConsultationListView",
    "ConsultationResultsView",
    "PartnershipPageMixin",
    "ResponseConfirmationView",
    "SubscriptionCancelView",
    "SubscriptionConfirmView",
    "SubscriptionCreateView",
    "SubscriptionSentView",
]
