"""The files of an export ZIP: JSON per kind, CSV per list, a printable HTML overview and a
README, in the asker's language (no Reflex here).

CSV: UTF-8 with a byte order mark and `;` between columns (Dutch Excel opens it as is);
every text cell that starts like a formula (=, +, -, @, tab, CR) gets a leading
apostrophe (checkins_csv.safe_cell). HTML: one self-contained page (no scripts, fonts
or images from elsewhere), every value escaped, with print CSS.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from dossier.clock import local
from dossier.domain.export_data import ExportData, Record
from dossier.i18n import catalogue, translate
from dossier.presenters.checkins_csv import BOM, safe_cell

# The lists that get a CSV, with their columns (keys of the records).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": (
        "id",
        "title",
        "domain",
        "status",
        "assignee",
        "due_on",
        "waiting_for",
        "follow_up_on",
        "notes",
        "created_at",
        "completed_at",
        "deleted_at",
    ),
    "agreements": (
        "id",
        "topic",
        "domain",
        "status",
        "responsible",
        "backup",
        "parents_keep",
        "how",
        "review_on",
        "created_at",
    ),
    "appointments": (
        "id",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "with_whom",
        "attendees",
        "preparation",
        "status",
        "deleted_at",
    ),
    "checkins": (
        "id",
        "created_at",
        "sibling",
        "mood",
        "needs",
        "note",
        "wants_to_talk",
        "talk_to",
    ),
    "my_tasks": ("id", "title", "domain", "status", "due_on", "notes", "created_at"),
    "my_agreements": ("id", "topic", "domain", "status", "how", "review_on"),
    "my_appointments": ("id", "title", "starts_at", "ends_at", "place", "with_whom", "status"),
    "my_checkins": ("id", "created_at", "mood", "needs", "note", "wants_to_talk"),
}


# The overview's columns for kinds without a CSV (the JSON files hold every field).
HTML_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("name", "role", "relation", "organisation", "phone", "status", "created_at"),
    "task_history": ("task_id", "at", "by", "kind", "fields"),
    "agreement_history": ("agreement_id", "at", "by", "kind"),
    "checkin_signals": ("created_at", "sibling", "kind", "picked_up_at"),
    "notifications": ("created_at", "kind", "category", "read_at"),
    "account": ("name", "email", "locale", "created_at", "has_password"),
    "memberships": ("family", "role", "relation", "organisation", "phone", "status", "created_at"),
    "sessions": ("created_at", "last_seen_at", "expires_at", "revoked_at", "ip", "user_agent"),
    "push_devices": ("device_name", "user_agent", "created_at", "last_success_at"),
    "notification_settings": ("quiet_start", "quiet_end", "daily_summary", "summary_at"),
    "access_log": ("at", "action", "object_type", "object_id", "outcome", "ip"),
    "contacts": ("name", "organisation", "kind", "phones", "email", "emergency", "reach_note"),
    "emergency_plan": ("review_on", "updated_at"),
    "emergency_plan_parts": ("key", "section", "updated_at", "proposed_by"),
    "emergency_plan_history": ("part_key", "at", "by", "kind"),
    "admissions": ("started_at", "started_by", "ended_at", "ended_by"),
    "working_hours": ("hours", "note", "updated_at"),
    "absences": ("starts_on", "ends_on", "created_at"),
    "care_plan": ("edition", "review_on", "reevaluate_on", "updated_at"),
    "care_plan_sections": ("key", "number", "visibility", "updated_at", "updated_by"),
    "care_plan_versions": ("section_id", "number", "created_at", "by"),
    "care_plan_consents": ("given_by", "for_child", "given_on", "withdrawn_at"),
    "care_plan_evaluations": ("kind", "reason", "held_on", "recorded_by"),
    "acp_conversations": ("held_on", "leader_name", "created_at"),
    "child_page": ("child", "updated_at"),
    "my_child_page": ("updated_at",),
    "my_care_plan_consents": ("for_child", "given_on", "withdrawn_at"),
}


def json_file(records: Any) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return safe_cell(text)


def csv_file(records: Iterable[Record], columns: tuple[str, ...], lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column_title(lang, c) for c in columns])
    for row in records:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return (BOM + out.getvalue()).encode("utf-8")


def column_title(lang: str, column: str) -> str:
    return catalogue(lang).get(f"mydata.col.{column}", column)


def kind_title(lang: str, kind: str) -> str:
    return catalogue(lang).get(f"mydata.kind.{kind}", kind.replace("_", " "))


def _when(value: Any) -> str:
    """An ISO moment in Amsterdam time; a day stays a day."""
    if not isinstance(value, str) or not value:
        return ""
    if "T" not in value:
        return value
    try:
        return local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


# --------------------------------------------------------------------------------------
# The printable overview
# --------------------------------------------------------------------------------------

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;
margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;
border-bottom:2px solid #0d7a6f;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef6f5}p.meta{color:#444}.empty{color:#555;font-style:italic}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}
tr{break-inside:avoid}th{background:#eee}}
"""


def overview_html(data: ExportData, lang: str, made_at: datetime) -> bytes:
    def t(key: str, **params: object) -> str:
        return translate(lang, f"mydata.html.{key}", **params)

    esc = html.escape
    title = t("title_family" if data.kind == "family" else "title_person")
    stamp = local(made_at).strftime("%Y-%m-%d %H:%M")
    meta = t("meta", family=data.family.get("name", ""), who=data.asker_name, when=stamp)
    parts = [
        f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(meta)}</p>',
    ]
    for kind, records in data.kinds.items():
        columns = CSV_COLUMNS.get(kind) or HTML_COLUMNS.get(kind) or _columns_of(records)
        parts.append(f"<section><h2>{esc(kind_title(lang, kind))} ({len(records)})</h2>")
        if not records:
            parts.append(f'<p class="empty">{esc(t("empty"))}</p></section>')
            continue
        parts.append("<table><thead><tr>")
        parts.extend(f'<th scope="col">{esc(column_title(lang, c))}</th>' for c in columns)
        parts.append("</tr></thead><tbody>")
        for row in records:
            cells = "".join(f"<td>{esc(_html_cell(row, c, lang))}</td>" for c in columns)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</main></body></html>")
    return "".join(parts).encode("utf-8")


def _html_cell(row: Record, column: str, lang: str) -> str:
    value = row.get(column)
    if column == "role" and isinstance(value, str) and value:
        return translate(lang, f"role.{value}")
    return _html_value(value, lang)


def _html_value(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return translate(lang, "mydata.html.yes" if value else "mydata.html.no")
    if isinstance(value, list):
        return ", ".join(_html_value(v, lang) for v in value if not isinstance(v, dict))
    if isinstance(value, dict):
        return ""
    if isinstance(value, str):
        return _when(value) if len(value) >= 19 and value[10:11] == "T" else value
    return str(value)


def _columns_of(records: list[Record]) -> tuple[str, ...]:
    """The simple (not nested) fields of a kind without a fixed column list."""
    if not records:
        return ()
    return tuple(k for k, v in records[0].items() if not isinstance(v, dict | list))


def readme_text(data: ExportData, lang: str, files: Iterable[str], made_at: datetime) -> bytes:
    lines = [
        translate(
            lang,
            "mydata.readme.title_family" if data.kind == "family" else "mydata.readme.title_person",
        ),
        "",
        translate(
            lang,
            "mydata.readme.made",
            who=data.asker_name,
            family=data.family.get("name", ""),
            when=local(made_at).strftime("%Y-%m-%d %H:%M"),
        ),
        "",
        translate(lang, "mydata.readme.files"),
    ]
    for name in sorted(files):
        key = name if name in ("fhir.json", "overzicht.html") else name.rsplit(".", 1)[-1]
        about = catalogue(lang).get(f"mydata.readme.file_{key.replace('.', '_')}", "")
        lines.append(f"- {name}{': ' + about if about else ''}")
    lines += ["", translate(lang, "mydata.readme.privacy"), ""]
    return "\r\n".join(lines).encode("utf-8")
