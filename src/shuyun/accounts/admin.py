from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from shuyun.accounts.models import User


@admin.register(User)
class ShuyunUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "display_name", "role", "library", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Shuyun", {"fields": ("display_name", "role", "library")}),
    )
