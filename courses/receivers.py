"""Courses' side of other apps' signals (connected in ``CoursesConfig.ready``)."""

from django.dispatch import receiver

from accounts.signals import staff_invitation_accepted


@receiver(staff_invitation_accepted, dispatch_uid="courses.pending_enrolments_fulfil")
def enrol_on_invitation_accepted(sender, *, invitation, user, **kwargs) -> None:
    """A person who accepts an enterprise's invitation is enrolled on the courses uploaded for them."""
    from .services.uploads import pending_enrolments_fulfil

    pending_enrolments_fulfil(invitation=invitation, user=user)
