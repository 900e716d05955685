"""考务管理员 maintain banks, subjects, rules and blueprints, and see attempts and statistics.

考培分离: nothing from courses.* here, and attempts are read-only (written by the candidate's exam).
"""

_MANAGED = [
    "questionbank",
    "chapter",
    "question",
    "questionimport",
    "examsubject",
    "examrule",
    "blueprint",
    "blueprintrule",
]
_VIEW_ONLY = ["attempt", "attemptquestion", "questionstatistic", "subjectstatistic"]

ROLE_PERMISSIONS = {
    "考务管理员": [f"exams.{action}_{model}" for model in _MANAGED for action in ("add", "change", "delete", "view")]
    + [f"exams.view_{model}" for model in _VIEW_ONLY],
}

# Question pictures: Wagtail checks images per collection.
ROLE_COLLECTION_PERMISSIONS = {"考务管理员": ["wagtailimages.add_image", "wagtailimages.choose_image"]}
