"""Backup and restore of everything the site cannot rebuild: the database, the media folder
(editors' images and documents) and the private tip-off folder.

A backup is one folder ``yunmeng-<timestamp>/`` holding ``database.dump`` (PostgreSQL, ``pg_dump``
custom format) or ``database.sqlite3`` (SQLite's online backup API, consistent while the site
runs), ``files.tar.gz`` (``media/`` and ``private/``) and ``manifest.json`` (what, when, checksums).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .errors import DomainError

FORMAT_VERSION = 1


class BackupError(DomainError):
    """A backup or restore that cannot go ahead; the message says what to fix."""


@dataclass(frozen=True)
class Folders:
    media: Path
    private: Path


def data_folders() -> Folders:
    """MEDIA_ROOT and the private tip-off folder (TIPOFFS_PRIVATE_ROOT, else "<MEDIA_ROOT>-private/tipoffs",
    the same rule tipoffs' storage follows)."""
    media = Path(settings.MEDIA_ROOT)
    private = getattr(settings, "TIPOFFS_PRIVATE_ROOT", None)
    return Folders(
        media=media, private=Path(private) if private else media.with_name(media.name + "-private") / "tipoffs"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args_and_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*args, "--dbname", str(db["NAME"])], env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。"
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:2000]}")


def backup_create(*, output: Path) -> Path:
    """Write a new backup folder under ``output`` and return its path."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = Path(output) / f"yunmeng-{stamp}"
    counter = 1
    while target.exists():  # two backups within one second: keep both, in order
        counter += 1
        target = Path(output) / f"yunmeng-{stamp}-{counter}"
    target.mkdir(parents=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        database = target / "database.dump"
        args, env = _pg_args_and_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database), *args], env)
    elif vendor == "sqlite":
        database = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(database)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"不支持备份 {vendor} 数据库：仅支持 PostgreSQL 和 SQLite。")
    folders = data_folders()
    archive = target / "files.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, folder in (("media", folders.media), ("private", folders.private)):
            if folder.is_dir():
                tar.add(folder, arcname=name)
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": database.name, "sha256": _sha256(database)},
        "files": {"file": archive.name, "sha256": _sha256(archive)},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


def _read_manifest(path: Path) -> dict:
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{path} 不是备份文件夹：缺少 manifest.json。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"备份格式 {manifest.get('format')} 无法识别（本程序支持 {FORMAT_VERSION}）。")
    for part in ("database", "files"):
        file = path / manifest[part]["file"]
        if not file.is_file() or _sha256(file) != manifest[part]["sha256"]:
            raise BackupError(f"备份文件 {file.name} 缺失或已损坏（校验和不符），未做任何恢复。")
    if manifest["database"]["vendor"] != connection.vendor:
        kind = manifest["database"]["vendor"]
        raise BackupError(f"这是 {kind} 数据库的备份，当前数据库是 {connection.vendor}：请设置相应的 DATABASE_URL。")
    return manifest


def _restore_folder(tar: tarfile.TarFile, name: str, folder: Path) -> None:
    members = [m for m in tar.getmembers() if m.name == name or m.name.startswith(name + "/")]
    staging = folder.with_name(folder.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for member in members:
        member_path = Path(member.name)
        if member_path.is_absolute() or ".." in member_path.parts:
            raise BackupError(f"备份中的路径 {member.name} 不安全，未恢复。")
    tar.extractall(staging, members=members, filter="data")
    # Swap in the restored copy: the folder holds exactly what the backup held.
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    restored = staging / name
    if restored.is_dir():
        restored.rename(folder)
    else:
        folder.mkdir()
    shutil.rmtree(staging, ignore_errors=True)


def backup_restore(*, path: Path) -> dict:
    """Replace the database, media and private folders with the backup at ``path``.

    Everything is checked (manifest, checksums, database kind) before anything is touched.
    """
    path = Path(path)
    manifest = _read_manifest(path)
    database = path / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        args, env = _pg_args_and_env()
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(database)], env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    folders = data_folders()
    with tarfile.open(path / manifest["files"]["file"], "r:gz") as tar:
        _restore_folder(tar, "media", folders.media)
        _restore_folder(tar, "private", folders.private)
    return manifest


def backups_prune(*, output: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backup folders under ``output``; return what was deleted."""
    folders = sorted(
        (p for p in Path(output).glob("yunmeng-*") if (p / "manifest.json").is_file()),
        key=lambda p: (p.name[:23], int(p.name[24:] or 1)),  # yunmeng-YYYYmmdd-HHMMSS[-n]
    )
    old = folders[:-keep] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old
