"""Personal data at rest: sealed with AES-256-GCM under the terminal's data key.

Whatever a citizen submitted while the platform was unreachable waits on disk; it waits sealed.
The data key comes from systemd's credential store when the kiosk runs as a service
(``LoadCredentialEncrypted=govkiosk-data-key``, which can bind it to the TPM), else from a
0600 key file under the data folder, created on first use. Deleting the key (factory reset)
makes every sealed record unreadable at once. Each record is bound to its own id (associated
data), so a sealed body cannot be moved to another record.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CREDENTIAL_NAME = "govkiosk-data-key"
NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed record that does not open: wrong key, or the record was altered."""


def load_or_create_key(key_file: Path) -> bytes:
    """The 32-byte data key: the systemd credential if present, else ``key_file`` (made once)."""
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / CREDENTIAL_NAME).is_file():
        key = (Path(credentials) / CREDENTIAL_NAME).read_bytes()
    elif key_file.exists():
        key = key_file.read_bytes()
    else:
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = AESGCM.generate_key(bit_length=256)
        partial = key_file.with_suffix(".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(key_file)
    if len(key) != 32:
        raise ValueError(f"the data key must be 32 bytes, {key_file} has {len(key)}")
    return key


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def for_folder(cls, data_dir: Path) -> Sealer:
        """The sealer of the terminal whose data lives in ``data_dir``."""
        return cls(load_or_create_key(data_dir / "keys" / "data.key"))

    def seal(self, plaintext: bytes, record_id: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, record_id.encode())

    def open(self, sealed: bytes, record_id: str) -> bytes:
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], record_id.encode())
        except InvalidTag:
            raise SealBroken(f"record {record_id} cannot be opened with this terminal's key") from None
