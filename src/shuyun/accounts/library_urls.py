"""A library's sign-in pages, under the library's console address (/console/libraries/CODE/)."""

from django.urls import path

from shuyun.accounts import library_views

app_name = "library_accounts"
urlpatterns = [
    path("<str:code>/sign-in/", library_views.sign_in_policy, name="sign_in_policy"),
    path("<str:code>/systems/", library_views.member_clients, name="member_clients"),
]
