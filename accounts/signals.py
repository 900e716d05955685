"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent inside the transaction that puts a person on an enterprise's staff list by their accepting
# an invitation, with ``invitation=`` (StaffInvitation) and ``user=``. A receiver that raises
# undoes the acceptance; receivers that send mail or SMS should use ``transaction.on_commit``.
staff_invitation_accepted = Signal()
