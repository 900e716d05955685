"""Load-test volumes for accounts (``seed_loadtest``): candidate accounts with a known password.

Idempotent: usernames ``lt-candidate-0001`` …; existing ones are kept. Users are written with
``bulk_create`` and one hash computed once (hashing 2,000 passwords one by one at a slow,
production-strength hasher would take minutes); every account gets a verified primary e-mail so
the allauth login form lets it in, and a complete profile (real name, valid ID number, mobile) so
it can book.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .models import PersonCategory
from .validators import id_number_check_char

PASSWORD = "Loadtest-2026!"  # noqa: S105 - a published load-test password, never a real account
USERNAME = "lt-candidate-{:04d}"
EMAIL = "lt-candidate-{:04d}@loadtest.invalid"
REGION = "420923"  # 云梦县


def candidate_id_number(number: int) -> str:
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=number)
    first17 = f"{REGION}{birth:%Y%m%d}{number % 1000:03d}"
    return first17 + id_number_check_char(first17)


def seed(*, candidates: int, stdout=None) -> list[int]:
    """Ensure ``candidates`` load-test candidates exist; returns their ids (in number order)."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    wanted = {USERNAME.format(n): n for n in range(1, candidates + 1)}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    password = make_password(PASSWORD)  # once: the same hash for every load-test account
    new = [
        User(
            username=username,
            email=EMAIL.format(n),
            password=password,
            real_name=f"考生{n:04d}",
            id_number=candidate_id_number(n),
            phone=f"1379{n:07d}",
            person_category=PersonCategory.SPECIAL_OPERATOR,
        )
        for username, n in wanted.items()
        if username not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    users = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    have_email = set(EmailAddress.objects.filter(user_id__in=users.values()).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=EMAIL.format(wanted[username]), verified=True, primary=True)
            for username, pk in users.items()
            if pk not in have_email
        ],
        batch_size=1000,
    )
    if stdout:
        stdout.write(f"  accounts: {len(users)} 名压测考生（新建 {len(new)}），密码 {PASSWORD}")
    return [users[username] for username in sorted(users, key=wanted.get)]
