import datetime

from django.utils import timezone


def local_datetime(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock date and time in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(date, time))
