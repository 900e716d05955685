from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("mine/", views.my_learning, name="mine"),
    path("enterprise/", views.enterprise_overview, name="enterprise"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/enrol/", views.course_enrol, name="enrol"),
    path("<int:pk>/certificate/", views.certificate_detail, name="certificate"),
    path("<int:pk>/certificate/claim/", views.certificate_claim, name="certificate_claim"),
    path("<int:course_pk>/lessons/<int:lesson_pk>/", views.lesson_detail, name="lesson"),
    path("<int:course_pk>/lessons/<int:lesson_pk>/complete/", views.lesson_complete_view, name="lesson_complete"),
    path("<int:course_pk>/lessons/<int:lesson_pk>/beat/", views.lesson_heartbeat_view, name="lesson_beat"),
]
