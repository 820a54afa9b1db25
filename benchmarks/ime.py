"""Pinyin input method: dictionary load time and memory, candidate time per keystroke.

    .venv/bin/python benchmarks/ime.py [--root DIR]

In a fresh process: VmRSS before ``kiosk.forms.ime`` is imported and after
``shared_dictionary()``, the wall and CPU time of import plus load, and the median and maximum
time of ``PinyinInput.shown()`` after each letter of common inputs. ``--root`` takes the
package from another checkout, to compare with an older version
(``git archive REV kiosk | tar -x -C /tmp/old`` then ``--root /tmp/old``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("shebao", "shenfenzheng", "beijing", "yinhang", "juzhuzheng", "chaoyangqu", "zhang",
          "lv", "shi", "gongjijin", "hukou", "jiashizheng", "zhangsan", "xiaoming", "shebaoka")

PROBE = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

before = rss_kb()
wall, cpu = time.perf_counter(), time.process_time()
from kiosk.forms.ime import PinyinInput, shared_dictionary
words = shared_dictionary()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
after = rss_kb()
times = []
for letters in json.loads(sys.argv[2]):
    ime = PinyinInput(words)
    for letter in letters:
        ime.type(letter)
        start = time.perf_counter()
        ime.shown()
        times.append(time.perf_counter() - start)
print(json.dumps({"load_wall_s": round(wall, 3), "load_cpu_s": round(cpu, 3),
                  "rss_before_mb": round(before / 1024, 1), "rss_after_mb": round(after / 1024, 1),
                  "rss_increase_mb": round((after - before) / 1024, 1),
                  "keystrokes": len(times),
                  "keystroke_median_ms": round(statistics.median(times) * 1000, 3),
                  "keystroke_max_ms": round(max(times) * 1000, 3)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    out = subprocess.run([sys.executable, "-c", PROBE, str(args.root.resolve()), json.dumps(INPUTS)],
                         check=True, capture_output=True, text=True, cwd=args.root).stdout
    print(json.dumps(json.loads(out), indent=2))


if __name__ == "__main__":
    main()
