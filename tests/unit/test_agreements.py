"""Who-does-what agreements: the lifecycle, the confirmation rule, review, conflicts,
validation (nothing written), other families' ids, the starter set and the overview.

Gezin Alfa (tests/factories.py): parents anna and bram, sibling ben, child cleo, hospital
case manager hanna, home case manager hugo, GP gerda. Gezin Beta: parent dora.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from dossier.domain.access import unit_of_work
from dossier.domain.agreement_overview import (
    domain_overview,
    linked_tasks,
    linked_tasks_status,
    summarise,
)
from dossier.domain.agreement_templates import (
    TEMPLATES,
    adopt_template,
    open_templates,
    skip_template,
)
from dossier.domain.agreements import (
    PARENT,
    AgreementDraft,
    AgreementInputError,
    Person,
    active_parent_ids,
    agreement_history,
    change_agreement,
    changes_since,
    confirm_agreement,
    current_confirmations,
    effective_status,
    is_my_turn,
    list_agreements,
    mark_review_due,
    parse_form,
    parse_id,
    progress,
    propose_agreement,
)
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.i18n import catalogue
from dossier.models import (
    Agreement,
    AgreementChange,
    AgreementConfirmation,
    AgreementStatus,
    AgreementTemplateChoice,
    AuditEvent,
    Membership,
    MembershipStatus,
    Task,
    TaskStatus,
)
from dossier.models.audit import AuditRepeat
from dossier.permissions import PermissionDenied
from dossier.presenters.rows import agreement_row
from tests.factories import World

TODAY = date(2026, 11, 23)
IN_A_MONTH = TODAY + timedelta(days=30)
AGREED, PROPOSED, NEEDS_REVIEW = (
    AgreementStatus.AGREED,
    AgreementStatus.PROPOSED,
    AgreementStatus.NEEDS_REVIEW,
)


def mid(world: World, name: str) -> int:
    return world.members[name].id


def draft(world: World, **changes) -> AgreementDraft:
    base = AgreementDraft(
        topic="Vervoer naar school",
        domain="school",
        responsible=mid(world, "hugo"),
        backup=mid(world, "hanna"),
        informed=(mid(world, "anna"),),
        how="Hugo regelt het leerlingenvervoer en belt na.",
        review_on=IN_A_MONTH,
    )
    return replace(base, **changes)


def propose(world: World, who: str, **changes) -> Agreement:
    return propose_agreement(world.session, world.actor(who), draft(world, **changes), today=TODAY)


def confirm(world: World, who: str, agreement: Agreement) -> Agreement:
    return confirm_agreement(
        world.session,
        world.actor(who),
        agreement_id=agreement.id,
        expected_version=agreement.version,
        today=TODAY,
    )


def confirmed_by(world: World, agreement: Agreement) -> set[int]:
    return current_confirmations(world.session, [agreement]).get(agreement.id, set())


def kinds(world: World, agreement: Agreement) -> list[str]:
    rows = world.session.exec(
        select(AgreementChange)
        .where(AgreementChange.agreement_id == agreement.id)
        .order_by(AgreementChange.id)
    )
    return [r.kind for r in rows]


def count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# --------------------------------------------------------------------------------------
# The lifecycle and the confirmation rule
# --------------------------------------------------------------------------------------


def test_proposed_then_agreed_once_a_parent_and_the_responsible_person_confirmed(
    world: World,
) -> None:
    agreement = propose(world, "hanna")  # Hugo responsible; Hanna is neither parent nor him
    assert agreement.status == PROPOSED
    assert confirmed_by(world, agreement) == set()
    assert kinds(world, agreement) == ["proposed"]

    confirm(world, "anna", agreement)
    assert agreement.status == PROPOSED  # the responsible person has not said yes yet
    done = progress(agreement, confirmed_by(world, agreement), {mid(world, "anna")})
    assert done.waiting == (mid(world, "hugo"),)

    confirm(world, "hugo", agreement)
    assert agreement.status == AGREED
    assert agreement.version == 1  # becoming agreed does not void the confirmations
    assert confirmed_by(world, agreement) == {mid(world, "anna"), mid(world, "hugo")}
    assert kinds(world, agreement) == ["proposed", "confirmed", "confirmed", "agreed"]


def test_the_responsible_person_alone_is_not_enough(world: World) -> None:
    agreement = propose(world, "hanna")
    confirm(world, "hugo", agreement)
    assert agreement.status == PROPOSED
    parents = active_parent_ids(world.session, world.alfa.id)
    assert progress(agreement, confirmed_by(world, agreement), parents).waiting == (PARENT,)


def test_a_parent_proposing_counts_as_their_confirmation(world: World) -> None:
    agreement = propose(world, "anna")
    assert confirmed_by(world, agreement) == {mid(world, "anna")}
    assert agreement.status == PROPOSED
    confirm(world, "hugo", agreement)
    assert agreement.status == AGREED


def test_the_responsible_case_manager_proposing_counts_too(world: World) -> None:
    agreement = propose(world, "hugo")
    assert confirmed_by(world, agreement) == {mid(world, "hugo")}
    confirm(world, "bram", agreement)
    assert agreement.status == AGREED


def test_parents_keep_it_one_parent_is_enough(world: World) -> None:
    by_parent = propose(world, "anna", responsible=None, parents_keep=True, topic="Sport")
    assert by_parent.status == AGREED  # the parents decide it themselves
    by_cm = propose(world, "hanna", responsible=None, parents_keep=True, topic="Zwemmen")
    assert by_cm.status == PROPOSED
    confirm(world, "bram", by_cm)
    assert by_cm.status == AGREED


def test_a_responsible_parent_covers_the_parent_confirmation(world: World) -> None:
    agreement = propose(world, "hugo", responsible=mid(world, "bram"), backup=None)
    parents = active_parent_ids(world.session, world.alfa.id)
    assert progress(agreement, confirmed_by(world, agreement), parents).waiting == (
        mid(world, "bram"),
    )
    confirm(world, "bram", agreement)
    assert agreement.status == AGREED


def test_nobody_is_made_responsible_without_confirming_it(world: World) -> None:
    agreement = propose(world, "anna")  # Hugo named by a parent
    confirm(world, "bram", agreement)  # both parents say yes
    assert agreement.status == PROPOSED  # still only a proposal for Hugo
    # Another case manager cannot say yes for him: Hanna is the backup, so she may
    # confirm, but it does not count for the responsible person.
    confirm(world, "hanna", agreement)
    assert agreement.status == PROPOSED
    other = propose(world, "anna", topic="Logeeradres", backup=None)
    with pytest.raises(PermissionDenied):  # not named in it: may not confirm at all
        confirm(world, "hanna", other)


def test_a_gap_cannot_be_agreed(world: World) -> None:
    agreement = propose(world, "anna", responsible=None, backup=None)
    confirm(world, "bram", agreement)
    assert agreement.status == PROPOSED
    parents = active_parent_ids(world.session, world.alfa.id)
    assert progress(agreement, confirmed_by(world, agreement), parents).waiting == ("owner",)


def test_whose_turn_it_is(world: World) -> None:
    agreement = propose(world, "hanna")
    parents = active_parent_ids(world.session, world.alfa.id)

    def turn(name: str) -> bool:
        done = progress(agreement, confirmed_by(world, agreement), parents)
        return is_my_turn(agreement, done, world.actor(name), TODAY)

    assert {n for n in ("anna", "bram", "hugo", "hanna", "gerda") if turn(n)} == {
        "anna",
        "bram",
        "hugo",
    }
    confirm(world, "anna", agreement)
    assert not turn("bram")  # one parent is enough
    assert turn("hugo")


def test_confirming_twice_adds_nothing(world: World) -> None:
    agreement = propose(world, "anna")
    confirm(world, "anna", agreement)
    rows = world.session.exec(
        select(AgreementConfirmation).where(AgreementConfirmation.agreement_id == agreement.id)
    ).all()
    assert len(rows) == 1


# --------------------------------------------------------------------------------------
# Changes: needs review, old confirmations void, history, conflicts
# --------------------------------------------------------------------------------------


def agreed(world: World) -> Agreement:
    agreement = propose(world, "anna")
    confirm(world, "hugo", agreement)
    assert agreement.status == AGREED
    return agreement


def test_a_change_needs_review_and_voids_the_old_confirmations(world: World) -> None:
    agreement = agreed(world)
    change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world, how="Hugo belt elke maandag de vervoerder."),
        today=TODAY,
    )
    assert agreement.status == NEEDS_REVIEW
    assert agreement.version == 2
    assert confirmed_by(world, agreement) == set()  # everyone looks again
    (change,) = [
        h
        for h in agreement_history(world.session, world.actor("anna"), agreement.id)
        if h.kind == "changed"
    ]
    assert change.membership_id == mid(world, "hanna")
    assert change.changes == {
        "how": [
            "Hugo regelt het leerlingenvervoer en belt na.",
            "Hugo belt elke maandag de vervoerder.",
        ]
    }
    confirm(world, "bram", agreement)
    confirm(world, "hugo", agreement)
    assert agreement.status == AGREED


def test_a_change_to_a_proposal_keeps_it_a_proposal(world: World) -> None:
    agreement = propose(world, "hanna")
    change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world, responsible=mid(world, "hanna"), backup=mid(world, "hugo")),
        today=TODAY,
    )
    assert agreement.status == PROPOSED
    history = agreement_history(world.session, world.actor("anna"), agreement.id)
    assert history[0].kind == "confirmed"  # Hanna is now responsible: her change is her yes
    assert history[1].changes == {
        "responsible": [mid(world, "hugo"), mid(world, "hanna")],
        "backup": [mid(world, "hanna"), mid(world, "hugo")],
    }


def test_saving_without_a_difference_writes_nothing(world: World) -> None:
    agreement = agreed(world)
    before = count(world.session, AgreementChange)
    same = change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world),
        today=TODAY,
    )
    assert (same.version, same.status) == (1, AGREED)
    assert count(world.session, AgreementChange) == before


def test_a_second_save_of_the_same_version_names_what_changed(world: World) -> None:
    agreement = propose(world, "anna")
    change_agreement(
        world.session,
        world.actor("anna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world, responsible=mid(world, "hanna"), backup=None, review_on=None),
        today=TODAY,
    )
    with pytest.raises(Conflict) as raised:
        change_agreement(
            world.session,
            world.actor("hugo"),
            agreement_id=agreement.id,
            expected_version=1,
            draft=draft(world, topic="Iets anders"),
            today=TODAY,
        )
    assert raised.value.params["fields"] == ["responsible", "backup", "review_on"]
    assert agreement.topic == "Vervoer naar school"
    assert agreement.responsible_id == mid(world, "hanna")
    assert changes_since(world.session, world.actor("hugo"), agreement.id, 1) == [
        "responsible",
        "backup",
        "review_on",
    ]
    with pytest.raises(Conflict):  # confirming what one did not see is refused too
        confirm_agreement(
            world.session,
            world.actor("bram"),
            agreement_id=agreement.id,
            expected_version=1,
            today=TODAY,
        )


def test_a_save_between_load_and_write_is_a_conflict(world: World, db: Session) -> None:
    agreement = propose(world, "anna")
    anna, hugo = world.actor("anna"), world.actor("hugo")
    world.session.commit()  # SQLite has one writer: end the fixture's transaction first
    engine = db.get_bind()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        second.get(Agreement, agreement.id)  # Hugo's screen holds version 1
        second.commit()
        change_agreement(
            first,
            anna,
            agreement_id=agreement.id,
            expected_version=1,
            draft=draft(world, topic="Eerste"),
            today=TODAY,
        )
        first.commit()
        with pytest.raises(Conflict):
            change_agreement(
                second,
                hugo,
                agreement_id=agreement.id,
                expected_version=1,
                draft=draft(world, topic="Tweede"),
                today=TODAY,
            )
        second.rollback()
    world.session.expire_all()
    assert world.session.get(Agreement, agreement.id).topic == "Eerste"


# --------------------------------------------------------------------------------------
# Review dates
# --------------------------------------------------------------------------------------


def test_when_the_review_date_comes_it_needs_review(world: World) -> None:
    agreement = agreed(world)
    assert effective_status(agreement, IN_A_MONTH - timedelta(days=1)) == AGREED
    assert effective_status(agreement, IN_A_MONTH) == NEEDS_REVIEW
    assert mark_review_due(world.session, world.actor("gerda"), today=IN_A_MONTH) == 1
    assert agreement.status == NEEDS_REVIEW
    assert agreement.version == 1
    assert kinds(world, agreement)[-1] == "needs_review"
    assert mark_review_due(world.session, world.actor("anna"), today=IN_A_MONTH) == 0

    later = IN_A_MONTH + timedelta(days=1)
    with pytest.raises(InvalidInput) as raised:
        confirm_agreement(
            world.session,
            world.actor("anna"),
            agreement_id=agreement.id,
            expected_version=1,
            today=later,
        )
    assert raised.value.message_key == "agreement.error.confirm_review_due"
    # Reviewed: a new date, confirmed again.
    change_agreement(
        world.session,
        world.actor("hugo"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world, review_on=later + timedelta(days=90)),
        today=later,
    )
    assert agreement.status == NEEDS_REVIEW
    confirm_agreement(
        world.session,
        world.actor("anna"),
        agreement_id=agreement.id,
        expected_version=2,
        today=later,
    )
    assert agreement.status == AGREED


def test_the_list_puts_what_needs_review_first(world: World) -> None:
    agreement = agreed(world)
    shown = list_agreements(world.session, world.actor("anna"), today=IN_A_MONTH)
    assert shown[0].id == agreement.id


# --------------------------------------------------------------------------------------
# Bad input: a clear message per field, nothing written
# --------------------------------------------------------------------------------------


def _revoked(world: World) -> int:
    hugo = world.members["hugo"]
    hugo.status = MembershipStatus.REVOKED
    world.session.add(hugo)
    world.session.flush()
    return hugo.id


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"topic": ""}, "topic", "agreement.error.topic_required"),
        ({"topic": "x" * 201}, "topic", "agreement.error.topic_long"),
        ({"domain": "garden"}, "domain", "agreement.error.domain"),
        ({"responsible": 999_999}, "responsible", "agreement.error.person_unknown"),
        ({"responsible": "ben"}, "responsible", "agreement.error.responsible_role"),
        ({"backup": "hugo"}, "backup", "agreement.error.backup_same"),
        ({"backup": "cleo"}, "backup", "agreement.error.backup_role"),
        ({"informed": ("ben",)}, "informed", "agreement.error.informed_role"),
        ({"how": "x" * 4001}, "how", "agreement.error.how_long"),
        ({"review_on": TODAY}, "review_on", "agreement.error.review_past"),
        ({"review_on": TODAY + timedelta(days=800)}, "review_on", "agreement.error.review_far"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    world: World, changes: dict, field: str, key: str
) -> None:
    for name in ("responsible", "backup"):
        if isinstance(changes.get(name), str):
            changes[name] = mid(world, changes[name])
    if "informed" in changes:
        changes["informed"] = tuple(mid(world, n) for n in changes["informed"])
    before = (count(world.session, Agreement), count(world.session, AgreementChange))
    with pytest.raises(AgreementInputError) as raised:
        propose(world, "anna", **changes)
    assert raised.value.errors == {field: key}
    assert (count(world.session, Agreement), count(world.session, AgreementChange)) == before


def test_an_inactive_member_cannot_be_named(world: World) -> None:
    hugo = _revoked(world)
    with pytest.raises(AgreementInputError) as raised:
        propose(world, "anna", responsible=hugo)
    assert raised.value.errors == {"responsible": "agreement.error.person_inactive"}


def test_all_problems_at_once_and_unreadable_form_fields(world: World) -> None:
    form = {
        "topic": "  ",
        "domain": "school",
        "responsible": "abc",
        "backup": "",
        "informed_12x": "on",
        "how": "",
        "review_on": "31-02-2026",
    }
    parsed, problems = parse_form(form)
    assert problems == {
        "responsible": "agreement.error.person_unknown",
        "informed": "agreement.error.person_unknown",
        "review_on": "agreement.error.review_format",
    }
    with pytest.raises(AgreementInputError) as raised:
        propose_agreement(
            world.session, world.actor("anna"), parsed, today=TODAY, problems=problems
        )
    assert list(raised.value.errors) == ["topic", "responsible", "informed", "review_on"]


def test_the_form_is_read_into_a_draft(world: World) -> None:
    hugo, gerda = mid(world, "hugo"), mid(world, "gerda")
    parsed, problems = parse_form(
        {
            "topic": " Vervoer   naar school ",
            "domain": "school",
            "responsible": "parents",
            "backup": str(hugo),
            f"informed_{gerda}": "on",
            "how": "Eerst\r\nbellen",
            "review_on": "2027-01-05",
        }
    )
    assert problems == {}
    assert parsed == AgreementDraft(
        topic="Vervoer naar school",
        domain="school",
        parents_keep=True,
        backup=hugo,
        informed=(gerda,),
        how="Eerst\nbellen",
        review_on=date(2027, 1, 5),
    )


# --------------------------------------------------------------------------------------
# Another family's ids and people who may not
# --------------------------------------------------------------------------------------


def test_a_member_of_another_family_is_refused_and_logged(world: World, db: Session) -> None:
    anna = world.actor("anna")
    dora = mid(world, "dora")
    world.session.commit()
    for field in ("responsible", "backup", "informed"):
        value = (dora,) if field == "informed" else dora
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            propose_agreement(session, anna, draft(world, **{field: value}), today=TODAY)
    db.expire_all()
    assert count(db, Agreement) == 2  # only the two of the factory
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    # Anna is outside Gezin Beta: her three tries are one row of Beta's log, counted.
    assert [(d.object_type, d.object_id, d.family_id) for d in denied] == [
        ("membership", dora, world.beta.id)
    ]
    assert db.get(AuditRepeat, denied[0].id).repeats == 2


def test_an_agreement_of_another_family_is_refused(world: World) -> None:
    agreement = propose(world, "anna")
    dora = world.actor("dora", world.beta)
    with pytest.raises(PermissionDenied):
        change_agreement(
            world.session,
            dora,
            agreement_id=agreement.id,
            expected_version=1,
            draft=draft(world, topic="Van mij"),
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        confirm_agreement(
            world.session, dora, agreement_id=agreement.id, expected_version=1, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        agreement_history(world.session, dora, agreement.id)
    with pytest.raises(NotFound):
        agreement_history(world.session, dora, 999_999)


@pytest.mark.parametrize("name", ["ben", "cleo", "gerda"])
def test_only_parents_and_case_managers_propose(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        propose(world, name)


def test_proposing_changing_and_confirming_are_logged(world: World) -> None:
    agreement = propose(world, "anna")
    change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=draft(world, topic="Vervoer"),
        today=TODAY,
    )
    confirm(world, "hugo", agreement)
    rows = world.session.exec(select(AuditEvent).where(AuditEvent.object_id == agreement.id)).all()
    assert [(r.action, r.user_id) for r in rows] == [
        ("agreement.propose", world.users["anna"].id),
        ("agreement.change", world.users["hanna"].id),
        ("agreement.confirm", world.users["hugo"].id),
    ]


# --------------------------------------------------------------------------------------
# The starter set
# --------------------------------------------------------------------------------------


def test_every_template_has_its_words_in_both_languages() -> None:
    keys = {k for t in TEMPLATES for k in (t.topic_key, t.how_key)}
    for lang in ("nl", "en"):
        assert keys <= set(catalogue(lang))
    assert len(TEMPLATES) >= 9
    assert len({t.key for t in TEMPLATES}) == len(TEMPLATES)
    assert all(len(t.key) <= 40 for t in TEMPLATES)


def test_open_templates_leave_out_what_the_family_already_has(world: World) -> None:
    keys = [t.key for t in open_templates(world.session, world.actor("hanna"))]
    assert "coordination" not in keys  # Gezin Alfa has "Zorgcoördinatie" already
    assert {"school", "mdo", "pgb", "aftercare", "siblings_admission"} <= set(keys)


def test_adopting_proposes_it_prefilled_and_it_is_offered_no_more(world: World) -> None:
    anna = world.actor("anna")
    agreement = adopt_template(world.session, anna, key="mdo", lang="nl", today=TODAY)
    assert agreement.topic == "MDO organiseren"
    assert agreement.domain == "care"
    assert agreement.responsible_id == mid(world, "hanna")  # the family's only one
    assert agreement.review_on == TODAY + timedelta(days=91)
    assert agreement.how.startswith("Een multidisciplinair overleg")
    assert agreement.status == PROPOSED  # Hanna still has to say yes herself
    assert agreement_history(world.session, anna, agreement.id)[-1].changes["template"] == [
        None,
        "mdo",
    ]
    assert "mdo" not in {t.key for t in open_templates(world.session, anna)}
    with pytest.raises(InvalidInput):
        adopt_template(world.session, anna, key="mdo", lang="nl", today=TODAY)
    # Adapted afterwards like any agreement.
    change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=1,
        draft=replace(
            AgreementDraft(topic="MDO organiseren", domain="care", responsible=mid(world, "hanna")),
            how="Elke twee maanden.",
            review_on=agreement.review_on,
        ),
        today=TODAY,
    )
    assert agreement.status == PROPOSED  # Hanna's change is her yes; a parent sees it again
    confirm(world, "anna", agreement)
    assert agreement.status == AGREED


def test_adopting_in_english_and_parents_keep(world: World) -> None:
    agreement = adopt_template(
        world.session, world.actor("anna"), key="school", lang="en", today=TODAY
    )
    assert agreement.topic == "Contact with school"
    assert agreement.parents_keep
    assert agreement.status == AGREED  # the parents' own choice, by a parent


def test_without_one_clear_person_the_template_leaves_a_gap(world: World) -> None:
    dora = world.actor("dora", world.beta)  # Gezin Beta has no home case manager
    agreement = adopt_template(world.session, dora, key="aids_indications", lang="nl", today=TODAY)
    assert agreement.responsible_id is None and not agreement.parents_keep


def test_skipping_and_refusals(world: World) -> None:
    hugo = world.actor("hugo")
    skip_template(world.session, hugo, key="pgb")
    assert "pgb" not in {t.key for t in open_templates(world.session, hugo)}
    (choice,) = world.session.exec(select(AgreementTemplateChoice)).all()
    assert (choice.choice, choice.membership_id) == ("skipped", mid(world, "hugo"))
    with pytest.raises(InvalidInput):
        adopt_template(world.session, hugo, key="pgb", lang="nl", today=TODAY)
    with pytest.raises(NotFound):
        skip_template(world.session, hugo, key="nonsense")
    with pytest.raises(PermissionDenied):
        skip_template(world.session, world.actor("gerda"), key="mdo")
    with pytest.raises(PermissionDenied):
        open_templates(world.session, world.actor("ben"))


# --------------------------------------------------------------------------------------
# The overview per domain: owners, gaps, review, load per person
# --------------------------------------------------------------------------------------


def test_overview_names_gaps_review_and_the_load_per_person(world: World) -> None:
    agreed(world)  # school: Hugo responsible, Hanna backup, review in a month
    propose(
        world,
        "anna",
        topic="Woningaanpassing",
        domain="home",
        responsible=None,
        backup=None,
        review_on=None,
    )
    overview = domain_overview(world.session, world.actor("anna"), today=IN_A_MONTH)
    by_domain = {d.domain: d for d in overview.domains}
    assert [a.topic for a in by_domain["care"].owned] == ["Zorgcoördinatie"]
    assert [a.topic for a in by_domain["home"].gaps] == ["Woningaanpassing"]
    assert [a.topic for a in by_domain["school"].due] == ["Vervoer naar school"]
    assert by_domain["aftercare"].agreements == []
    assert (overview.gaps, overview.due) == (1, 1)
    load = {p.membership_id: p for p in overview.people}
    assert (load[mid(world, "hanna")].responsible, load[mid(world, "hanna")].backup) == (1, 1)
    assert load[mid(world, "hugo")].total == 1
    assert load[mid(world, "anna")].shared == 1  # "School": the parents keep it
    assert load[mid(world, "bram")].shared == 1
    assert mid(world, "ben") not in load  # siblings carry no agreements
    assert overview.overloaded == []


def _person(world: World, name: str) -> Person:
    m: Membership = world.members[name]
    return Person(membership_id=m.id, name=name, role=m.role)


def test_an_overloaded_person_stands_out(world: World) -> None:
    people = [_person(world, n) for n in ("anna", "bram", "hanna", "hugo")]
    bram = mid(world, "bram")
    many = [
        Agreement(family_id=world.alfa.id, topic=f"T{i}", domain="money", responsible_id=bram)
        for i in range(4)
    ]
    many.append(
        Agreement(
            family_id=world.alfa.id, topic="H", domain="care", responsible_id=mid(world, "hanna")
        )
    )
    overview = summarise(many, people, TODAY)
    assert [p.membership_id for p in overview.overloaded] == [bram]  # 4, the others 1 or 0
    six = [
        *many,
        *(
            Agreement(family_id=1, topic="X", domain="care", backup_id=mid(world, "hanna"))
            for _ in range(5)
        ),
    ]
    overloaded = {p.membership_id for p in summarise(six, people, TODAY).overloaded}
    assert overloaded == {mid(world, "hanna")}  # six: over the limit of five


def test_linked_tasks_on_track_or_behind(world: World) -> None:
    agreement = propose(world, "anna")
    for title, due, status in (
        ("Offerte", TODAY + timedelta(days=3), TaskStatus.OPEN),
        ("Bellen", TODAY - timedelta(days=1), TaskStatus.OPEN),
        ("Klaar", None, TaskStatus.DONE),
    ):
        world.session.add(
            Task(
                family_id=world.alfa.id,
                title=title,
                domain="school",
                due_on=due,
                status=status,
                agreement_id=agreement.id,
            )
        )
    world.session.flush()
    tasks = linked_tasks(world.session, world.actor("hugo"))[agreement.id]
    state = linked_tasks_status(tasks, TODAY)
    assert (state.open, state.overdue, state.done, state.on_track) == (2, 1, 1, False)
    assert linked_tasks_status(tasks, TODAY - timedelta(days=2)).on_track
    row = agreement_row(agreement, {}, "nl", today=TODAY, tasks=state)
    assert row["tasks"] == "Taken: 2 open, waarvan 1 te laat. Loopt achter."
    assert row["tasks_behind"]


def test_a_card_says_whom_it_still_waits_for(world: World) -> None:
    agreement = propose(world, "hanna")
    names = {m.id: n.title() for n, m in world.members.items()}
    parents = active_parent_ids(world.session, world.alfa.id)
    done = progress(agreement, confirmed_by(world, agreement), parents)
    row = agreement_row(agreement, names, "nl", today=TODAY, done=done)
    assert row["waiting_for"] == "Hugo, een ouder"
    assert row["status"] == "Voorstel"
    assert row["responsible"] == "Hugo"
    assert agreement_row(agreement, names, "en", today=TODAY, done=done)["waiting_for"] == (
        "Hugo, a parent"
    )


def test_a_removed_parent_no_longer_counts(world: World) -> None:
    bram = world.members["bram"]
    bram.status = MembershipStatus.REVOKED
    world.session.add(bram)
    world.session.flush()
    assert active_parent_ids(world.session, world.alfa.id) == {mid(world, "anna")}
    agreement = propose(world, "hanna")
    confirm(world, "hugo", agreement)
    with pytest.raises(PermissionDenied):  # Bram's actor is gone with his membership
        world.actor("bram")
    assert agreement.status == PROPOSED
    confirm(world, "anna", agreement)
    assert agreement.status == AGREED


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        ("abc", None),
        ("²", None),
        ("1" * 10, None),
        (None, None),
    ],
)
def test_ids_from_the_browser_are_plain_small_numbers(raw: object, expected: int | None) -> None:
    assert parse_id(raw) == expected
