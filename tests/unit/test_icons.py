"""The app icons: sizes, modes, the maskable safe zone, and the same bytes every run."""

from __future__ import annotations

import math
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from dossier.ops.icons import ICONS_DIR, SAFE_ZONE, SPECS, TEAL, png_bytes, write_icons

EXPECTED = {
    "icon-192.png": (192, "RGBA"),
    "icon-512.png": (512, "RGBA"),
    "maskable-512.png": (512, "RGB"),
    "apple-touch-icon.png": (180, "RGB"),
    "favicon-32.png": (32, "RGBA"),
    "badge-96.png": (96, "RGBA"),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("icons")
    return {path.name: path for path in write_icons(directory)}


def test_every_icon_has_its_size_and_mode(written: dict[str, Path]) -> None:
    assert set(written) == set(EXPECTED)
    for name, (size, mode) in EXPECTED.items():
        with Image.open(written[name]) as image:
            assert image.format == "PNG"
            assert image.size == (size, size), name
            assert image.mode == mode, name


@pytest.mark.parametrize("name", ["maskable-512.png", "apple-touch-icon.png"])
def test_full_bleed_icons_keep_the_mark_inside_the_safe_zone(
    written: dict[str, Path], name: str
) -> None:
    with Image.open(written[name]) as image:
        pixels = image.load()
        size = image.width
        radius = SAFE_ZONE * size / 2
        centre = size / 2
        outside = mark = 0
        for y in range(size):
            for x in range(size):
                distance = math.hypot(x + 0.5 - centre, y + 0.5 - centre)
                if distance > radius:
                    outside += 1
                    assert pixels[x, y] == TEAL, f"{name}: mark at ({x}, {y}) outside"
                elif pixels[x, y] != TEAL:
                    mark += 1
        assert outside > 0
        assert mark > 0.15 * size * size  # the mark is really there, and not tiny


def test_the_any_icons_are_a_tile_on_a_transparent_ground(written: dict[str, Path]) -> None:
    with Image.open(written["icon-512.png"]) as image:
        assert image.getpixel((0, 0))[3] == 0  # rounded corner: transparent
        assert image.getpixel((256, 40))[:3] == TEAL  # the tile, above the roof


def test_drawing_again_gives_the_same_bytes(written: dict[str, Path], tmp_path: Path) -> None:
    again = {path.name: path.read_bytes() for path in write_icons(tmp_path)}
    assert again == {name: path.read_bytes() for name, path in written.items()}
    for spec in SPECS:
        assert png_bytes(spec) == again[spec.name]


def test_the_committed_icons_are_up_to_date() -> None:
    """assets/icons/ holds what `dossier icons` draws (run it after changing the mark)."""
    for spec in SPECS:
        path = ICONS_DIR / spec.name
        assert path.is_file(), f"{path} is missing: run `dossier icons`"
        assert path.read_bytes() == png_bytes(spec), f"{path} is stale: run `dossier icons`"
        with Image.open(BytesIO(path.read_bytes())) as image:
            assert image.size == (spec.size, spec.size)


def test_the_badge_is_one_colour_with_the_heart_cut_out(written: dict[str, Path]) -> None:
    """Android draws only the badge's alpha: every visible pixel white, the heart a hole."""
    with Image.open(written["badge-96.png"]) as image:
        pixels = image.load()
        visible = [
            pixels[x, y]
            for x in range(image.width)
            for y in range(image.height)
            if pixels[x, y][3] > 0
        ]
        heart_centre = pixels[image.width // 2, round(image.height * 0.58)]
    assert visible, "the badge is empty"
    assert all(rgba[:3] == (255, 255, 255) for rgba in visible if rgba[3] == 255)
    assert heart_centre[3] == 0  # the heart is cut out of the house
