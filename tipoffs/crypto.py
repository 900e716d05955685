"""Receipt codes and field encryption for tip-offs (DESIGN §6).

- Receipt code: 20 symbols of Crockford base32 (no I, L, O, U) from the OS random source = 100 bits.
  Only an HMAC-SHA256 of it, keyed by a server secret, is stored, so it can be looked up but not read.
- Identity and payee data: Fernet (AES-128-CBC + HMAC) over ``settings.FIELD_ENCRYPTION_KEY``, a
  comma-separated list: the first key encrypts, every key decrypts, so keys rotate without downtime.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
# Crockford's decoding rules: the look-alikes a reporter may type or read back.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def receipt_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def receipt_code_display(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_code_normalise(raw: str) -> str:
    """Upper-case, full width folded, separators dropped, look-alikes mapped; '' when it cannot be a code."""
    text = unicodedata.normalize("NFKC", raw or "").upper().translate(_LOOKALIKES)
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-_.,，。—")
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def _hkdf(info: bytes, secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


@lru_cache(maxsize=4)
def _receipt_key(secret: str) -> bytes:
    return _hkdf(b"tipoffs.receipt-code", secret)


def receipt_hash(code: str) -> str:
    secret = getattr(settings, "TIPOFFS_RECEIPT_SECRET", "") or settings.SECRET_KEY
    return hmac.new(_receipt_key(secret), code.encode(), hashlib.sha256).hexdigest()


def _configured_keys() -> list[str]:
    raw = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or ""
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if keys:
        return keys
    if not settings.DEBUG:
        raise ImproperlyConfigured("生产模式必须设置 FIELD_ENCRYPTION_KEY。")
    return [_dev_key(settings.SECRET_KEY)]


@lru_cache(maxsize=2)
def _dev_key(secret: str) -> str:
    logger.warning("FIELD_ENCRYPTION_KEY is not set: using a development key derived from SECRET_KEY.")
    return base64.urlsafe_b64encode(_hkdf(b"tipoffs.dev-field-key", secret)).decode()


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet_for(tuple(_configured_keys()))


def encrypt_json(data: dict) -> bytes:
    return fernet().encrypt(json.dumps(data, ensure_ascii=False).encode())


def decrypt_json(token: bytes | memoryview | None) -> dict:
    if not token:
        return {}
    return json.loads(fernet().decrypt(bytes(token)))


def rotate(token: bytes | memoryview) -> bytes:
    """Re-encrypt a token with the first (current) key."""
    return fernet().rotate(bytes(token))
