"""Every write a learner, enterprise admin or training admin can cause in the courses app."""

from ..errors import CourseError
from .enrolments import certificate_issue, enrolment_bulk_create, enrolment_create
from .study import heartbeat_seconds, lesson_complete, lesson_heartbeat, lesson_start, min_study_seconds

__all__ = [
    "CourseError",
    "certificate_issue",
    "enrolment_bulk_create",
    "enrolment_create",
    "heartbeat_seconds",
    "lesson_complete",
    "lesson_heartbeat",
    "lesson_start",
    "min_study_seconds",
]
