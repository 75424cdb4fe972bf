"""The OpenID Connect provider at /o/: django-oauth-toolkit's endpoints, with our authorization
view (it sends anonymous readers to the readers' sign-in). Clients are registered through
accounts.services.register_member_client, so DOT's own application pages are not mounted."""

from django.urls import path
from oauth2_provider import urls as dot_urls

from shuyun.accounts.oidc import ReaderAuthorizationView

app_name = "oauth2_provider"
urlpatterns = [
    path("authorize/", ReaderAuthorizationView.as_view(), name="authorize"),
    *[p for p in dot_urls.base_urlpatterns if getattr(p, "name", "") != "authorize"],
    *dot_urls.oidc_urlpatterns,
]
