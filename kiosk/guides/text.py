"""A guide's elements as the sentences shown on screen and printed on paper, per language."""

from __future__ import annotations

from datetime import datetime

from kiosk.guides.model import Fee, Guide, Material
from kiosk.i18n import translate


def time_limit(guide: Guide, language: str) -> str:
    promised, statutory = guide.promised_limit, guide.statutory_limit
    kind = translate(f"guide.day.{promised.kind.value}", language)
    if promised.days == 0:
        return translate("guide.limit.on_the_spot", language, statutory=statutory.days, kind=kind)
    return translate(
        "guide.limit.days", language, promised=promised.days, statutory=statutory.days, kind=kind
    )


def fee(value: Fee, language: str) -> str:
    if not value.charged:
        return translate("guide.fee.free", language)
    return translate("guide.fee.charged", language, standard=value.standard, basis=value.basis)


def material(value: Material, language: str) -> str:
    line = translate(
        "guide.material.line", language, name=value.name, form=value.form.value, copies=value.copies
    )
    return line if value.required else line + translate("guide.material.optional", language)


def contacts(guide: Guide, language: str) -> str:
    return translate(
        "guide.contacts",
        language,
        consultation=guide.consultation_phone,
        supervision=guide.supervision_phone,
    )


def printed_guide_data(
    guide: Guide,
    centre_name: str,
    version: int,
    published_at: str,
    printed_at: datetime,
    language: str = "zh_CN",
) -> dict[str, str | list[str]]:
    """Data of the ``printed_guide`` receipt layout (DB43/T 2422.3 §6.13.1): item name,
    materials, time limit, fee basis and standard, result delivery, consultation channels,
    place and hours, plus catalogue version and print time. ``printed_at`` is local time."""
    return {
        "centre_name": centre_name,
        "item_name": guide.name if language == "zh_CN" else guide.name_en,
        "department": guide.implementing_body,
        "conditions": list(guide.conditions),
        "materials": [material(m, language) for m in guide.materials],
        "time_limit": time_limit(guide, language),
        "fee": fee(guide.fee, language),
        "fee_basis": guide.fee.basis,
        "delivery": guide.result.delivery,
        "place": guide.location,
        "hours": guide.hours,
        "guide_url": guide.online_url,
        "centre_phone": guide.consultation_phone,
        "consultation": contacts(guide, language),
        "catalogue_version": translate(
            "guide.print.version", language, version=version, published=published_at[:10]
        ),
        "printed_at": printed_at.strftime("%Y-%m-%d %H:%M"),
    }


def detail_sections(guide: Guide, language: str) -> list[tuple[str, list[str]]]:
    """The guide as the detail screen shows it: (section title, lines), in reading order."""
    t = lambda key, **values: translate(key, language, **values)
    materials = []
    for m in guide.materials:
        materials.append(material(m, language))
        materials += [t("guide.material.sample", text=m.sample_text)] if m.sample_text else []
        materials += [t("guide.material.error", text=m.error_example)] if m.error_example else []
    situations = [
        s.name
        + (f"：{s.conditions}" if s.conditions else "")
        + ("（" + "、".join(s.extra_materials) + "）" if s.extra_materials else "")
        for s in guide.situations
    ]
    sections = [
        ("guide.section.conditions", list(guide.conditions)),
        ("guide.section.situations", situations),
        ("guide.section.materials", materials),
        (
            "guide.section.process",
            [f"{n}. {s.name}：{s.description}" for n, s in enumerate(guide.process, 1)],
        ),
        ("guide.section.fees", [fee(guide.fee, language)]),
        ("guide.section.time_limits", [time_limit(guide, language)]),
        ("guide.section.result", [guide.result.name, guide.result.delivery]),
        ("guide.section.place", [guide.location, guide.hours]),
        ("guide.section.contacts", [contacts(guide, language)]),
        ("guide.section.legal_basis", [f"{b.title} {b.clause}" for b in guide.legal_basis]),
        ("guide.section.faq", [f"{f.question} {f.answer}" for f in guide.faq]),
    ]
    return [(t(key), lines) for key, lines in sections if lines]
