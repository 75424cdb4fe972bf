from django.urls import path

from shuyun.accounts import staff_views

app_name = "readers"
urlpatterns = [
    path("", staff_views.reader_list, name="list"),
    path("<uuid:public_id>/", staff_views.reader_detail, name="detail"),
    path("<uuid:public_id>/action/", staff_views.reader_action, name="action"),
]
