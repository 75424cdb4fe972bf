"""Read-only admin views; changes go through the console and API, which use identifiers.services."""

from django.contrib import admin

# The federation's read-only base: one definition of "read-only" for every app's admin.
from shuyun.federation.admin import ReadOnlyAdmin
from shuyun.identifiers.models import Identifier, IdentifierVersion, Location, Prefix


@admin.register(Prefix)
class PrefixAdmin(ReadOnlyAdmin):
    list_display = ("name", "library", "parent", "mint_counter", "created_at")
    search_fields = ("name", "library__code", "library__name_zh")
    list_select_related = ("library", "parent")


class LocationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Location
    fields = ("priority", "url", "library", "broken", "last_status", "last_checked_at")
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(Identifier)
class IdentifierAdmin(ReadOnlyAdmin):
    list_display = ("handle", "title", "resource_type", "library", "status", "version")
    list_filter = ("status", "resource_type", "needs_confirmation")
    search_fields = ("handle", "title", "sha256")
    list_select_related = ("library",)
    inlines = [LocationInline]


@admin.register(IdentifierVersion)
class IdentifierVersionAdmin(ReadOnlyAdmin):
    list_display = ("identifier", "number", "change", "via", "actor", "changed_at")
    list_filter = ("change",)
    search_fields = ("identifier__handle",)
    list_select_related = ("identifier", "actor")
