from django.urls import path

from shuyun.federation import views

app_name = "federation"
urlpatterns = [
    path("", views.network_tree, name="tree"),
    path("import/", views.library_import, name="import"),
    path("export.csv", views.library_export, name="export"),
    path("<str:code>/", views.library_detail, name="detail"),
    path("<str:code>/edit/", views.library_edit, name="edit"),
    path("<str:code>/children/", views.network_children, name="children"),
    path("<str:code>/site/", views.site_edit, name="site"),
    path("<str:code>/add/", views.library_add, name="add"),
    path("<str:code>/targets/", views.targets_edit, name="targets"),
    path("<str:code>/keys/", views.api_keys, name="keys"),
]
