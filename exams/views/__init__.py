"""Learner pages: mock exams, practice and the public quiz (thin views over services/selectors)."""

from .mock import (
    attempt_question,
    attempt_result_view,
    attempt_resume,
    attempt_submit_view,
    history,
    index,
    mock_start,
)
from .practice import practice_bank, practice_favourite, practice_index, practice_question_view
from .quiz import quiz

__all__ = [
    "attempt_question",
    "attempt_result_view",
    "attempt_resume",
    "attempt_submit_view",
    "history",
    "index",
    "mock_start",
    "practice_bank",
    "practice_favourite",
    "practice_index",
    "practice_question_view",
    "quiz",
]
