from django.urls import path

from shuyun.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.quality, name="quality"),
    path("works/<int:work_id>/", views.work_detail, name="work"),
    path("works/<int:work_id>/split/", views.work_split, name="split"),
    path("works/<int:work_id>/merge/", views.work_merge, name="merge"),
]
