"""The public knowledge-quiz block (needs exams' QuestionBank, embed template and quiz URL)."""


def quiz_blocks() -> list:
    return []
