"""SQLite store of the reference platform, with the demo data it starts with."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS terminals (terminal_id TEXT PRIMARY KEY, public_key BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS nonces (terminal_id TEXT, nonce TEXT, seen_at REAL,
    PRIMARY KEY (terminal_id, nonce));
CREATE TABLE IF NOT EXISTS idempotency (terminal_id TEXT, key TEXT, request_hash TEXT,
    status INTEGER, body TEXT, PRIMARY KEY (terminal_id, key));
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS catalogue_versions (version INTEGER PRIMARY KEY, manifest TEXT);
CREATE TABLE IF NOT EXISTS catalogue_items (version INTEGER, code TEXT, body TEXT,
    sha256 TEXT, PRIMARY KEY (version, code));
CREATE TABLE IF NOT EXISTS citizens (citizen_ref TEXT PRIMARY KEY, id_number TEXT UNIQUE,
    name TEXT, phone TEXT, app_user TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, kind TEXT, subject TEXT,
    expires_at REAL);
CREATE TABLE IF NOT EXISTS login_sessions (session_id TEXT PRIMARY KEY, terminal_id TEXT,
    state TEXT, qr_payload TEXT, expires_at REAL, citizen_ref TEXT, token TEXT);
CREATE TABLE IF NOT EXISTS materials (material_id TEXT PRIMARY KEY, terminal_id TEXT,
    sha256 TEXT, size INTEGER, content_type TEXT, data BLOB);
CREATE TABLE IF NOT EXISTS applications (receipt_no TEXT PRIMARY KEY, terminal_id TEXT,
    item_code TEXT, citizen_ref TEXT, request TEXT, status TEXT, submitted_at TEXT,
    missing TEXT, history TEXT);
CREATE TABLE IF NOT EXISTS drafts (citizen_ref TEXT, item_code TEXT, body TEXT,
    PRIMARY KEY (citizen_ref, item_code));
CREATE TABLE IF NOT EXISTS bookings (booking_no TEXT PRIMARY KEY, slot_id TEXT,
    item_code TEXT, citizen_ref TEXT, state TEXT);
CREATE TABLE IF NOT EXISTS queue_categories (category_id TEXT PRIMARY KEY, letter TEXT,
    name_zh TEXT, name_en TEXT, zone TEXT);
CREATE TABLE IF NOT EXISTS tickets (ticket_no TEXT PRIMARY KEY, category_id TEXT,
    priority_group TEXT, state TEXT, issued_at TEXT, seq INTEGER);
CREATE TABLE IF NOT EXISTS pickup_orders (order_id TEXT PRIMARY KEY, title TEXT, size TEXT,
    state TEXT, compartment TEXT, code TEXT, holder_id_number TEXT);
CREATE TABLE IF NOT EXISTS staff (staff_no TEXT PRIMARY KEY, pin TEXT);
CREATE TABLE IF NOT EXISTS evaluations (evaluation_id TEXT PRIMARY KEY,
    service_event_id TEXT UNIQUE, level INTEGER, request TEXT);
CREATE TABLE IF NOT EXISTS complaints (complaint_no TEXT PRIMARY KEY, request TEXT,
    received_at TEXT);
"""

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    """GB 11643 check digit of the first 17 digits of a resident ID number."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def valid_id_number(id_number: str) -> bool:
    return id_number[-1] == id_check_digit(id_number[:17])


DEMO_CITIZENS = (  # fictitious people; the numbers are well-formed, not real
    ("C-zhangwei", "11010519800101123", "张伟", "13800000001", "zhangwei"),
    ("C-lina", "31011519920315234", "李娜", "13800000002", "lina"),
    ("C-wangfang", "44030419750720345", "王芳", "13800000003", "wangfang"),
)
DEMO_CATEGORIES = (
    ("cat-general", "A", "综合受理", "General services", "A区"),
    ("cat-social", "B", "社保医保", "Social and medical insurance", "B区"),
    ("cat-estate", "C", "不动产登记", "Real estate registration", "C区"),
    ("cat-exit", "D", "出入境", "Exit and entry", "D区"),
)
DEMO_ORDERS = (  # order_id, title, size, state, compartment, pickup code, holder index
    ("ORD-000001", "营业执照（正副本）", "M", "deposited", "1-3", "246810", 0),
    ("ORD-000002", "不动产权证书", "L", "deposited", "2-1", "135790", 1),
    ("ORD-000003", "居住证", "S", "awaiting_deposit", None, None, 2),
)
DEMO_STAFF = (("S001", "123456"),)


def demo_id_number(index: int) -> str:
    first17 = DEMO_CITIZENS[index][1]
    return first17 + id_check_digit(first17)


def open_store(path: Path) -> sqlite3.Connection:
    """Open (creating and seeding if new) the store at ``path``."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    if db.execute("SELECT COUNT(*) FROM citizens").fetchone()[0] == 0:
        _seed(db)
    return db


def _seed(db: sqlite3.Connection) -> None:
    db.execute("BEGIN")
    for index, (ref, _first17, name, phone, app_user) in enumerate(DEMO_CITIZENS):
        db.execute("INSERT INTO citizens VALUES (?,?,?,?,?)",
                   (ref, demo_id_number(index), name, phone, app_user))
    db.executemany("INSERT INTO queue_categories VALUES (?,?,?,?,?)", DEMO_CATEGORIES)
    for order_id, title, size, state, compartment, code, holder in DEMO_ORDERS:
        db.execute("INSERT INTO pickup_orders VALUES (?,?,?,?,?,?,?)",
                   (order_id, title, size, state, compartment, code, demo_id_number(holder)))
    db.executemany("INSERT INTO staff VALUES (?,?)", DEMO_STAFF)
    db.execute("COMMIT")


def next_number(db: sqlite3.Connection, name: str) -> int:
    """The next value of a named counter (call inside a transaction)."""
    db.execute("INSERT INTO counters VALUES (?, 1) ON CONFLICT(name) DO UPDATE "
               "SET value = value + 1", (name,))
    return db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0]


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
