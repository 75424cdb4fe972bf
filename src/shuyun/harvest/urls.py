from django.urls import path

from shuyun.harvest import views

app_name = "harvest"
urlpatterns = [
    path("<str:code>/", views.library_data, name="library"),
    path("<str:code>/reprocess/", views.reprocess, name="reprocess"),
]
