from .attempts import Attempt, AttemptQuestion, AttemptStatus
from .banks import Chapter, Question, QuestionBank, QuestionImport, QuestionType
from .blueprints import Blueprint, BlueprintRule
from .practice import Favourite, PracticeRecord, WrongAnswer
from .statistics import QuestionStatistic, SubjectStatistic
from .subjects import ExamKind, ExamRule, ExamSubject

__all__ = [
    "Attempt",
    "AttemptQuestion",
    "AttemptStatus",
    "Blueprint",
    "BlueprintRule",
    "Chapter",
    "ExamKind",
    "ExamRule",
    "ExamSubject",
    "Favourite",
    "PracticeRecord",
    "Question",
    "QuestionBank",
    "QuestionImport",
    "QuestionStatistic",
    "QuestionType",
    "SubjectStatistic",
    "WrongAnswer",
]
