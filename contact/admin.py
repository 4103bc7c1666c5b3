from django.contrib import admin

from contact.models import ContactInbox, ContactMessage, ContactReply


@admin.register(ContactInbox)
class ContactInboxAdmin(admin.ModelAdmin):
    list_display = ["partnership", "email", "retention_months"]


class ContactReplyInline(admin.TabularInline):
    model = ContactReply
    extra = 0
    fields = ["created_at", "sent_by", "status", "sent_at", "attempts", "last_error"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are answered from the staff inbox."""

    list_display = ["reference", "partnership", "topic", "status", "received_at"]
    list_filter = ["status", "topic", "partnership"]
    search_fields = ["reference"]
    readonly_fields = [
        "partnership",
        "reference",
        "topic",
        "status",
        "received_at",
        "updated_at",
        "notified_at",
        "anonymised_at",
    ]
    exclude = ["idempotency_key", "name", "email", "body", "status_changed_by"]
    inlines = [ContactReplyInline]

    def has_add_permission(self, request):
        return False
