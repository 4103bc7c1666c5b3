"""The site-wide search index."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """A denormalised, searchable copy of a public page: a partnership, plan,
    priority, ward, member organisation or consultation.

    ``object_id`` is the id of the row the page shows; for a member organisation
    it is the ``Membership``'s (one entry per partnership it sits on).

    Rows are written only by ``portal.site.services`` when content is published or
    changed; the PostgreSQL ``document`` vector is weighted (title A, summary B,
    body C) and GIN-indexed by the kernel's migration 0002 (portal/core), which is
    skipped on SQLite.
    """

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership"
        PLAN = "plan", "Plan"
        PRIORITY = "priority", "Priority"
        WARD = "ward", "Ward"
        ORGANISATION = "organisation", "Member organisation"
        CONSULTATION = "consultation", "Consultation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    document = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table it had when the search index lived in the ``portal`` app.
        db_table = "portal_searchentry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchentry_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
