"""Email alerts in the admin: read-only views of who follows what and what went.

Nothing is edited here: subscribers change their own choices through their
links, and every write goes through ``opendata.alerts.services`` (the
"Unsubscribe" action too). Failed deliveries and digests show their last error.
"""

from django.contrib import admin, messages

from opendata.alerts import services
from opendata.models import Delivery, Digest, Event, Subscriber


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    """Residents following a partnership or ward; addresses blank once anonymised."""

    list_display = [
        "email",
        "partnership",
        "ward",
        "frequency",
        "confirmed_at",
        "unsubscribed_at",
        "anonymised_at",
    ]
    list_filter = [
        "partnership",
        "frequency",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["partnership", "ward"]
    search_fields = ["email"]
    exclude = ["token"]
    actions = ["unsubscribe"]

    @admin.action(description="Unsubscribe the selected addresses")
    def unsubscribe(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_unsubscribe(token=subscriber.token)
        self.message_user(
            request, f"Unsubscribed {queryset.count()} addresses.", messages.SUCCESS
        )


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Publications announced by the apps, and how many subscribers each reached."""

    list_display = [
        "title",
        "kind",
        "partnership",
        "occurred_at",
        "fanned_out_at",
        "recipients",
    ]
    list_filter = ["kind", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title"]
    date_hierarchy = "occurred_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """One publication for one subscriber: sent once, or why not."""

    list_display = ["event", "subscriber", "in_digest", "status", "attempts", "sent_at"]
    list_filter = ["status", "in_digest", "event__kind"]
    list_select_related = ["event", "subscriber"]
    search_fields = ["subscriber__email", "last_error"]
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    """Weekly emails, one per subscriber and week."""

    list_display = ["subscriber", "week_start", "status", "attempts", "sent_at"]
    list_filter = ["status", "week_start"]
    list_select_related = ["subscriber"]
    search_fields = ["subscriber__email", "last_error"]
