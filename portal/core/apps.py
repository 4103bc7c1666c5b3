from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app may use: it imports no app.

    Its label stays "portal" so the tables and migration history it had when
    it was the whole ``portal`` app are kept as they are.
    """

    name = "portal.core"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.core.security import connect_signal_handlers
        from portal.core.status_tags import declare_publication_tags

        connect_signal_handlers()
        declare_publication_tags()
