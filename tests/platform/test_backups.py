"""backup_create → backup_restore round trip (issue 12): database, media and the private folder."""

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User


@pytest.fixture
def folders(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TIPOFFS_PRIVATE_ROOT = tmp_path / "media-private" / "tipoffs"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    settings.TIPOFFS_PRIVATE_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "poster.png").write_bytes(b"poster")
    (settings.TIPOFFS_PRIVATE_ROOT / "evidence.jpg").write_bytes(b"evidence")
    return settings


def _round_trip(tmp_path, folders, capsys):
    User.objects.create_user("kept", "kept@example.com", "pw")
    call_command("backup_create", "--output", str(tmp_path / "backups"))
    backup = tmp_path / "backups" / capsys.readouterr().out.strip().rsplit("/", 1)[-1]
    assert {p.name for p in backup.iterdir()} >= {"manifest.json", "files.tar.gz"}

    # Things change after the backup: a user leaves, another arrives, files change.
    User.objects.filter(username="kept").delete()
    User.objects.create_user("later", "later@example.com", "pw")
    (folders.MEDIA_ROOT / "images" / "poster.png").unlink()
    (folders.MEDIA_ROOT / "images" / "new.png").write_bytes(b"new")
    shutil.rmtree(folders.TIPOFFS_PRIVATE_ROOT)

    call_command("backup_restore", str(backup), "--yes")
    assert User.objects.filter(username="kept").exists()
    assert not User.objects.filter(username="later").exists()
    assert (folders.MEDIA_ROOT / "images" / "poster.png").read_bytes() == b"poster"
    assert not (folders.MEDIA_ROOT / "images" / "new.png").exists()
    assert (folders.TIPOFFS_PRIVATE_ROOT / "evidence.jpg").read_bytes() == b"evidence"

    # A damaged backup restores nothing.
    with (backup / "files.tar.gz").open("ab") as handle:
        handle.write(b"x")
    User.objects.create_user("after", "after@example.com", "pw")
    with pytest.raises(CommandError, match="已损坏"):
        call_command("backup_restore", str(backup), "--yes")
    assert User.objects.filter(username="after").exists()

    # Only the newest --keep backups stay.
    made = []
    for _ in range(3):
        call_command("backup_create", "--output", str(tmp_path / "kept"), "--keep", "2")
        made.append(capsys.readouterr().out.strip())
    assert sorted(str(p) for p in (tmp_path / "kept").iterdir()) == sorted(made[1:])
    return backup


@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip(tmp_path, folders, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL round trip is test_postgres_round_trip")
    backup = _round_trip(tmp_path, folders, capsys)
    assert (backup / "database.sqlite3").is_file()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_round_trip(tmp_path, folders, capsys):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed (apt-get install postgresql-client)")
    backup = _round_trip(tmp_path, folders, capsys)
    assert (backup / "database.dump").is_file()
