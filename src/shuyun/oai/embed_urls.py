from django.urls import path

from shuyun.oai import embed

app_name = "embed"
urlpatterns = [
    path("<str:code>.js", embed.script, name="script"),
    path("<str:code>/", embed.frame, name="frame"),
    path("<str:code>/search", embed.search, name="search"),
]
