"""The table: printed, and written into docs/benchmarks.md."""

from __future__ import annotations

import math
import platform
import time

from bench.common import REPO_ROOT, Row

DOC = REPO_ROOT / "docs" / "benchmarks.md"
DASH = "–"
FOOTNOTES = {
    "data": "Our own pages on our own data: the blank app has no overview, caseload or SQL, "
    "so there is no baseline.",
    "push": "The blank app has no push outbox, so there is no baseline.",
    "live": "The blank app has no shared data, so no change of one tab reaches another: "
    "there is no baseline.",
    "export": "The family's ZIP (JSON, FHIR, CSV, HTML) built as the background job does; "
    "the blank app has no export, so there is no baseline.",
}
HEADER = ("Measure", "Gezinsdossier", "Blank Reflex", "Ratio", "Target", "Met")


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return DASH
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if unit in {"ms", "s", "KB", "MB"}:
        digits = 0 if abs(value) >= 100 or (unit == "ms" and abs(value) >= 10) else 1
        if unit == "s" or unit == "MB":
            digits = 2 if abs(value) < 10 else 1
        return f"{value:,.{digits}f} {unit}"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def _cell(value: float | None, value_p95: float | None, unit: str, footnote: str) -> str:
    text = _number(value, unit)
    if value_p95 is not None:
        text += f" (p95 {_number(value_p95, unit)})"
    return text + footnote if value is None else text


def _ratio(row: Row) -> str:
    if row.ours is None or row.blank is None or not row.blank:
        return DASH
    if math.isnan(row.ours) or math.isnan(row.blank):  # e.g. no Lighthouse run counted
        return "n/a"
    ratio = f"{row.ours / row.blank:.2f}x"
    if row.ours_p95 is not None and row.blank_p95:
        ratio += f" (p95 {row.ours_p95 / row.blank_p95:.2f}x)"
    return ratio


def _met(row: Row) -> str:
    return {None: "", True: "yes", False: "**no**"}[row.met]


def table(rows: list[Row]) -> str:
    marks = {section: f"[^{section}]" for section in FOOTNOTES}
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for row in rows:
        metric = row.metric + (f" ({row.note})" if row.note else "")
        cells = (
            metric,
            _cell(row.ours, row.ours_p95, row.unit, ""),
            _cell(row.blank, row.blank_p95, row.unit, marks.get(row.section, "")),
            _ratio(row),
            row.target,
            _met(row),
        )
        lines.append("| " + " | ".join(cells) + " |")
    used = {row.section for row in rows if row.blank is None and row.section in FOOTNOTES}
    notes = [f"{marks[s]}: {FOOTNOTES[s]}" for s in FOOTNOTES if s in used]
    return "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "")


INTRO = (
    "`make bench` (bench/run.py) sets up its own PostgreSQL database, Redis database and "
    "servers on loopback and measures Gezinsdossier and a blank Reflex app (the `blank` "
    "template plus one counter) in the same run. Medians; p95 in brackets where it "
    "applies. The table between the markers is rewritten by every run; the notes below "
    "it are kept."
)
BEGIN, END = "<!-- bench:table -->", "<!-- /bench:table -->"


def write_doc(rows: list[Row], seconds: float) -> None:
    """Replace the table in docs/benchmarks.md; keep the hand-written notes around it."""
    machine = f"{platform.machine()}, {_cpus()} cores, Python {platform.python_version()}"
    block = (
        f"{BEGIN}\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine}; "
        f"`make bench` took {seconds / 60:.1f} minutes.\n\n"
        f"{table(rows)}\n"
        f"{END}"
    )
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{INTRO}\n\n{BEGIN}{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(head + block + tail)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))
