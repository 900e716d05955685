"""Idempotent demo content: each app contributes through its own ``<app>/demo.py``.

An app's module defines ``seed(stdout) -> None``; ``accounts.demo`` also offers
``demo_logins() -> list[tuple[str, str, str]]`` (role, login, password) that we print at the end.
The order follows the dependency order of DESIGN §2 (campaigns after exams, for the quiz block), so
later apps find what earlier ones made.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

SEED_ORDER = ["accounts", "exams", "courses", "bookings", "campaigns", "tipoffs", "certificates"]


class Command(BaseCommand):
    help = "创建（或更新）演示内容和各角色的演示账号；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号。")

    def handle(self, *args, **options):
        for app in SEED_ORDER:
            if find_spec(f"{app}.demo") is None:
                continue
            module = import_module(f"{app}.demo")
            with transaction.atomic():
                module.seed(self.stdout)
            self.stdout.write(self.style.SUCCESS(f"✓ {app}"))
        if options["quiet_logins"] or find_spec("accounts.demo") is None:
            return
        logins = import_module("accounts.demo").demo_logins()
        self.stdout.write("\n演示账号（Demo logins）:")
        for role, login, password in logins:
            self.stdout.write(f"  {role:<12} {login:<32} {password}")
