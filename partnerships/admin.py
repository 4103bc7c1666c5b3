"""The site admin for partnerships.

A partnership is created, changed and published here (there is no staff page
for it), through its services: publishing re-indexes search. Its parts
(members, principles, linked boards, contacts, boards) have no drafts or
workflow; the admin saves them and the partnership is re-indexed.
"""

from django.contrib import admin

from partnerships import services
from partnerships.models import (
    Area,
    Board,
    BoardObjective,
    Contact,
    LinkedBoard,
    Membership,
    Organisation,
    Partnership,
    PostcodeRelease,
    Principle,
    WardContact,
)
from portal.core.admin_writes import ServiceSavedAdmin, publish_actions
from portal.core.search import search_partnership_changed


def reindex_partnership_on_commit(partnership_id):
    search_partnership_changed(partnership_id=partnership_id)


class WardContactInline(admin.StackedInline):
    model = WardContact
    extra = 0
    fields = ["kind", "name", "email", "phone", "url", "details"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "covers"]
    readonly_fields = ["population"]
    inlines = [WardContactInline]

    # A ward's name or slug is in the search index: its partnership follows.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.search_reindex_for_areas(area_ids=[obj.pk])

    def delete_model(self, request, obj):
        # Asked before the row goes: its borough finds the partnership.
        services.search_reindex_for_areas(area_ids=[obj.parent_id or obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        area_ids = {a.parent_id or a.pk for a in queryset}
        services.search_reindex_for_areas(area_ids=area_ids)
        super().delete_queryset(request, queryset)


@admin.register(PostcodeRelease)
class PostcodeReleaseAdmin(admin.ModelAdmin):
    """Releases loaded by ``load_postcodes`` (read only: load a new one instead)."""

    list_display = ["name", "rows", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.search_reindex_for_organisation(organisation_id=obj.pk)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0


class LinkedBoardInline(admin.TabularInline):
    model = LinkedBoard
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(ServiceSavedAdmin):
    list_display = [
        "name",
        "area",
        "is_published",
        "requires_two_factor",
        "updated_at",
    ]
    list_filter = ["is_published", "requires_two_factor"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["area"]
    inlines = [MembershipInline, PrincipleInline, LinkedBoardInline, ContactInline]
    actions = publish_actions(
        noun="partnerships",
        publish=lambda p, actor: services.partnership_publish(
            partnership=p, actor=actor
        ),
        unpublish=lambda p, actor: services.partnership_unpublish(
            partnership=p, actor=actor
        ),
    )

    def create(self, request, form):
        data = {name: form.cleaned_data[name] for name in services.PARTNERSHIP_FIELDS}
        partnership = services.partnership_create(actor=request.user, data=data)
        return self._publish_as_ticked(request, partnership, form)

    def update(self, request, obj, form):
        partnership = services.partnership_update(
            partnership=obj,
            actor=request.user,
            data=self.changed(form, services.PARTNERSHIP_FIELDS),
        )
        return self._publish_as_ticked(request, partnership, form)

    def _publish_as_ticked(self, request, partnership, form):
        if form.cleaned_data["is_published"]:
            return services.partnership_publish(
                partnership=partnership, actor=request.user
            )
        return services.partnership_unpublish(
            partnership=partnership, actor=request.user
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex_partnership_on_commit(form.instance.pk)


class BoardObjectiveInline(admin.TabularInline):
    model = BoardObjective
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "kind"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BoardObjectiveInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex_partnership_on_commit(form.instance.partnership_id)
