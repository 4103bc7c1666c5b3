"""Staff pages of the partnerships app (none of its own yet: the dashboard and
the partnership page compose several apps and live in ``portal.site``)."""
