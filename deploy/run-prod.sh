#!/usr/bin/env bash
# `make run-prod`: the production stack on this machine — PostgreSQL + Redis + gunicorn (2 workers)
# + the task worker, with DEBUG=0 and the production settings. Checks the settings (check --deploy),
# creates the database if missing, migrates, collects static files and seeds the demo, then serves
# until Ctrl+C or SIGTERM, which stops everything it started (and only that).
# Needs: a PostgreSQL server reachable at DATABASE_URL (its user may create databases), and Redis at
# REDIS_URL or the redis-server binary (then started here, on 127.0.0.1 at REDIS_URL's port).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

keep() { # a secret kept beside the code (mode 600), so sessions and encrypted data survive a restart
    local file=$1
    [ -s "$file" ] || (umask 077 && $PY -c "$2" > "$file")
    cat "$file"
}

export DJANGO_SETTINGS_MODULE=edu_platform.settings
export DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yunmeng_prod}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
export SECRET_KEY=${SECRET_KEY:-$(keep .prod-secret-key 'import secrets; print(secrets.token_urlsafe(64))')}
export FIELD_ENCRYPTION_KEY=${FIELD_ENCRYPTION_KEY:-$(keep .prod-field-key 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://$HOST:$PORT}
export TASKS_BACKEND=database
export SMS_BACKEND=${SMS_BACKEND:-accounts.sms.DisabledSMSBackend}
export ACCOUNT_EMAIL_VERIFICATION=${ACCOUNT_EMAIL_VERIFICATION:-optional}
# E-mails (booking notices, password resets) go to the worker's console unless EMAIL_URL says where.
export EMAIL_URL=${EMAIL_URL:-console://}
# No TLS and no nginx on a laptop: no redirect to https, clients talk to gunicorn directly. Cookies
# stay Secure: browsers keep them on http://127.0.0.1 and http://localhost (trustworthy origins).
export SECURE_SSL_REDIRECT=0
export TRUSTED_PROXY_COUNT=0
export STATIC_ROOT=${STATIC_ROOT:-$PWD/staticfiles}

pids=()
cleanup() { # TERM what we started, give it 15 s (gunicorn's graceful stop, the worker's task), then KILL
    local pid alive
    [ ${#pids[@]} -gt 0 ] || return 0
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 75); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 1 ] || break
        sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

redis_ping() { $PY -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL'], socket_timeout=2).ping()" 2>/dev/null; }
if ! redis_ping; then
    command -v redis-server >/dev/null || { echo "需要 Redis：REDIS_URL=$REDIS_URL 无应答，且没有 redis-server（apt-get install redis-server）" >&2; exit 1; }
    port=$($PY -c "import os, urllib.parse; print(urllib.parse.urlparse(os.environ['REDIS_URL']).port or 6379)")
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no &
    pids+=($!)
    for _ in $(seq 1 50); do redis_ping && break; sleep 0.2; done
    redis_ping || { echo "redis-server 未能在端口 $port 启动" >&2; exit 1; }
fi

# The setup, in one Python process so that Django and Wagtail start once, not four times (several
# seconds each): check, create the database if missing, migrate, collect static files, seed.
$PY - <<'PYEOF'
import os, sys, urllib.parse

import django
import psycopg
from psycopg import sql

django.setup()
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test.utils import override_settings

# Refuse to start with unsafe settings: every deployment check, warnings too, on the settings as a
# server behind nginx has them (with the https redirect that this laptop goes without).
try:
    with override_settings(SECURE_SSL_REDIRECT=True):
        call_command("check", deploy=True, fail_level="WARNING")
except SystemCheckError as error:
    sys.exit(f"check --deploy: {error}")

url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
name = urllib.parse.unquote(url.path.lstrip("/"))
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"已创建数据库 {name}")

call_command("migrate", interactive=False)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("seed_demo")
PYEOF

$PY manage.py db_worker --interval 1 &
pids+=($!)
# deploy/run_prod_wsgi.py: the application plus /media/, which nginx serves on a server. No access
# log: addresses of tip-off reporters stay out of logs (DESIGN §6), as in yunmeng-web.service.
.venv/bin/gunicorn deploy.run_prod_wsgi:application --bind "$HOST:$PORT" --workers 2 --preload \
    --timeout 60 --graceful-timeout 10 &
pids+=($!)
echo "生产模式：http://$HOST:$PORT/ — 管理后台 http://$HOST:$PORT/admin/（Ctrl+C 停止）"
# Until one of them stops (then the EXIT trap stops the others) or a signal arrives.
wait -n
