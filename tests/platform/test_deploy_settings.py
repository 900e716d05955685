"""Production mode is chosen by the environment alone (issue 2)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "edu_platform.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "edu.yunmeng.example.gov.cn",
            "FIELD_ENCRYPTION_KEY": "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0=",
            "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
            "STATIC_ROOT": str(tmp_path / "static"),
            # Production needs a shared cache (edu_platform.E001); the check does not connect.
            "REDIS_URL": "redis://127.0.0.1:6379/8",
            "SMS_BACKEND": "accounts.sms.DisabledSMSBackend",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_check_deploy_passes_without_warnings_in_production_mode(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_start_without_secret_key_fails_loudly(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "必须设置环境变量 SECRET_KEY" in result.stderr


def test_production_start_without_allowed_hosts_fails_loudly(tmp_path):
    result = _manage(_production_env(tmp_path, ALLOWED_HOSTS=None), "check")
    assert result.returncode != 0
    assert "必须设置环境变量 ALLOWED_HOSTS" in result.stderr


def test_two_sites_on_one_redis_database_keep_their_cache_entries_apart(tmp_path):
    """CACHE_KEY_PREFIX separates two sites sharing a Redis database (a shared one served another
    site's cached image renditions, which then answered 404)."""
    code = "from django.core.cache import cache; print(cache.make_key('page'))"
    keys = []
    for prefix in ("yunmeng", "yunmeng-training"):
        env = _production_env(tmp_path, CACHE_KEY_PREFIX=prefix)
        result = _manage(env, "shell", "-c", code)
        assert result.returncode == 0, result.stderr
        keys.append(result.stdout.strip().splitlines()[-1])
    assert keys == ["yunmeng:1:page", "yunmeng-training:1:page"]
