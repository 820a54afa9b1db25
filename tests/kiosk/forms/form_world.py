"""A form journey wired to real parts: the reference platform (bundled catalogue), the outbox
and its worker, the printer simulator over a pty, and the image-folder document camera."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from kiosk.events import EventBus
from kiosk.flows.form import FormFlow
from kiosk.flows.printing import PrintingFlow
from kiosk.forms.model import bundled_forms
from kiosk.forms.notices import NoticeSettings
from kiosk.guides.model import Guide
from kiosk.identity.id_number import check_digit
from kiosk.session import Preferences, Session
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import Outbox
from peripherals.doccam.image_folder import ImageFolderCamera
from peripherals.printer.decode import Page
from peripherals.status import StatusBoard
from platform_sim.testing import SimulatedPlatform
from tests.peripherals.printer.harness import Rig, start_rig

CATALOGUE = Path(__file__).parents[3] / "kiosk/data/catalogue/demo.json"
SETTINGS = NoticeSettings("示范区政务服务中心", "010-12345678", "DEMO-0001")


def id_number(born: str = "19800101", serial: str = "123") -> str:
    first17 = "110105" + born + serial
    return first17 + check_digit(first17)


def guide(code: str) -> Guide:
    items = json.loads(CATALOGUE.read_text(encoding="utf-8"))["items"]
    return Guide.model_validate(next(i for i in items if i["code"] == code))


def page_image() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), "white").save(out, "JPEG")
    return out.getvalue()


@dataclass
class FormWorld:
    sim: SimulatedPlatform
    bus: EventBus
    session: Session
    outbox: Outbox
    worker: OutboxWorker
    rig: Rig
    printing: PrintingFlow
    flow: FormFlow
    camera_dir: Path

    def pages(self) -> list[Page]:
        return self.rig.sim.pages

    def printed_text(self, index: int = -1) -> str:
        """A printed page as one string, lines joined (wrapping undone)."""
        return "".join(line.strip() for line in self.pages()[index].text().splitlines())

    def platform_down(self, down: bool = True) -> None:
        self.sim.server.faults.update(down=down)
        if not down:
            self.worker.retry_now()

    def applications(self) -> list[tuple]:
        return self.sim.rows("SELECT receipt_no, item_code, status, request FROM applications")

    def log_in(self, name: str = "张三", number: str | None = None) -> None:
        """What the ID-card login puts into the session."""
        personal = self.session.personal
        self.session.touch()
        personal.set("name", name)
        personal.set("id_number", number or id_number())
        personal.set("phone", "13800138000")
        personal.source = "idcard"

    def stop(self) -> None:
        self.worker.stop()
        self.outbox.close()
        self.rig.stop()


def build_form_world(sim: SimulatedPlatform, data: Path) -> FormWorld:
    bus = EventBus()
    session = Session(bus, Preferences(), 120, 30)
    outbox = Outbox(data / "outbox.db")
    worker = OutboxWorker(outbox, sim.client(max_attempts=1), bus, retry_min_s=0.05,
                          retry_max_s=0.2).start()
    rig = start_rig()
    printing = PrintingFlow(rig.printer, bus, "zh_CN", "010-12345678")
    camera_dir = data / "doccam"
    camera_dir.mkdir()
    (camera_dir / "page-001.jpg").write_bytes(page_image())
    camera = ImageFolderCamera("doccam", camera_dir, StatusBoard(bus))
    flow = FormFlow(bundled_forms(), session, bus, lambda: outbox, lambda: None, SETTINGS,
                    printing.print_document, camera, now=lambda: datetime.now(UTC), wait_s=2.0)
    return FormWorld(sim, bus, session, outbox, worker, rig, printing, flow, camera_dir)

