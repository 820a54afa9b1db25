"""Factory reset leaves nothing identifying; the diagnostics bundle carries no secrets or IDs."""

from __future__ import annotations

import logging
import tarfile
import tomllib

import pytest

from kiosk.cli import main
from kiosk.config import DEMO_CONFIG, load_config
from kiosk.logs import REDACTOR, configure_logging
from kiosk.platform.auth import load_or_create_key
from kiosk.sealing import SealBroken, Sealer
from provisioning.enrol import write_config
from provisioning.maintenance import AuditLog, hash_pin

NAME, ID_NUMBER = "欧阳娜娜", "440304198506156724"


@pytest.fixture
def used_terminal(tmp_path, monkeypatch):
    """A terminal after a day's work: sealed personal data, keys, logs, caches, audit."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"pin_hash": hash_pin("246810", iterations=1000)}
    raw["mqtt"] |= {"enabled": True, "key_file": str(tmp_path / "data/keys/mqtt.key")}
    path = tmp_path / "kiosk.toml"
    config = write_config(path, raw)
    assert str(config.cache_dir).startswith(str(tmp_path))  # never the real user cache
    config.cache_dir.mkdir(parents=True)
    (config.cache_dir / "print-preview.txt").write_text(f"送达回执 {NAME} {ID_NUMBER}")
    (config.data_dir / "drafts").mkdir(parents=True)
    (config.data_dir / "drafts" / "form.json").write_bytes(f'{{"name": "{NAME}"}}'.encode("gbk"))
    sealed = Sealer.for_folder(config.data_dir).seal(f"{NAME} {ID_NUMBER}".encode(), "entry-1")
    (config.data_dir / "outbox.db").write_bytes(sealed)
    load_or_create_key(config.data_dir / "platform" / "terminal.pem")
    AuditLog(config.data_dir / "maintenance.sqlite").record("pin", "entered")
    configure_logging(config.log_dir)
    REDACTOR.register(NAME)
    logging.getLogger("govkiosk.test").info(f"session for {NAME} {ID_NUMBER} ended")
    REDACTOR.forget(NAME)
    yield path, config, sealed
    configure_logging(None)


def _files_containing(root, *secrets: str) -> list:
    needles = [s.encode(enc) for s in secrets for enc in ("utf-8", "gbk", "utf-16-le")]
    return [p for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)]


def test_factory_reset_wipes_keys_data_logs_and_credentials(used_terminal, tmp_path, capsys):
    path, config, sealed = used_terminal
    assert len(_files_containing(tmp_path, NAME, ID_NUMBER)) == 2  # left by a day's work
    assert main(["maintenance", "factory-reset", "--config", str(path)]) == 2  # needs --yes
    assert config.data_dir.exists()
    assert main(["maintenance", "factory-reset", "--config", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"deleted {config.data_dir / 'keys'}" in out
    for folder in (config.data_dir, config.log_dir, config.cache_dir):
        assert not folder.exists()
    after = load_config(path)
    assert (
        after.maintenance.pin_hash == "" and not after.mqtt.enabled and after.mqtt.key_file is None
    )
    assert _files_containing(tmp_path, NAME, ID_NUMBER) == []
    with pytest.raises(SealBroken):  # a copy kept by the flash is unreadable: its key is gone
        Sealer.for_folder(config.data_dir).open(sealed, "entry-1")


def test_diagnostics_bundle_has_status_versions_logs_and_no_secrets(
    used_terminal, tmp_path, capsys
):
    path, _, _ = used_terminal
    out = tmp_path / "bundle.tar.gz"
    assert main(["maintenance", "diagnostics", "--config", str(path), "--out", str(out)]) == 0
    with tarfile.open(out) as bundle:
        names = bundle.getnames()
        texts = {n: bundle.extractfile(n).read().decode() for n in names}
    assert {
        "config.json",
        "versions.json",
        "devices.json",
        "audit.json",
        "logs/kiosk.jsonl",
    } <= set(names)
    assert "ended" in texts["logs/kiosk.jsonl"] and '"python"' in texts["versions.json"]
    assert '"pin_hash": "<redacted>"' in texts["config.json"]
    joined = "".join(texts.values())
    assert "pbkdf2_sha256" not in joined and NAME not in joined and ID_NUMBER not in joined
