from django.apps import AppConfig


class ContactConfig(AppConfig):
    """Residents write to a partnership through a protected form; officers read
    and answer the messages from a staff inbox. Messages are private: no page
    residents see shows them, so writing one never empties the page cache."""

    name = "contact"
    verbose_name = "Contact messages"

    def ready(self):
        from contact.models import ContactMessage, ContactReply
        from portal.core.status_tags import status_tags

        status_tags(
            "contact.message",
            {
                ContactMessage.Status.NEW: "blue",
                ContactMessage.Status.ANSWERED: "green",
                ContactMessage.Status.CLOSED: "grey",
            },
            otherwise=ContactMessage.Status.CLOSED,
        )
        status_tags(
            "contact.reply",
            {
                ContactReply.Status.QUEUED: "grey",
                ContactReply.Status.SENT: "green",
                ContactReply.Status.FAILED: "red",
            },
            otherwise=ContactReply.Status.QUEUED,
        )
