"""What each role may do with courses (考培分离: 考务管理员 gets nothing here)."""

ROLE_PERMISSIONS = {
    "培训管理员": [
        *(f"courses.{action}_course" for action in ("add", "change", "delete", "view")),
        *(f"courses.{action}_lesson" for action in ("add", "change", "delete", "view")),
        *(f"courses.{action}_traininghoursrule" for action in ("add", "change", "view")),
        # Enrolments, progress and certificates are written by the learners' services; staff read and export them.
        "courses.view_enrolment",
        "courses.view_lessonprogress",
        "courses.view_certificate",
        # Exam subjects belong to the exam staff; training staff only link courses to them.
        "exams.view_examsubject",
    ],
}
