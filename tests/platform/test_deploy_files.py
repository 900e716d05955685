"""deploy/ stays in step with the project (issue 12): a timer for every periodic command in the
README, each naming a real management command; nginx keeps the tip-off rules."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _readme_periodic_commands() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("Periodic jobs", 1)[1].split("\n\n", 2)[1]
    return set(re.findall(r"`manage\.py (\w+)`", table))


def test_every_periodic_command_has_a_timer_running_a_real_command():
    timers = {p.name.removeprefix("yunmeng-").removesuffix(".timer"): p for p in (DEPLOY / "systemd").glob("*.timer")}
    expected = _readme_periodic_commands() | {"certificates_send_reminders", "backup_create"}
    assert expected <= set(timers), f"add deploy/systemd/yunmeng-<command>.timer for {expected - set(timers)}"
    commands = get_commands()
    for name, path in timers.items():
        assert name in commands, f"{path.name} runs manage.py {name}, which does not exist"
        text = path.read_text(encoding="utf-8")
        assert f"Unit=yunmeng-manage@{name}.service" in text and "OnCalendar=" in text
    assert "ExecStart=" in (DEPLOY / "systemd" / "yunmeng-manage@.service").read_text(encoding="utf-8")


def test_nginx_never_serves_private_files_and_logs_no_tipoff_visitor():
    conf = (DEPLOY / "nginx" / "yunmeng.conf").read_text(encoding="utf-8")
    tipoffs = conf.split("location /tipoffs/", 1)[1].split("}", 1)[0]
    assert "access_log off;" in tipoffs and "client_max_body_size 55m;" in tipoffs
    assert "location ^~ /media-private/ { return 404; }" in conf
    assert "immutable" in conf.split("location /static/", 1)[1].split("}", 1)[0]
    proxy = (DEPLOY / "nginx" / "yunmeng-proxy.conf").read_text(encoding="utf-8")
    assert "X-Forwarded-For" in proxy and "X-Forwarded-Proto" in proxy


def test_env_example_names_every_production_setting():
    env = (DEPLOY / "env.example").read_text(encoding="utf-8")
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEY"):
        assert re.search(rf"^{name}=", env, re.M), name
