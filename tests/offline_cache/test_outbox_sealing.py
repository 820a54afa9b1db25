"""What waits in the outbox waits sealed: no personal data readable on the disk."""

from __future__ import annotations

import os
import stat

import pytest

from kiosk.sealing import SealBroken, Sealer, load_or_create_key
from offline_cache.outbox import Outbox

NAME, ID_NUMBER, PHONE = "欧阳娜娜", "11010519491231002X", "13912345678"


def _application():
    return {"item_code": "11010500100001", "deficiency_commitment": True,
            "form": {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE}}


def _disk_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("outbox.db*"))


def test_pending_requests_are_not_readable_on_disk_but_deliverable(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    entry = outbox.enqueue("submitApplication", _application())

    raw = _disk_bytes(tmp_path)
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret.encode() not in raw and secret.encode("utf-16-le") not in raw
    outbox.close()

    reopened = Outbox(tmp_path / "outbox.db")  # after a restart, with the same terminal key
    assert reopened.get(entry.seq).request == _application()


def test_the_key_file_is_private_and_made_once(tmp_path):
    first = load_or_create_key(tmp_path / "keys" / "data.key")
    again = load_or_create_key(tmp_path / "keys" / "data.key")
    mode = stat.S_IMODE(os.stat(tmp_path / "keys" / "data.key").st_mode)
    assert first == again and len(first) == 32 and mode == 0o600


def test_a_systemd_credential_takes_precedence(tmp_path, monkeypatch):
    (tmp_path / "creds").mkdir()
    (tmp_path / "creds" / "govkiosk-data-key").write_bytes(b"k" * 32)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "creds"))
    assert load_or_create_key(tmp_path / "keys" / "data.key") == b"k" * 32
    assert not (tmp_path / "keys").exists()


def test_without_the_key_nothing_opens(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    entry = outbox.enqueue("submitApplication", _application())
    outbox.close()
    (tmp_path / "keys" / "data.key").unlink()  # factory reset: the key is gone

    with pytest.raises(SealBroken):
        Outbox(tmp_path / "outbox.db").get(entry.seq)


def test_a_sealed_body_cannot_be_moved_to_another_record(tmp_path):
    sealer = Sealer.for_folder(tmp_path)
    sealed = sealer.seal(b"body", "key-1")
    assert sealer.open(sealed, "key-1") == b"body"
    with pytest.raises(SealBroken):
        sealer.open(sealed, "key-2")
