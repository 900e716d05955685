from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("mock/<slug:subject_code>/start/", views.mock_start, name="mock_start"),
    path("attempts/<int:attempt_id>/", views.attempt_resume, name="attempt"),
    path("attempts/<int:attempt_id>/q/<int:position>/", views.attempt_question, name="attempt_question"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result_view, name="attempt_result"),
    path("practice/", views.practice_index, name="practice_index"),
    path("practice/favourite/", views.practice_favourite, name="practice_favourite"),
    path("practice/<slug:bank_code>/", views.practice_bank, name="practice_bank"),
    path("practice/<slug:bank_code>/<str:mode>/", views.practice_question_view, name="practice_question"),
    path("quiz/<slug:bank_code>/", views.quiz, name="quiz"),
]
