#!/usr/bin/env bash
# `make run-prod`: the production stack on this machine — PostgreSQL + Redis + gunicorn (2 workers)
# + the task worker, with DEBUG=0 and the production settings. Creates the database if missing,
# migrates, collects static files and seeds the demo. Ctrl+C stops everything it started.
# Needs a PostgreSQL server reachable at DATABASE_URL and redis-server (started here if none answers).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

keep() { # a secret kept beside the code, so sessions and encrypted data survive a restart
    local file=$1 value
    [ -s "$file" ] || $PY -c "$2" > "$file"
    value=$(cat "$file")
    printf '%s' "$value"
}

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
# No TLS and no nginx on a laptop: no redirect to https, clients talk to gunicorn directly.
export SECURE_SSL_REDIRECT=0
export TRUSTED_PROXY_COUNT=0
export STATIC_ROOT=${STATIC_ROOT:-$PWD/staticfiles}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if ! $PY -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).ping()" 2>/dev/null; then
    command -v redis-server >/dev/null || { echo "需要 Redis：apt-get install redis-server" >&2; exit 1; }
    port=$($PY -c "import os, urllib.parse; print(urllib.parse.urlparse(os.environ['REDIS_URL']).port or 6379)")
    redis-server --port "$port" --save "" --appendonly no &
    pids+=($!)
    sleep 1
fi

# Create the database if it does not exist yet.
$PY - <<'PYEOF'
import os, urllib.parse
import psycopg
url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"已创建数据库 {name}")
PYEOF

$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py seed_demo
$PY manage.py check --deploy

echo "生产模式：http://$HOST:$PORT/ — 管理后台 http://$HOST:$PORT/admin/（Ctrl+C 停止）"
$PY manage.py db_worker --interval 1 &
pids+=($!)
.venv/bin/gunicorn edu_platform.wsgi:application --bind "$HOST:$PORT" --workers 2 --preload &
pids+=($!)
wait -n
