"""The demo people, by person key, and their personal check-in settings.

Every person is a demo user; the families (`devries`, `yilmaz`) refer to them by key.
"""

from __future__ import annotations

from dossier.demo.spec import Person
from dossier.models import Reminder

PEOPLE: dict[str, Person] = {
    "anna": Person("Anna de Vries", "anna.devries"),
    "mark": Person("Mark de Vries", "mark.devries"),
    "lotte": Person("Lotte de Vries", "lotte.devries", age=14, days_since_birthday=131),
    "daan": Person("Daan de Vries", "daan.devries", age=9, days_since_birthday=47),
    # One hospital case manager with a caseload of both families.
    "sanne": Person("Sanne Jansen", "sanne.jansen"),
    "femke": Person("Femke Bos", "femke.bos"),
    "visser": Person("Karin Visser", "karin.visser"),
    "elif": Person("Elif Yilmaz", "elif.yilmaz"),
    "murat": Person("Murat Yilmaz", "murat.yilmaz"),
    "emre": Person("Emre Yilmaz", "emre.yilmaz", age=11, days_since_birthday=212),
    # Issue 20: the ill child of Gezin Yilmaz, 13, with her own account (her own page).
    "ayla": Person("Ayla Yilmaz", "ayla.yilmaz", age=13, days_since_birthday=95),
    "rik": Person("Rik Willems", "rik.willems"),
}

KCT = "Kinder Comfort Team, kinderziekenhuis"

# How often a gentle reminder comes, and the default a sibling of 12+ chose themself.
REMINDERS = {"daan": Reminder.TWICE_WEEKLY, "lotte": Reminder.WEEKLY, "emre": Reminder.WEEKLY}
OWN_DEFAULTS = {"lotte": ["parents", "cm_home"]}
