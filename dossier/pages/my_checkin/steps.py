"""Mijn check-in: a brother or sister says how they are, what would help, and who may read it.

One scrolling screen with five numbered steps, then a clear "Versturen". The screen says
who will read the answer before it is sent (a live sentence that follows every tick),
thanks the sibling afterwards with the same words, and shows the sibling's own faces of
the last weeks. There is no shell navigation: a sibling who came with a personal link
only ever sees this screen; one with their own account gets a link to the overview.
"""

from __future__ import annotations

import reflex as rx

from components.checkin_form import choice_tile, face_choice, picture, step, step_error
from components.connectivity import connection_notices
from components.mood import MOOD_COLORS, MOOD_ICONS, mood_face
from components.styles import page_background
from dossier import routes
from dossier.domain.checkins import NOTE_LIMIT
from dossier.models import Need
from dossier.pages.session_timer import session_timer
from dossier.state.base import LocaleState
from dossier.state.my_checkin import AudienceOption, MyCheckinState, PastFace, TalkOption

S = MyCheckinState
t = S.t

NEED_ICONS = {
    Need.TIME_WITH_PARENT: "heart-handshake",
    Need.SOMEONE_TO_TALK: "message-circle",
    Need.SOMETHING_FUN: "party-popper",
    Need.HELP_WITH_SCHOOL: "backpack",
    Need.REST: "bed",
    Need.KNOW_WHAT_HAPPENS: "lightbulb",
    Need.NOTHING: "thumbs-up",
}


# --------------------------------------------------------------------------------------
# The header: app name, the sibling's first name, language; no way into the dossier
# --------------------------------------------------------------------------------------


def way_out(label: rx.Var, href: str, icon: str) -> rx.Component:
    """A plain link (accounts only), 48 px high, that keeps its colour on hover."""
    return rx.link(
        rx.icon(icon, size=18, aria_hidden="true"),
        label,
        href=href,
        # rx.link turns accent 8 on hover, too light to read; keep a readable colour.
        _hover={"color": rx.color("teal", 12)},
        class_name="mc-header-link",
    )


def language_button(code: str, key: str) -> rx.Component:
    return rx.button(
        t[key],
        on_click=LocaleState.set_language(code),
        variant=rx.cond(S.lang == code, "solid", "outline"),
        aria_pressed=rx.cond(S.lang == code, "true", "false"),
        lang=code,
        type="button",
        class_name="mc-button",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.div(
                rx.icon("book-heart", size=24, color=rx.color("teal", 11), aria_hidden="true"),
                rx.el.div(
                    rx.el.span(t["app.name"], class_name="mc-app-name"),
                    rx.cond(
                        S.first_name != "",
                        rx.el.span(t["mine.hello"], " ", S.first_name, class_name="mc-hello"),
                    ),
                ),
                class_name="mc-brand",
            ),
            rx.el.div(
                language_button("nl", "language.nl"),
                language_button("en", "language.en"),
                role="group",
                aria_label=t["menu.language"],
                class_name="mc-languages",
            ),
            rx.cond(
                S.loaded & ~S.via_link,
                way_out(t["mine.to_overview"], routes.OVERVIEW, "house"),
            ),
            class_name="mc-header-inner",
        ),
        class_name="mc-header",
    )


# --------------------------------------------------------------------------------------
# The five steps
# --------------------------------------------------------------------------------------


def mood_step() -> rx.Component:
    return step(
        1,
        t["mine.mood.title"],
        rx.el.div(
            *[
                face_choice(
                    str(value),
                    t[f"mood.{value}"],
                    MOOD_ICONS[value],
                    MOOD_COLORS[value],
                    S.mood == str(value),
                    S.choose_mood(str(value)),
                )
                for value in (1, 2, 3, 4, 5)
            ],
            class_name="mc-faces",
        ),
        error=S.error_mood,
        name="mood",
    )


def needs_step() -> rx.Component:
    return step(
        2,
        t["mine.needs.title"],
        rx.el.div(
            *[
                choice_tile(
                    kind="checkbox",
                    name="need",
                    value=need.value,
                    label=t[f"need.{need.value}"],
                    icon=picture(icon),
                    checked=S.needs.contains(need.value),
                    on_change=S.toggle_need(need.value),
                )
                for need, icon in NEED_ICONS.items()
            ],
            class_name="mc-tiles",
        ),
        error=S.error_needs,
        hint=t["mine.needs.hint"],
        name="needs",
    )


def note_step() -> rx.Component:
    return step(
        3,
        t["mine.note.title"],
        rx.el.label(t["mine.note.label"], html_for="mc-note", class_name="mc-label"),
        rx.text_area(
            id="mc-note",
            value=S.note,
            on_change=S.set_note,
            max_length=NOTE_LIMIT,
            rows="3",
            size="3",
            width="100%",
            aria_describedby="mc-note-count",
            class_name="mc-note",
        ),
        rx.el.p(
            S.note.length(),
            f" / {NOTE_LIMIT} ",
            t["mine.note.chars"],
            id="mc-note-count",
            class_name="mc-hint",
        ),
        error=S.error_note,
        name="note",
    )


def audience_icon(value: rx.Var) -> rx.Component:
    return rx.match(
        value,
        ("parents", picture("users")),
        ("cm_home", picture("house")),
        ("cm_hospital", picture("hospital")),
        picture("user-round"),
    )


def audience_tile(option: AudienceOption) -> rx.Component:
    return choice_tile(
        kind="checkbox",
        name="audience",
        value=option["value"],
        label=option["label"],
        detail=option["names"],
        icon=audience_icon(option["value"]),
        checked=S.audience.contains(option["value"]),
        on_change=S.toggle_audience(option["value"]),
    )


def own_default() -> rx.Component:
    """From 12 the sibling may keep this choice as their own default."""
    return rx.cond(
        S.may_set_own_default,
        rx.el.div(
            rx.cond(
                S.is_my_default,
                rx.el.p(
                    rx.icon("circle-check", size=18, aria_hidden="true", flex_shrink="0"),
                    rx.el.span(
                        rx.cond(S.default_notice != "", S.default_notice, t["mine.default.is"])
                    ),
                    class_name="mc-default-note",
                    role="status",
                ),
                rx.button(
                    rx.icon("bookmark", size=18, aria_hidden="true"),
                    t["mine.default.make"],
                    type="button",
                    variant="soft",
                    on_click=S.save_my_default,
                    class_name="mc-button",
                ),
            ),
            step_error(S.error_default, "mc-default-error"),
            class_name="mc-default",
        ),
    )


def audience_step() -> rx.Component:
    return step(
        4,
        t["mine.audience.title"],
        rx.el.div(
            rx.foreach(S.audience_options, audience_tile),
            choice_tile(
                kind="checkbox",
                name="only_me",
                value="only_me",
                label=t["audience.nobody"],
                icon=picture("lock"),
                checked=S.only_me,
                on_change=S.choose_only_me,
            ),
            class_name="mc-tiles",
        ),
        rx.el.p(
            rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
            rx.el.span(S.readers_sentence),
            class_name="mc-readers",
            role="status",
            aria_live="polite",
            id="mc-readers",
        ),
        own_default(),
        error=S.error_audience,
        hint=t["mine.audience.hint"],
        name="audience",
    )


def talk_option(option: TalkOption) -> rx.Component:
    return choice_tile(
        kind="radio",
        name="talk_to",
        value=option["id"],
        label=option["label"],
        icon=picture("user-round"),
        checked=S.talk_to == option["id"],
        on_change=S.choose_talk_to(option["id"]),
    )


def talk_step() -> rx.Component:
    return step(
        5,
        t["mine.talk.title"],
        rx.el.div(
            choice_tile(
                kind="checkbox",
                name="wants_to_talk",
                value="yes",
                label=t["mine.talk.want"],
                icon=picture("message-circle-heart", "tomato"),
                checked=S.wants_to_talk,
                on_change=S.set_wants_to_talk(~S.wants_to_talk),
            ),
            class_name="mc-tiles mc-tiles-single",
        ),
        rx.cond(
            S.wants_to_talk,
            rx.cond(
                S.talk_options.length() > 0,  # type: ignore[attr-defined]
                rx.el.fieldset(
                    rx.el.legend(t["mine.talk.with"], class_name="mc-sublegend"),
                    rx.el.div(rx.foreach(S.talk_options, talk_option), class_name="mc-tiles"),
                    class_name="mc-substep",
                ),
                rx.el.p(t["mine.talk.nobody"], class_name="mc-hint"),
            ),
        ),
        error=S.error_talk,
        name="talk",
    )


def send_part() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t["mine.send.title"], class_name="mc-step-title"),
        rx.el.p(
            rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
            rx.el.span(S.readers_sentence),
            class_name="mc-readers mc-readers-final",
        ),
        step_error(S.error_form, "mc-form-error"),
        rx.button(
            rx.cond(
                S.sending,
                rx.spinner(size="3"),
                rx.icon("send", size=20, aria_hidden="true"),
            ),
            rx.cond(S.sending, t["mine.sending"], t["mine.send"]),
            type="submit",
            size="4",
            disabled=S.sending,
            aria_describedby="mc-readers",
            class_name="mc-button mc-send",
        ),
        class_name="mc-send-part",
        aria_label=t["mine.send.title"],
    )


def checkin_form() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t["mine.title"], class_name="mc-title"),
        rx.el.p(t["mine.intro"], class_name="mc-intro"),
        rx.el.form(
            mood_step(),
            needs_step(),
            note_step(),
            audience_step(),
            talk_step(),
            send_part(),
            on_submit=[S.start_sending, S.send_checkin],
            class_name="mc-form",
            novalidate=True,
        ),
    )


# --------------------------------------------------------------------------------------
# After sending, the picture row, and the calm refusals
# --------------------------------------------------------------------------------------


def thanks() -> rx.Component:
    return rx.el.section(
        rx.icon("heart", size=40, color=rx.color("tomato", 11), aria_hidden="true"),
        rx.el.h1(t["mine.thanks.title"], class_name="mc-title", id="mc-thanks-title"),
        rx.el.div(
            rx.el.p(t["mine.thanks.text"]),
            rx.el.p(
                rx.icon("eye", size=20, aria_hidden="true", flex_shrink="0"),
                rx.el.span(S.sent_readers),
                class_name="mc-readers",
            ),
            rx.cond(S.sent_talk != "", rx.el.p(S.sent_talk)),
            role="status",
            class_name="mc-thanks-text",
        ),
        rx.el.div(
            rx.button(
                rx.icon("smile-plus", size=20, aria_hidden="true"),
                t["mine.thanks.again"],
                type="button",
                on_click=S.new_checkin,
                size="3",
                class_name="mc-button",
            ),
            rx.cond(
                ~S.via_link,
                way_out(t["mine.to_overview"], routes.OVERVIEW, "house"),
            ),
            class_name="mc-actions",
        ),
        class_name="mc-thanks",
        aria_labelledby="mc-thanks-title",
    )


def past_face(face: PastFace) -> rx.Component:
    return rx.el.li(
        mood_face(face["mood"], face["label"], size=36),
        rx.el.span(face["day"], aria_hidden="true", class_name="mc-past-day"),
        class_name="mc-past",
    )


def history() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t["mine.history.title"], class_name="mc-step-title", id="mc-history-title"),
        rx.el.p(t["mine.history.hint"], class_name="mc-hint"),
        rx.cond(
            S.past_faces.length() > 0,  # type: ignore[attr-defined]
            rx.el.ol(rx.foreach(S.past_faces, past_face), class_name="mc-history"),
            rx.el.p(t["mine.history.empty"], class_name="mc-hint"),
        ),
        class_name="mc-step mc-history-part",
        aria_labelledby="mc-history-title",
    )


def calm_message(title_key: str, text_key: str, link_key: str, href: str) -> rx.Component:
    return rx.el.section(
        rx.icon("leaf", size=36, color=rx.color("teal", 11), aria_hidden="true"),
        rx.el.h1(t[title_key], class_name="mc-title"),
        rx.el.p(t[text_key]),
        rx.cond(
            ~S.via_link,
            way_out(t[link_key], href, "arrow-right"),
        ),
        class_name="mc-thanks",
    )


def content() -> rx.Component:
    return rx.cond(
        ~S.loaded,
        rx.el.p(rx.spinner(size="3"), t["common.loading"], class_name="mc-loading", role="status"),
        rx.match(
            S.problem,
            (
                "not_sibling",
                rx.el.div(
                    calm_message(
                        "mine.not_sibling.title",
                        "mine.not_sibling.text",
                        "mine.to_checkins",
                        routes.CHECKIN,
                    ),
                    way_out(t["mine.to_overview"], routes.OVERVIEW, "house"),
                ),
            ),
            (
                "denied",
                calm_message(
                    "mine.denied.title", "mine.denied.text", "mine.to_overview", routes.OVERVIEW
                ),
            ),
            rx.fragment(rx.cond(S.sent, thanks(), checkin_form()), history()),
        ),
    )


def my_checkin_page() -> rx.Component:
    return rx.fragment(
        connection_notices(t),
        rx.box(
            rx.el.a(t["nav.skip"], href="#inhoud", class_name="skip-link"),
            header(),
            rx.el.main(content(), id="inhoud", tab_index=-1, class_name="mc-main"),
            custom_attrs={"lang": S.lang},
            min_height="100vh",
            background=page_background,
            class_name="mc-page",
        ),
        # The idle warning needs the dossier's own session; a link session has no such
        # warning (its event would be refused), so only accounts get it.
        rx.cond(S.loaded & ~S.via_link, session_timer()),
    )
