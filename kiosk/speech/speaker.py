"""Text-to-speech adapters. espeak-ng synthesises (voices ``cmn`` and ``en``), aplay plays.

A new utterance interrupts the one being spoken, as a screen reader does. Playback goes to the
loudspeaker device or, in headset mode, to the headset device (ALSA names). Output ``file:DIR``
writes each utterance as a numbered WAV file instead (tests and headless demos).
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

VOICES = {"zh_CN": "cmn", "en": "en"}
BASE_WPM = 160  # espeak-ng words per minute at rate 1.0
RATES = tuple(0.5 + 0.25 * i for i in range(7))  # 0.5× … 2×
VOLUME_STEPS_DB = tuple(-21 + 3 * i for i in range(8))  # 8 steps of 3 dB, 21 dB range
DEFAULT_VOLUME_STEP = 5


@dataclass(frozen=True)
class Voice:
    """How to speak: rate multiplier, volume step index, and whether to use the headset."""

    rate: float = 1.0
    volume_step: int = DEFAULT_VOLUME_STEP
    headset: bool = False

    def __post_init__(self) -> None:
        if self.rate not in RATES:
            raise ValueError(f"rate must be one of {RATES}")
        if not 0 <= self.volume_step < len(VOLUME_STEPS_DB):
            raise ValueError(f"volume step must be 0..{len(VOLUME_STEPS_DB) - 1}")

    @property
    def words_per_minute(self) -> int:
        return round(BASE_WPM * self.rate)

    @property
    def amplitude(self) -> int:
        """espeak-ng amplitude (0–200, linear): full scale at the top step."""
        return round(200 * 10 ** (VOLUME_STEPS_DB[self.volume_step] / 20))


class Speaker(Protocol):
    def say(self, text: str, language: str, voice: Voice) -> None:
        """Speak ``text`` now, interrupting whatever is being spoken."""

    def stop(self) -> None:
        """Stop speaking (the citizen left, or turned voice off)."""


class EspeakSpeaker:
    """espeak-ng in a worker thread, so the UI never waits for speech."""

    def __init__(self, device: str = "default", headset_device: str = "default") -> None:
        self._device = device
        self._headset_device = headset_device
        self._queue: queue.Queue[tuple[str, str, Voice] | None] = queue.Queue()
        self._playing: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._count = 0
        self._failed_once = False
        self._worker = threading.Thread(target=self._run, name="speech", daemon=True)
        self._worker.start()

    def say(self, text: str, language: str, voice: Voice) -> None:
        self.stop()
        self._queue.put((text, language, voice))

    def stop(self) -> None:
        while not self._queue.empty():
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        with self._lock:
            if self._playing and self._playing.poll() is None:
                self._playing.kill()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                self._speak(*item)
            except (OSError, subprocess.SubprocessError) as exc:
                if not self._failed_once:  # say it once, not for every utterance
                    log.warning("speech output failed", extra={"error": str(exc)})
                    self._failed_once = True

    def _speak(self, text: str, language: str, voice: Voice) -> None:
        command = [
            "espeak-ng", "-v", VOICES[language], "-s", str(voice.words_per_minute),
            "-a", str(voice.amplitude), "--stdout", text,
        ]
        wav = subprocess.run(command, capture_output=True, check=True, timeout=30).stdout
        device = self._headset_device if voice.headset else self._device
        if device.startswith("file:"):
            folder = Path(device.removeprefix("file:"))
            folder.mkdir(parents=True, exist_ok=True)
            self._count += 1
            (folder / f"{self._count:04d}-{language}.wav").write_bytes(wav)
            return
        if shutil.which("aplay") is None:
            raise OSError("aplay not found (install alsa-utils)")
        with self._lock:
            self._playing = subprocess.Popen(
                ["aplay", "-q", "-D", device], stdin=subprocess.PIPE, stderr=subprocess.PIPE
            )
        _out, err = self._playing.communicate(wav, timeout=120)
        if self._playing.returncode not in (0, -9):
            raise OSError(f"aplay -D {device}: {err.decode(errors='replace').strip()}")
