from django.urls import path

from shuyun.identifiers import console_views as views

app_name = "identifiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("batch/", views.batch, name="batch"),
    path("prefixes/", views.prefixes, name="prefixes"),
    path("report/", views.report, name="report"),
    path("i/<path:handle>", views.detail, name="detail"),
    path("locations/<path:handle>", views.edit_locations, name="locations"),
]
