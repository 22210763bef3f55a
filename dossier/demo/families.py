"""The demo families, in the order they are written (and listed in the accounts)."""

from __future__ import annotations

from dossier.demo.devries import DE_VRIES
from dossier.demo.spec import FamilySpec
from dossier.demo.yilmaz import YILMAZ

FAMILIES: tuple[FamilySpec, ...] = (DE_VRIES, YILMAZ)
