"""Signals other apps listen to (nothing in bookings imports them back; DESIGN §2).

``booking_result_recorded`` is sent inside the results transaction, once per booking whose result
was recorded or changed (``booking=``, ``actor=``), so a listener's writes (the certificate register)
commit or roll back with the result itself.
"""

from django.dispatch import Signal

booking_result_recorded = Signal()
