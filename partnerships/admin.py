from django.contrib import admin

from partnerships.models import (
    Area,
    Board,
    BoardObjective,
    Contact,
    LinkedBoard,
    Membership,
    Organisation,
    Partnership,
    Principle,
)
from portal.core.search import search_partnership_changed


def reindex_partnership_on_commit(partnership_id):
    search_partnership_changed(partnership_id=partnership_id)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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
class PartnershipAdmin(admin.ModelAdmin):
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
