"""Scanned and shown codes: only well-formed, signed, fresh payloads pass; nothing else crashes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.codes import AppCode, InvalidCode, parse_app_code, parse_login_code
from kiosk.result import Err, Ok

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def login_payload(terminal="KIOSK-0001", expires_in=120, key=KEY, session="Qm9vdHN0cmFw") -> str:
    expiry = int((NOW + timedelta(seconds=expires_in)).timestamp())
    text = f"govlogin:1:{terminal}:{session}:0123456789abcdef:{expiry}"
    return f"{text}:{base64.urlsafe_b64encode(key.sign(text.encode())).decode()}"


def reason(result) -> str:
    assert isinstance(result, Err), result
    return result.error.reason


def test_a_signed_fresh_code_for_this_terminal_passes():
    result = parse_login_code(login_payload(), PUBLIC, "KIOSK-0001", NOW)
    assert isinstance(result, Ok)
    assert result.value.session_id == "Qm9vdHN0cmFw"
    assert result.value.expires_at == NOW + timedelta(seconds=120)


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (login_payload(key=Ed25519PrivateKey.generate()), "signature"),
        (login_payload().replace("KIOSK-0001", "KIOSK-0002"), "signature"),  # tampered
        (login_payload(terminal="KIOSK-0002"), "wrong_terminal"),
        (login_payload(expires_in=-1), "expired"),
        (login_payload(expires_in=600), "too_long_lived"),
        (login_payload()[:-3] + "==", "format"),
        ("govlogin:2:" + login_payload()[11:], "format"),
        ("", "empty"),
        ("x" * 513, "too_long"),
        (login_payload() + "\n", "charset"),
        ("govlogin:1:KIOSK-0001:会话", "charset"),
    ],
)
def test_anything_else_is_refused_with_a_reason(payload, why):
    assert reason(parse_login_code(payload, PUBLIC, "KIOSK-0001", NOW)) == why


def test_a_signature_spelled_with_spare_bits_set_is_refused():
    payload = login_payload()
    last = payload[-3]  # the last base64 digit before "==" carries 4 spare bits
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert reason(parse_login_code(payload[:-3] + twin + "==", PUBLIC, "KIOSK-0001", NOW)) == (
        "signature"
    )


def test_without_a_pinned_key_nothing_passes():
    assert reason(parse_login_code(login_payload(), b"", "KIOSK-0001", NOW)) == "no_key"


@pytest.mark.parametrize("code", ["GOVAPP:zhangwei", "GOVAPP:a_b-c", b"GOVAPP:lina"])
def test_app_codes_of_the_right_form_pass(code):
    result = parse_app_code(code)
    assert isinstance(result, Ok) and isinstance(result.value, AppCode)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("GOVAPP:", "format"),
        ("GOVAPP:ab", "format"),
        ("govapp:zhangwei", "format"),
        ("GOVAPP:zhang wei", "charset"),
        ("GOVAPP:张伟", "charset"),
        (b"GOVAPP:\xff\xfe", "charset"),
        ("GOVAPP:" + "a" * 65, "format"),
        ("https://example.com/GOVAPP:zhangwei", "format"),
        ("\x00GOVAPP:zhangwei", "charset"),
    ],
)
def test_other_scans_are_not_valid_codes(code, why):
    assert reason(parse_app_code(code)) == why


@given(st.binary(max_size=700) | st.text(max_size=700))
def test_fuzzed_payloads_never_crash_and_rarely_pass(payload):
    app = parse_app_code(payload)
    login = parse_login_code(payload, PUBLIC, "KIOSK-0001", NOW)
    assert isinstance(login, Err) and isinstance(login.error, InvalidCode)
    if isinstance(app, Ok):
        assert app.value.text.startswith("GOVAPP:") and len(app.value.text) <= 71


@given(st.data())
def test_every_single_byte_change_to_a_valid_login_code_is_refused(data):
    payload = bytearray(login_payload().encode())
    index = data.draw(st.integers(0, len(payload) - 1))
    payload[index] = data.draw(st.integers(0, 255).filter(lambda b: b != payload[index]))
    assert isinstance(parse_login_code(bytes(payload), PUBLIC, "KIOSK-0001", NOW), Err)
