from django.urls import path

from shuyun.oai import console_views

app_name = "interfaces"
urlpatterns = [
    path("<str:code>/embed/", console_views.embed_snippet, name="embed"),
    path("<str:code>/usage/", console_views.usage, name="usage"),
]
