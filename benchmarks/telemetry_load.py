"""Simulated terminals for ``benchmarks/telemetry.py``: thousands of MQTT clients in one process.

Each client is a real paho client speaking the govkiosk contract (retained birth and will with
bdSeq, health with seq), driven by one selector loop instead of a thread per client. Health is
sent every ``interval`` seconds, spread evenly; a fault (printer out of paper) is injected at a
fixed rate, reported at once as a health message and cleared ``heal_s`` later.
"""

from __future__ import annotations

import json
import random
import selectors
import time
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

PREFIX = "govkiosk/v1"
MACHINE = {
    "disk_free_mb": 61234,
    "disk_used_pct": 41.5,
    "memory_used_pct": 37.2,
    "rss_mb": 180,
    "cpu_pct": 12.5,
    "process_cpu_pct": 6.1,
    "network_up": ["eth0"],
}


@dataclass
class Sim:
    client: mqtt.Client
    terminal: str
    site: str
    seq: int = 0
    fault_until: float = 0.0
    devices: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"{PREFIX}/{self.site}/{self.terminal}"

    def send(self, kind: str, body: dict, retain: bool = False) -> None:
        self.seq = (self.seq + 1) % 256 if kind != "birth" else 0
        topic = f"{self.base}/{'state' if kind == 'birth' else kind}"
        payload = {"seq": self.seq, "bdSeq": 0, "ts": _iso(time.time()), **body}
        self.client.publish(
            topic, json.dumps(payload, separators=(",", ":")), qos=1, retain=retain
        )  # written at once outside callbacks, else by _pump

    def health(self, uptime: int) -> None:
        self.send(
            "health",
            {
                "uptime_s": uptime,
                "devices": self.devices,
                "lockers": {},
                "machine": MACHINE,
                "outbox": {"pending": 0, "parked": 0},
                "catalogue": {"version": 42, "age_s": 3600},
            },
        )


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1000):03d}Z"


def _devices(paper: str) -> dict:
    printer = {
        "class": "printer",
        "state": "online" if paper == "ok" else "user_error",
        "paper": paper,
        "cover": "closed",
    }
    if paper == "out":
        printer["last_error"] = "paper_out"
    return {
        "printer": printer,
        "idcard": {"class": "idcard", "state": "online", "card": "absent"},
        "scanner": {"class": "scanner", "state": "online"},
    }


def run(
    first: int,
    count: int,
    port: int,
    interval: float,
    duration: float,
    faults_per_s: float,
    heal_s: float,
    sites: int,
    injected,
    ready,
    go,
) -> None:
    """Connect ``count`` terminals, report ready, then run ``duration`` seconds after ``go``."""
    selector = selectors.DefaultSelector()
    sims: list[Sim] = []
    for n in range(first, first + count):
        sim = _connect(n, port, interval, sites, selector)
        sims.append(sim)
        if len(sims) % 100 == 0:
            _pump(selector, 0)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all(s.client.is_connected() for s in sims):
        _pump(selector, 0.05)
    ready.put(sum(s.client.is_connected() for s in sims))
    go.wait()
    started = time.monotonic()
    rng = random.Random(first)
    next_fault = started + rng.expovariate(faults_per_s) if faults_per_s else float("inf")
    cursor = 0
    while (now := time.monotonic()) < started + duration:
        due = int((now - started) / interval * count)
        while cursor < due:
            sim = sims[cursor % count]
            if sim.fault_until and now >= sim.fault_until:
                sim.fault_until, sim.devices = 0.0, _devices("ok")
            sim.health(int(now - started))
            cursor += 1
        if now >= next_fault:
            next_fault += rng.expovariate(faults_per_s)
            sim = rng.choice([s for s in rng.sample(sims, 8) if not s.fault_until] or sims[:1])
            sim.devices, sim.fault_until = _devices("out"), now + heal_s
            sim.health(int(now - started))
            injected.put((sim.terminal, time.time()))
        _pump(selector, 0.002)
    for sim in sims:
        sim.client.disconnect()
    _pump(selector, 0.5)


def _connect(n: int, port: int, interval: float, sites: int, selector) -> Sim:
    terminal, site = f"LT-{n:05d}", f"site-{n % sites:02d}"
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=terminal, protocol=mqtt.MQTTv5)
    sim = Sim(client, terminal, site, devices=_devices("ok"))
    client.will_set(f"{sim.base}/state", json.dumps({"status": "offline", "bdSeq": 0}), 1, True)

    def on_connect(c, userdata, flags, reason, properties) -> None:
        sim.send(
            "birth",
            {
                "status": "online",
                "terminal": terminal,
                "site": site,
                "site_name": "压测",
                "version": "bench",
                "config_hash": "bench",
                "health_interval_s": interval,
                "catalogue_version": 42,
                "maintenance": False,
            },
            retain=True,
        )
        sim.health(0)

    client.on_connect = on_connect
    client.connect("127.0.0.1", port, keepalive=600)
    selector.register(client.socket(), selectors.EVENT_READ, client)
    return sim


def _pump(selector, timeout: float) -> None:
    for key, _ in selector.select(timeout):
        key.data.loop_read()
        if key.data.want_write():
            key.data.loop_write()
