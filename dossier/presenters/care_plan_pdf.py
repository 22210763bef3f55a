"""The care plan as a PDF, "voor in de tas en de ambulance": pure, sections in, bytes out.

`plan_document` turns the sections the viewer may read (the caller read them through
the gate) into words in the viewer's language; `render` lays them out with fpdf2:

* the title "Zorgplan <child's name>";
* on EVERY page a header and a footer "Versie N · <date> · pagina x van y", so a loose
  page still says which version it belongs to;
* each section with its fields; the team and the goals as rows;
* the treatment sections (medical, acute) with "Vastgelegd door … namens … op …" and
  "Het ziekenhuisdossier is leidend".

Font: DejaVu Sans (Debian's fonts-dejavu-core, installed by `make chromium`) prints
Turkish, Polish and other names. When that file is missing, the core Helvetica is used
and every character it cannot print (outside Latin-1) becomes "?": the PDF still opens,
a name may lose a letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from fpdf import FPDF
from fpdf.fonts import FontFace

from dossier.domain.care_plan_print import PrintedPlan, PrintedSection
from dossier.i18n import translate

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
TREATMENT_KEYS = ("medical", "acute")

# The fields of each section, in the order they are printed (the fixed shapes of
# domain/care_plan_sections.py); `team` and the goals of the five domains are rows.
FIELDS: dict[str, tuple[str, ...]] = {
    "details": (
        "with_child_on",
        "with_child_by",
        "with_parents_on",
        "with_practitioner_on",
        "main_practitioner",
        "acp_planned_on",
    ),
    "general": (
        "language",
        "understands_dutch",
        "interpreter",
        "living_situation",
        "culture_faith",
    ),
    "child": ("likes", "communicates", "comforts", "dislikes"),
    "medical": (
        "history",
        "diagnosis",
        "outlook",
        "discussed_how",
        "what_child_knows",
        "allergies",
    ),
    "team": (),
    "physical": ("situation",),
    "psychological": ("situation",),
    "social": ("situation",),
    "pedagogical": ("situation",),
    "spiritual": ("situation",),
    "values": ("important", "hopes", "fears", "quality_of_life", "wishes"),
    "acute": ("resuscitation", "ventilation", "icu", "hospital", "agreed_on", "notes"),
    "end_of_life": ("place", "wishes", "after_death", "aftercare"),
}
DATE_FIELDS = {"with_child_on", "with_parents_on", "with_practitioner_on", "acp_planned_on"}
DATE_FIELDS |= {"agreed_on"}
CHOICE_FIELDS = {"resuscitation", "ventilation", "icu", "hospital", "interpreter"}
GOAL_SECTIONS = {"physical", "psychological", "social", "pedagogical", "spiritual"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PdfSection:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    table_head: tuple[str, ...] = ()  # the team's or the goals' column names
    rows: list[tuple[str, ...]] = field(default_factory=list)
    recorded: str = ""  # treatment sections: "Vastgelegd door … namens … op …"
    leading: str = ""  # treatment sections: "Het ziekenhuisdossier is leidend"
    empty: str = ""  # "Nog niet ingevuld." when nothing was written yet


@dataclass(frozen=True, slots=True, kw_only=True)
class PdfPlan:
    title: str
    running: str  # "Zorgplan Cleo"
    stamp: str  # "Versie 7 · 8 december 2026"
    page_words: str  # "pagina {page} van {pages}"
    intro: str
    sections: list[PdfSection]


def long_day(day: date, lang: str) -> str:
    return format_date(day, "d MMMM y", locale=lang)


def _day(text: Any, lang: str) -> str:
    try:
        return long_day(date.fromisoformat(str(text)), lang) if text else ""
    except ValueError:
        return str(text)


def _value(name: str, value: Any, lang: str) -> str:
    if name in DATE_FIELDS:
        return _day(value, lang)
    if name in CHOICE_FIELDS:
        return translate(lang, f"careplan.pdf.choice.{value}") if value else ""
    if name == "understands_dutch" and isinstance(value, bool):
        return translate(lang, f"careplan.pdf.choice.{'yes' if value else 'no'}")
    return str(value if value is not None else "").strip()


def _label(lang: str, key: str, name: str) -> str:
    label = translate(lang, f"careplan.field.{key}.{name}")
    return label if label != f"careplan.field.{key}.{name}" else name.replace("_", " ")


def section_of(section: PrintedSection, lang: str) -> PdfSection:
    key = section.key
    content = section.content or {}
    fields = [
        (_label(lang, key, name), text)
        for name in FIELDS.get(key, ())
        if (text := _value(name, content.get(name), lang))
    ]
    head: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    if key == "team":
        head = tuple(translate(lang, f"careplan.pdf.team.{n}") for n in ("role", "name", "phone"))
        rows = [
            tuple(str(m.get(n) or "") for n in ("role", "name", "phone"))
            for m in content.get("members") or []
            if isinstance(m, Mapping) and any(m.get(n) for n in ("role", "name", "phone"))
        ]
    elif key in GOAL_SECTIONS:
        names = ("goal", "who", "evaluate_on")
        head = tuple(translate(lang, f"careplan.pdf.goal.{n}") for n in names)
        rows = [
            (str(g.get("goal") or ""), str(g.get("who") or ""), _day(g.get("evaluate_on"), lang))
            for g in content.get("goals") or []
            if isinstance(g, Mapping) and g.get("goal")
        ]
    recorded = leading = ""
    if key in TREATMENT_KEYS and section.number:
        recorded = translate(
            lang,
            "careplan.pdf.recorded",
            who=section.updated_by or translate(lang, "careplan.pdf.someone"),
            behalf=section.on_behalf_of or "-",
            day=long_day(section.updated_on, lang) if section.updated_on else "-",
        )
    if key in TREATMENT_KEYS:
        leading = translate(lang, "careplan.pdf.leading")
    empty = "" if fields or rows else translate(lang, "careplan.pdf.empty")
    return PdfSection(
        title=translate(lang, f"careplan.section.{key}"),
        fields=fields,
        table_head=head if rows else (),
        rows=rows,
        recorded=recorded,
        leading=leading,
        empty=empty,
    )


def plan_document(printed: PrintedPlan, *, printed_on: date, lang: str) -> PdfPlan:
    """The words of the PDF in the viewer's language, for the sections they may read."""
    title = translate(lang, "careplan.pdf.title", name=printed.child_name).strip()
    stamp = translate(
        lang, "careplan.pdf.stamp", edition=printed.edition, day=long_day(printed.version_day, lang)
    )
    return PdfPlan(
        title=title,
        running=title,
        stamp=stamp,
        page_words=translate(lang, "careplan.pdf.page"),
        intro=translate(lang, "careplan.pdf.intro", day=long_day(printed_on, lang)),
        sections=[section_of(s, lang) for s in printed.sections],
    )


# --------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------


def has_dejavu() -> bool:
    return all((FONT_DIR / name).is_file() for name in FONT_FILES.values())


class _Document(FPDF):
    def __init__(self, plan: PdfPlan, *, unicode: bool) -> None:
        super().__init__(format="A4")
        self.plan = plan
        self.unicode = unicode
        self.family = "Helvetica"  # the core font: Latin-1 only (see text_of)
        if unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
            self.family = "DejaVu"
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=20)

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def para(self, height: float, text: str) -> None:
        """A paragraph across the page, left aligned (never justified: wide gaps read badly)."""
        self.multi_cell(0, height, self.text_of(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def header(self) -> None:
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.text_of(f"{self.plan.running} · {self.plan.stamp}"), align="R")
        self.ln(8)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 90, 90)
        pages = self.plan.page_words.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, self.text_of(f"{self.plan.stamp} · {pages}"), align="C")
        self.set_text_color(0, 0, 0)


def render(plan: PdfPlan, *, unicode: bool | None = None) -> bytes:
    """The PDF's bytes; DejaVu Sans when its files are there (`unicode`), else Helvetica
    with what it cannot print replaced."""
    pdf = _Document(plan, unicode=has_dejavu() if unicode is None else unicode)
    family = pdf.family
    pdf.alias_nb_pages("{nb}")
    pdf.set_title(pdf.text_of(plan.title))
    pdf.set_lang("nl")
    pdf.set_creator("Gezinsdossier")
    pdf.add_page()
    pdf.set_font(family, "B", 18)
    pdf.para(9, plan.title)
    pdf.set_font(family, "", 10)
    pdf.para(5, f"{plan.stamp}. {plan.intro}")
    pdf.ln(3)
    for section in plan.sections:
        _section(pdf, family, section)
    return bytes(pdf.output())


def _section(pdf: _Document, family: str, section: PdfSection) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(family, "B", 13)
    pdf.para(7, section.title)
    pdf.set_draw_color(180, 180, 180)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    if section.leading:
        pdf.set_font(family, "B", 9)
        pdf.para(5, section.leading)
    if section.recorded:
        pdf.set_font(family, "", 9)
        pdf.para(5, section.recorded)
    if section.leading or section.recorded:
        pdf.ln(1)
    for label, value in section.fields:
        pdf.set_font(family, "B", 10)
        pdf.para(5, label)
        pdf.set_font(family, "", 10)
        pdf.para(5, value)
        pdf.ln(1)
    if section.rows:
        pdf.set_font(family, "", 9)
        with pdf.table(
            headings_style=_heading_style(family),
            line_height=5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row([pdf.text_of(h) for h in section.table_head])
            for row in section.rows:
                table.row([pdf.text_of(cell) for cell in row])
        pdf.ln(1)
    if section.empty:
        pdf.set_font(family, "", 10)
        pdf.set_text_color(90, 90, 90)
        pdf.para(5, section.empty)
        pdf.set_text_color(0, 0, 0)


def _heading_style(family: str) -> FontFace:
    return FontFace(family=family, emphasis="BOLD")
