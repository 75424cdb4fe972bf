"""Every entry point of the one process: portal, console, API, admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from shuyun.api import api, unknown_endpoint
from shuyun.identifiers import views as identifier_views

urlpatterns = [
    # First: resolution is the busiest path, and patterns are tried in order.
    path("id/", include("shuyun.identifiers.urls")),
    path("", include("shuyun.portal.urls")),
    path("search/", include("shuyun.search.urls")),
    path("console/", include("shuyun.console.urls")),
    path("console/libraries/", include("shuyun.federation.urls")),
    path("console/libraries/", include("shuyun.accounts.library_urls")),
    path("console/readers/", include("shuyun.accounts.staff_urls")),
    path("account/", include("shuyun.accounts.urls")),
    path("auth/", include("allauth.urls")),
    path("o/", include("shuyun.accounts.oidc_urls")),
    path("console/catalog/", include("shuyun.catalog.urls")),
    path("console/catalog/libraries/", include("shuyun.harvest.urls")),
    path("console/interfaces/", include("shuyun.oai.console_urls")),
    path("console/identifiers/", include("shuyun.identifiers.console_urls")),
    path("api/handles/<str:prefix>/<path:suffix>", identifier_views.handle_api),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_endpoint),
    path("oai", include("shuyun.oai.urls")),
    path("embed/", include("shuyun.oai.embed_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
