"""Text people type: what is saved must read the same as what is shown.

Invisible characters make a text lie. A right-to-left override (U+202E) turns
'RTL \u202egnp.exe' into 'RTL exe.png' on screen; a zero-width space (U+200B) makes two
titles look the same while they differ, or a title look empty while it is not.

- Titles and names (one line: a task's title, a person's name, "wacht op", a place)
  may hold no format characters at all (Unicode category Cf: zero-width spaces and
  joiners, bidi controls, soft hyphens) and no control characters (Cc), and need at
  least one character a reader can see.
- Notes (free text over several lines) refuse only the bidi controls and the control
  characters other than tab and line breaks. They keep the zero-width joiner (U+200D)
  that glues an emoji like 👨‍👩‍👧 together.

Callers keep their own "required" and "too long" checks; these functions only say
whether the characters are fine, as the catalogue key to show (or None).
"""

from __future__ import annotations

import unicodedata

INVISIBLE = "error.invisible_text"

# Unicode's Bidi_Control characters: they reorder the text around them on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f"  # Arabic letter mark, left-to-right mark, right-to-left mark
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates, pop
)
# Letters and symbols that draw as nothing (fillers, the blank braille pattern).
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
NOTE_CONTROLS_KEPT = frozenset("\t\n\r")


def is_visible(char: str) -> bool:
    """A letter, digit, punctuation mark or symbol that draws something on its own."""
    return unicodedata.category(char)[0] in "LNPS" and char not in BLANKS


def _hidden_in_line(char: str) -> bool:
    # Cf: format; Cc: control; Cs: half of a surrogate pair, alone (no real character).
    # Unassigned code points (Cn) pass: a phone may know newer emoji than this Python.
    return unicodedata.category(char) in ("Cf", "Cc", "Cs")


def line_problem(text: str) -> str | None:
    """`INVISIBLE` when a title or name holds an invisible character, or nothing visible.

    Empty text is the caller's "required" rule, so it passes here.
    """
    if not text:
        return None
    if any(_hidden_in_line(char) for char in text) or not any(map(is_visible, text)):
        return INVISIBLE
    return None


def note_problem(text: str) -> str | None:
    """`INVISIBLE` when a note holds a bidi control or a control character."""
    for char in text:
        if char in BIDI_CONTROLS:
            return INVISIBLE
        category = unicodedata.category(char)
        if (category == "Cc" and char not in NOTE_CONTROLS_KEPT) or category == "Cs":
            return INVISIBLE
    return None


def visible_line(text: str) -> str:
    """Text from elsewhere (an identity provider's name) as one clean line: invisible
    characters dropped, spaces tidied; "" when nothing visible is left."""
    kept = "".join(char for char in text if not _hidden_in_line(char))
    line = " ".join(kept.split())
    return line if any(map(is_visible, line)) else ""
