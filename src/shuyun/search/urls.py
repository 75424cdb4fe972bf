from django.urls import path

from shuyun.search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("work/<int:work_id>/", views.work, name="work"),
    path("classes/", views.classes, name="classes"),
    path("classes/<str:code>/", views.classes, name="class"),
    path("subjects/", views.subjects, name="subjects"),
    path("suggest/", views.suggestions, name="suggest"),
]
