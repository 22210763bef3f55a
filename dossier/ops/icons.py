"""The app's icons, drawn with Pillow from one mark: a house with a heart in it, no text.

`dossier icons` writes them to assets/icons/ (served at /icons/...):

* icon-192.png, icon-512.png  purpose "any": a rounded teal tile on a transparent ground
* maskable-512.png            purpose "maskable": full-bleed teal, the mark inside the
                              central 80% circle (the safe zone every launcher keeps)
* apple-touch-icon.png        180 px, full-bleed and opaque (iOS rounds the corners)
* favicon-32.png              the tab icon
* badge-96.png                the notification badge: the house in white on transparent,
                              the heart cut out (Android shows only the shape, tinted)

Everything is drawn at 4x and scaled down once, so the edges are smooth, and the output
depends only on this code and Pillow: running it again gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (15, 118, 110)  # #0f766e: the background, the app's accent (AA with white)
CREAM = (247, 244, 236)  # the house
SAGE = (143, 185, 160)  # the heart
SUPERSAMPLE = 4
SAFE_ZONE = 0.8  # maskable icons: the mark stays inside the central circle of this diameter

ICONS_DIR = Path(__file__).resolve().parents[2] / "assets" / "icons"


@dataclass(frozen=True, slots=True)
class IconSpec:
    name: str
    size: int
    maskable: bool  # full bleed and opaque (maskable, apple-touch) or a tile on transparent
    badge: bool = False  # one colour on transparent, for the status bar


SPECS = (
    IconSpec("icon-192.png", 192, maskable=False),
    IconSpec("icon-512.png", 512, maskable=False),
    IconSpec("maskable-512.png", 512, maskable=True),
    IconSpec("apple-touch-icon.png", 180, maskable=True),
    IconSpec("favicon-32.png", 32, maskable=False),
    IconSpec("badge-96.png", 96, maskable=False, badge=True),
)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)

# The mark in its own coordinates: x and y run from -1 to 1, y downwards. Its farthest
# point from the centre is a bottom corner of the house, at sqrt(0.7² + 0.85²) ≈ 1.10.
MARK_RADIUS = 1.10
ROOF = ((-0.95, -0.12), (0.0, -0.95), (0.95, -0.12))
BODY = (-0.7, -0.3, 0.7, 0.85)
HEART_LOBES = ((-0.2, 0.2), (0.2, 0.2))
HEART_LOBE_RADIUS = 0.22
HEART_POINT = ((-0.415, 0.27), (0.415, 0.27), (0.0, 0.68))


def draw_mark(
    draw: ImageDraw.ImageDraw,
    centre: tuple[float, float],
    scale: float,
    colours: tuple[tuple[int, ...], tuple[int, ...]] = (CREAM, SAGE),
) -> None:
    """The house and heart, `scale` pixels per mark unit, around `centre`."""
    cx, cy = centre
    house, heart = colours

    def point(x: float, y: float) -> tuple[float, float]:
        return (cx + x * scale, cy + y * scale)

    draw.polygon([point(x, y) for x, y in ROOF], fill=house)
    left, top = point(BODY[0], BODY[1])
    right, bottom = point(BODY[2], BODY[3])
    draw.rounded_rectangle((left, top, right, bottom), radius=0.12 * scale, fill=house)
    for x, y in HEART_LOBES:
        r = HEART_LOBE_RADIUS * scale
        px, py = point(x, y)
        draw.ellipse((px - r, py - r, px + r, py + r), fill=heart)
    draw.polygon([point(x, y) for x, y in HEART_POINT], fill=heart)


def render(spec: IconSpec) -> Image.Image:
    big = spec.size * SUPERSAMPLE
    centre = (big / 2, big / 2)
    if spec.badge:
        # Drawing with CLEAR replaces pixels (no blending), so the heart becomes a hole.
        image = Image.new("RGBA", (big, big), CLEAR)
        draw_mark(ImageDraw.Draw(image), centre, 0.46 * big / MARK_RADIUS, (WHITE, CLEAR))
    elif spec.maskable:
        image = Image.new("RGB", (big, big), TEAL)
        # 0.36 of the size: the mark's farthest point lands at 0.396 of the size from
        # the centre, inside the safe zone's radius of 0.4 with a margin for smoothing.
        scale = 0.36 * big / MARK_RADIUS
        draw_mark(ImageDraw.Draw(image), centre, scale)
    else:
        image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        inset = round(big * 0.04)
        draw.rounded_rectangle(
            (inset, inset, big - inset - 1, big - inset - 1), radius=big * 0.2, fill=TEAL
        )
        draw_mark(draw, centre, 0.4 * big / MARK_RADIUS)
    return image.resize((spec.size, spec.size), Image.Resampling.LANCZOS)


def png_bytes(spec: IconSpec) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    render(spec).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_icons(directory: Path = ICONS_DIR) -> list[Path]:
    """Writes every icon (only where the bytes changed) and returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = directory / spec.name
        data = png_bytes(spec)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written
