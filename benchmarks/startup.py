"""Start-up time and idle memory of the kiosk, measured beside a minimal Kivy hello-world.

Both run headless (SDL offscreen, software GL) at the demo's 1920×1080 in fresh processes,
alternating, several times. "Start-up" is the wall time from launching the interpreter to the
first frame flipped to the screen (the home screen for the kiosk); "idle RSS" is resident
memory three seconds later. Targets: at most 1.5 × the hello-world's time, at most 150 MB.

    .venv/bin/python benchmarks/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PROBE = textwrap.dedent(
    """
    import screens  # sets the Kivy environment (no console log, no argument parsing) for both
    from kivy.clock import Clock

    def _frame_probe(_dt):
        from kivy.core.window import Window

        def flipped(*_args):
            Window.unbind(on_flip=flipped)
            print("FIRST_FRAME", flush=True)
            Clock.schedule_once(_idle_probe, 3.0)
        Window.bind(on_flip=flipped)

    def _idle_probe(_dt):
        from kivy.app import App
        rollup = dict(l.split(":") for l in open("/proc/self/smaps_rollup").read().splitlines()[1:])
        kb = {k: int(v.split()[0]) for k, v in rollup.items()}
        print(f"IDLE_RSS_KB {kb['Rss']} {kb['Anonymous']}", flush=True)
        App.get_running_app().stop()

    Clock.schedule_once(_frame_probe, 0)
    """
)

HELLO = PROBE + textwrap.dedent(
    """
    from kivy.config import Config
    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from kivy.app import App
    from kivy.uix.label import Label

    class Hello(App):
        def build(self):
            return Label(text="Hello, world")

    Hello().run()
    """
)

KIOSK = PROBE + textwrap.dedent(
    """
    from kiosk.app import build_core
    from kiosk.config import DEMO_CONFIG, load_config
    from kiosk.fonts import find_cjk_font
    from screens.launch import run_kiosk

    config = load_config(DEMO_CONFIG)
    run_kiosk(build_core(config, demo=True), find_cjk_font(config.cache_dir),
              headless=True, screenshot_dir=None)
    """
)


def measure(program: str) -> tuple[float, int, int]:
    """Seconds from launch to the first frame; idle resident and anonymous memory in kB."""
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen"}
    with tempfile.TemporaryDirectory() as folder:  # Kivy wants an App's source file
        script = Path(folder) / "probe.py"
        script.write_text(program, encoding="utf-8")
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
        )
        return _read_probe(child, started)


def _read_probe(child: subprocess.Popen, started: float) -> tuple[float, int, int]:
    first_frame = rss_kb = anon_kb = None
    for line in child.stdout:
        if line.startswith("FIRST_FRAME"):
            first_frame = time.perf_counter() - started
        elif line.startswith("IDLE_RSS_KB"):
            rss_kb, anon_kb = (int(v) for v in line.split()[1:])
    if child.wait(timeout=60) != 0 or first_frame is None or rss_kb is None:
        raise SystemExit(f"probe failed (exit {child.returncode})")
    return first_frame, rss_kb, anon_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    measure(KIOSK)  # warm the font cache and the OS page cache, not counted
    hello, kiosk = [], []
    for _ in range(runs):
        hello.append(measure(HELLO))
        kiosk.append(measure(KIOSK))
    h_time, h_rss, h_anon = (statistics.median(run[i] for run in hello) for i in range(3))
    k_time, k_rss, k_anon = (statistics.median(run[i] for run in kiosk) for i in range(3))
    print(f"runs: {runs} each, medians (software GL: Mesa llvmpipe, SDL offscreen, 1920x1080)")
    print(f"{'':12} {'first frame':>12} {'idle RSS':>10} {'of it anonymous':>16}")
    for name, (t, rss, anon) in (("hello-world", (h_time, h_rss, h_anon)),
                                 ("kiosk home", (k_time, k_rss, k_anon))):
        print(f"{name:12} {t * 1000:9.0f} ms {rss / 1024:7.1f} MB {anon / 1024:13.1f} MB")
    ratio = k_time / h_time
    print(f"start-up ratio kiosk / hello-world: {ratio:.2f} (target <= 1.50): "
          + ("met" if ratio <= 1.5 else "NOT met"))
    print(f"idle RSS {k_rss / 1024:.1f} MB (target <= 150): "
          + ("met" if k_rss <= 150 * 1024 else "NOT met")
          + f"; the kiosk adds {(k_rss - h_rss) / 1024:.1f} MB to the hello-world's"
          f" {h_rss / 1024:.1f} MB (Kivy on the software renderer)")


if __name__ == "__main__":
    main()
