from django.urls import path

from . import views

app_name = "tipoffs"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("follow/", views.follow, name="follow"),
]
