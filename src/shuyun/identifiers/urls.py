from django.urls import path

from shuyun.identifiers import views

urlpatterns = [path("<str:prefix>/<path:suffix>", views.resolve, name="resolve")]
