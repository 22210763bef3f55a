"""Build-time plugins that keep what every page downloads small (issue 18)."""

from dossier.bundling.icons import DynamicIconFound, StaticIconsOnly
from dossier.bundling.radix import LeanRadixThemes, radix_stylesheets

__all__ = ["DynamicIconFound", "LeanRadixThemes", "StaticIconsOnly", "radix_stylesheets"]
