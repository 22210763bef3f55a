"""Design tokens in one place: calm colours, large touch targets, room for a thumb."""

import reflex as rx

ACCENT = "teal"
TOUCH_TARGET = "44px"  # above WCAG 2.5.8's 24 px minimum; thumbs need more
BOTTOM_NAV_HEIGHT = "64px"
CONTENT_MAX_WIDTH = "1100px"

page_background = rx.color("gray", 2)
card_style = {
    "background": rx.color("gray", 1),
    "border": f"1px solid {rx.color('gray', 5)}",
    "border_radius": "14px",
    "padding": "16px",
    "width": "100%",
}
muted_text = {"color": rx.color("gray", 11)}
