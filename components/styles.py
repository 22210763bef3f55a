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

# A checkbox or radio with its label: the whole row is the tap target.
check_row = {
    "display": "flex",
    "align_items": "center",
    "gap": "10px",
    "min_height": TOUCH_TARGET,
    "cursor": "pointer",
}
checkbox_style = {
    "width": "20px",
    "height": "20px",
    "accent_color": "var(--teal-9)",
    "flex": "none",
}
# A link that looks like a soft button (downloads, calendar links).
link_button = {
    "display": "inline-flex",
    "align_items": "center",
    "gap": "8px",
    "min_height": TOUCH_TARGET,
    "padding": "0 14px",
    "border_radius": "8px",
    "background": rx.color("teal", 3),
    "color": rx.color("teal", 11),
    "font_weight": "500",
    "font_size": "14px",
    "text_decoration": "none",
}
