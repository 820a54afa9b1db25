"""Voice guidance: real espeak-ng speech at the citizen's rate and volume, and what is said."""

from __future__ import annotations

import time
import wave

import pytest

from kiosk.events import EventBus, IdleWarning
from kiosk.flows.accessibility import AccessibilityPanel
from kiosk.session import Preferences, Session
from kiosk.speech.reader import ScreenReader
from kiosk.speech.speaker import RATES, VOLUME_STEPS_DB, EspeakSpeaker, Voice
from tests.conftest import FakeClock
from tests.fakes.speaker import RecordingSpeaker


def _wait_for_files(folder, count, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.wav"))
        if len(files) >= count:
            return files
        time.sleep(0.05)
    raise AssertionError(f"only {len(list(folder.glob('*.wav')))} utterances written")


def _seconds(path) -> float:
    """Length of speech; espeak-ng streams, so its header has no frame count: use the size."""
    with wave.open(str(path)) as wav:
        bytes_per_second = wav.getframerate() * wav.getnchannels() * wav.getsampwidth()
    return (path.stat().st_size - 44) / bytes_per_second


def test_espeak_speaks_mandarin_and_english_and_rate_changes_the_duration(tmp_path):
    speaker = EspeakSpeaker(device=f"file:{tmp_path}")
    sentence = "请将身份证放在读卡区"
    speaker.say(sentence, "zh_CN", Voice(rate=1.0))
    _wait_for_files(tmp_path, 1)
    speaker.say(sentence, "zh_CN", Voice(rate=2.0))
    _wait_for_files(tmp_path, 2)
    speaker.say("Please place your ID card on the reader", "en", Voice(rate=0.5))
    normal, fast, english_slow = _wait_for_files(tmp_path, 3)

    assert _seconds(normal) > 1.0
    assert 0.35 < _seconds(fast) / _seconds(normal) < 0.7
    assert english_slow.name.endswith("-en.wav") and _seconds(english_slow) > _seconds(normal)


def test_headset_mode_uses_the_headset_device(tmp_path):
    speaker = EspeakSpeaker(device=f"file:{tmp_path / 'loud'}", headset_device=f"file:{tmp_path / 'ear'}")
    speaker.say("耳机", "zh_CN", Voice(headset=True))
    _wait_for_files(tmp_path / "ear", 1)
    assert not (tmp_path / "loud").exists()


def test_voice_ranges_follow_the_standards():
    assert RATES[0] == 0.5 and RATES[-1] == 2.0 and all(
        b - a == 0.25 for a, b in zip(RATES, RATES[1:]))
    steps = [b - a for a, b in zip(VOLUME_STEPS_DB, VOLUME_STEPS_DB[1:])]
    assert max(steps) <= 10 and VOLUME_STEPS_DB[-1] - VOLUME_STEPS_DB[0] >= 12
    with pytest.raises(ValueError):
        Voice(rate=2.25)


@pytest.fixture
def reader_world():
    bus, speaker = EventBus(), RecordingSpeaker()
    session = Session(bus, Preferences(), 120, 30, FakeClock())
    reader = ScreenReader(bus, session, speaker)
    return bus, session, reader, speaker, AccessibilityPanel(session, reader)


def test_nothing_is_spoken_until_voice_guidance_is_on(reader_world):
    _bus, _session, reader, speaker, panel = reader_world
    reader.say("欢迎")
    assert speaker.said == []
    panel.toggle("voice")
    assert speaker.texts == ["语音播报已开启。使用方向键移动，确认键选择。"]


def test_settings_are_spoken_in_the_citizens_language_rate_and_volume(reader_world):
    _bus, session, _reader, speaker, panel = reader_world
    panel.toggle("voice")
    session.set_preferences(language="en")
    panel.change_rate(+2)
    panel.change_volume(-1)
    text, language, voice = speaker.said[-1]
    assert text == "Volume 5 of 8" and language == "en"
    assert voice.rate == 1.5 and voice.volume_step == 4
    assert speaker.texts[-2] == "Speech rate 1.5 times"
    panel.change_rate(+10)
    assert session.preferences.speech_rate == 2.0  # clamped at the top of the range


def test_masked_entry_never_reads_the_digit(reader_world):
    _bus, _session, reader, speaker, panel = reader_world
    panel.toggle("voice")
    reader.masked_entry()
    assert speaker.texts[-1] == "已输入一位"


def test_idle_warning_is_spoken_when_it_appears_and_near_the_end(reader_world):
    bus, _session, _reader, speaker, panel = reader_world
    panel.toggle("voice")
    for seconds in (90, 89, 30, 10, 9, 5):
        bus.publish(IdleWarning(seconds_left=seconds))
    warnings = [t for t in speaker.texts if t.startswith("您还在操作吗")]
    assert len(warnings) == 3
    assert "90 秒" in warnings[0] and "10 秒" in warnings[1] and "5 秒" in warnings[2]


def test_turning_voice_off_stops_speech(reader_world):
    _bus, _session, _reader, speaker, panel = reader_world
    panel.toggle("voice")
    stops = speaker.stops
    panel.toggle("voice")
    assert speaker.stops > stops
