from exams.models import ExamSubject


def training_requirement_met(user, subject: ExamSubject) -> bool:
    """Whether ``user`` has the training hours ``subject`` demands before a candidate may book.

    The one question ``bookings`` asks ``courses`` (DESIGN §2).
    """
    # Until courses keep training records, only subjects that demand no hours can be booked.
    return subject.training_hours_required == 0
