from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.cache import connect_signals as connect_page_cache_signals
        from portal.security import connect_signal_handlers

        connect_signal_handlers()
        connect_page_cache_signals()
