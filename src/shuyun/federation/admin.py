"""Read-only admin views; changes go through the console, which uses federation.services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shuyun.federation.models import BranchSite, Library, ProvincialTarget, SiteHost


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Library)
class LibraryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "level", "division_code", "status")
    list_filter = ("level", "status")
    search_fields = ("code", "name_zh", "name_en")


admin.site.register([ProvincialTarget, BranchSite, SiteHost], ReadOnlyAdmin)
