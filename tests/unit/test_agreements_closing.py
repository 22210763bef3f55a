"""Closing agreements: a proposal withdrawn (and put back), an agreement ended (who, when,
why), and what that means for every list, count and reminder. Also what a change that
waits for confirmation looks like: its own status and what it was and becomes.

Gezin Alfa (tests/factories.py): parents anna and bram, sibling ben, child cleo, hospital
case manager hanna, home case manager hugo, GP gerda.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import select

from dossier.domain import pulse
from dossier.domain.agreement_overview import domain_overview
from dossier.domain.agreements import (
    CHANGED,
    AgreementDraft,
    agreement_history,
    change_agreement,
    confirm_agreement,
    display_status,
    end_agreement,
    ended_agreements,
    list_agreements,
    needs_attention,
    pending_changes,
    propose_agreement,
    restore_agreement,
    withdraw_agreement,
)
from dossier.domain.caseload import caseload
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.overview import waiting_for_me
from dossier.jobs.schedule import scan_reviews
from dossier.models import (
    Agreement,
    AgreementChange,
    AgreementStatus,
    AuditEvent,
    Notification,
    utcnow,
)
from dossier.permissions import PermissionDenied
from tests.factories import World

TODAY = date(2026, 11, 23)
IN_A_MONTH = TODAY + timedelta(days=30)


def mid(world: World, name: str) -> int:
    return world.members[name].id


def draft(world: World, **changes: object) -> AgreementDraft:
    base = AgreementDraft(
        topic="Vervoer naar school",
        domain="school",
        responsible=mid(world, "hugo"),
        backup=mid(world, "hanna"),
        how="Hugo regelt het leerlingenvervoer.",
        review_on=IN_A_MONTH,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def propose(world: World, who: str, **changes: object) -> Agreement:
    return propose_agreement(world.session, world.actor(who), draft(world, **changes), today=TODAY)


def agreed(world: World) -> Agreement:
    agreement = propose(world, "anna")
    confirm_agreement(
        world.session,
        world.actor("hugo"),
        agreement_id=agreement.id,
        expected_version=agreement.version,
        today=TODAY,
    )
    assert agreement.status == AgreementStatus.AGREED
    return agreement


def withdraw(world: World, who: str, agreement: Agreement) -> Agreement:
    return withdraw_agreement(
        world.session,
        world.actor(who),
        agreement_id=agreement.id,
        expected_version=agreement.version,
    )


def end(world: World, who: str, agreement: Agreement, reason: str = "") -> Agreement:
    return end_agreement(
        world.session,
        world.actor(who),
        agreement_id=agreement.id,
        expected_version=agreement.version,
        reason=reason,
    )


def topics(world: World, who: str) -> set[str]:
    return {a.topic for a in list_agreements(world.session, world.actor(who), today=TODAY)}


def kinds(world: World, agreement: Agreement) -> list[str]:
    rows = world.session.exec(
        select(AgreementChange)
        .where(AgreementChange.agreement_id == agreement.id)
        .order_by(AgreementChange.id)  # type: ignore[arg-type]
    )
    return [r.kind for r in rows]


def audit_actions(world: World, agreement: Agreement) -> list[str]:
    rows = world.session.exec(select(AuditEvent).where(AuditEvent.object_id == agreement.id))
    return [r.action for r in rows]


# --------------------------------------------------------------------------------------
# Withdrawing a proposal
# --------------------------------------------------------------------------------------


def test_a_parent_withdraws_a_proposal_it_leaves_the_list_and_its_history_stays(
    world: World,
) -> None:
    proposal = propose(world, "hanna")
    withdraw(world, "anna", proposal)
    assert proposal.status == AgreementStatus.WITHDRAWN
    assert "Vervoer naar school" not in topics(world, "anna")
    assert kinds(world, proposal)[-1] == "withdrawn"
    assert "agreement.withdraw" in audit_actions(world, proposal)


def unread_asks(world: World, who: str, agreement: Agreement) -> list[str]:
    rows = world.session.exec(
        select(Notification).where(
            Notification.recipient_user_id == world.users[who].id,
            Notification.object_id == agreement.id,
            Notification.read_at.is_(None),  # type: ignore[union-attr]
        )
    )
    return [n.kind for n in rows]


def test_a_withdrawn_proposal_no_longer_asks_hugo_for_his_yes(world: World) -> None:
    proposal = propose(world, "hanna")  # Hugo is responsible: it waits for him
    assert unread_asks(world, "hugo", proposal) == ["agreement.proposed"]
    withdraw(world, "anna", proposal)
    assert unread_asks(world, "hugo", proposal) == []


def test_an_ended_werkafspraak_no_longer_asks_for_its_review(world: World) -> None:
    agreement = agreed(world)
    world.session.add(
        Notification(
            family_id=world.alfa.id,
            recipient_user_id=world.users["bram"].id,
            kind="agreement.review",
            object_type="agreement",
            object_id=agreement.id,
            dedupe_key=f"agreement.review:{agreement.id}:bram",
        )
    )
    world.session.flush()
    end(world, "anna", agreement)
    assert unread_asks(world, "bram", agreement) == []


def test_withdrawing_ending_and_the_undo_tell_the_familys_open_screens(world: World) -> None:
    proposal, agreement = propose(world, "anna"), agreed(world)
    before = pulse.current(world.session, world.alfa.id)
    withdraw(world, "anna", proposal)
    restore_agreement(world.session, world.actor("anna"), agreement_id=proposal.id)
    end(world, "anna", agreement)
    assert pulse.current(world.session, world.alfa.id) >= before + 3


def test_the_undo_puts_the_proposal_back_with_its_confirmations(world: World) -> None:
    proposal = propose(world, "anna")  # Anna's yes counts already
    version = proposal.version
    withdraw(world, "anna", proposal)
    restore_agreement(world.session, world.actor("anna"), agreement_id=proposal.id)
    assert proposal.status == AgreementStatus.PROPOSED and proposal.version == version
    assert "Vervoer naar school" in topics(world, "anna")
    confirm_agreement(
        world.session,
        world.actor("hugo"),
        agreement_id=proposal.id,
        expected_version=version,
        today=TODAY,
    )
    assert proposal.status == AgreementStatus.AGREED  # Anna did not have to say yes again
    assert kinds(world, proposal)[-4:] == ["withdrawn", "restored", "confirmed", "agreed"]


def test_the_case_manager_who_proposed_may_withdraw_the_other_may_not(world: World) -> None:
    proposal = propose(world, "hanna")
    for name in ("hugo", "gerda", "ben"):
        with pytest.raises(PermissionDenied):
            withdraw(world, name, proposal)
    withdraw(world, "hanna", proposal)
    assert proposal.status == AgreementStatus.WITHDRAWN


def test_an_agreed_agreement_is_not_withdrawn_but_ended(world: World) -> None:
    agreement = agreed(world)
    with pytest.raises(InvalidInput) as refused:
        withdraw(world, "anna", agreement)
    assert refused.value.message_key == "agreement.error.withdraw_agreed"
    assert agreement.status == AgreementStatus.AGREED


def test_withdrawing_an_older_version_is_a_conflict(world: World) -> None:
    proposal = propose(world, "anna")
    old = proposal.version
    change_agreement(
        world.session,
        world.actor("bram"),
        agreement_id=proposal.id,
        expected_version=old,
        draft=draft(world, topic="Vervoer"),
        today=TODAY,
    )
    with pytest.raises(Conflict):
        withdraw_agreement(
            world.session, world.actor("anna"), agreement_id=proposal.id, expected_version=old
        )
    assert proposal.status == AgreementStatus.PROPOSED


# --------------------------------------------------------------------------------------
# Ending an agreement
# --------------------------------------------------------------------------------------


def test_a_parent_ends_an_agreement_it_stays_readable_with_who_when_and_why(
    world: World,
) -> None:
    agreement = agreed(world)
    end(world, "bram", agreement, "  Hugo stopt, de school regelt het vervoer nu zelf.  ")
    assert agreement.status == AgreementStatus.ENDED
    assert "Vervoer naar school" not in topics(world, "anna")
    [ended] = ended_agreements(world.session, world.actor("anna"))
    assert ended.agreement.id == agreement.id
    assert ended.by == mid(world, "bram") and ended.at is not None
    assert ended.reason == "Hugo stopt, de school regelt het vervoer nu zelf."
    history = agreement_history(world.session, world.actor("anna"), agreement.id)
    assert history[0].kind == "ended" and history[0].membership_id == mid(world, "bram")
    assert "agreement.end" in audit_actions(world, agreement)


def test_the_responsible_case_manager_cannot_end_it_only_parents_can(world: World) -> None:
    agreement = agreed(world)
    for name in ("hugo", "hanna", "gerda", "ben"):
        with pytest.raises(PermissionDenied):
            end(world, name, agreement)
    assert agreement.status == AgreementStatus.AGREED


def test_an_ended_agreement_is_not_changed_confirmed_or_ended_again(world: World) -> None:
    agreement = agreed(world)
    end(world, "anna", agreement)
    with pytest.raises(InvalidInput) as refused:
        end(world, "anna", agreement)
    assert refused.value.message_key == "agreement.error.ended"
    with pytest.raises(InvalidInput):
        change_agreement(
            world.session,
            world.actor("anna"),
            agreement_id=agreement.id,
            expected_version=agreement.version,
            draft=draft(world, topic="Anders"),
            today=TODAY,
        )
    with pytest.raises(InvalidInput):
        confirm_agreement(
            world.session,
            world.actor("hugo"),
            agreement_id=agreement.id,
            expected_version=agreement.version,
            today=TODAY,
        )


def test_a_proposal_is_withdrawn_not_ended(world: World) -> None:
    proposal = propose(world, "anna")
    with pytest.raises(InvalidInput) as refused:
        end(world, "anna", proposal)
    assert refused.value.message_key == "agreement.error.end_proposal"


@pytest.mark.parametrize("reason", ["x" * 501, "Stop\u202enu"])
def test_a_bad_reason_is_named_and_nothing_is_ended(world: World, reason: str) -> None:
    agreement = agreed(world)
    with pytest.raises(InvalidInput):
        end(world, "anna", agreement, reason)
    assert agreement.status == AgreementStatus.AGREED
    assert "ended" not in kinds(world, agreement)


def test_an_agreement_of_another_family_cannot_be_ended(world: World) -> None:
    agreement = agreed(world)
    with pytest.raises(PermissionDenied):
        end(world, "dora", agreement)


# --------------------------------------------------------------------------------------
# Closed agreements count nowhere
# --------------------------------------------------------------------------------------


def test_ended_and_withdrawn_agreements_wait_for_nobody_and_need_no_attention(
    world: World,
) -> None:
    proposal = propose(world, "hanna")  # waits for Hugo and a parent
    due = agreed(world)
    due.review_on = TODAY  # up for review
    mine = {proposal.id, due.id}

    def waiting(who: str) -> set[int]:
        return {a.id for a in waiting_for_me(world.session, world.actor(who), TODAY)} & mine

    assert waiting("anna") == mine and waiting("hugo") == mine
    withdraw(world, "hanna", proposal)
    end(world, "anna", due)
    assert waiting("anna") == set() and waiting("hugo") == set()
    assert not needs_attention(due, TODAY) and not needs_attention(proposal, TODAY)


def test_the_caseload_and_the_overview_per_domain_leave_them_out(world: World) -> None:
    def count() -> int:
        cards = caseload(world.session, world.users["hanna"].id, today=TODAY)
        return next(c for c in cards if c.name == "Gezin Alfa").agreements_due

    def school_topics() -> list[str]:
        overview = domain_overview(world.session, world.actor("anna"), today=TODAY)
        group = next(g for g in overview.domains if g.domain == "school")
        return [a.topic for a in group.agreements]

    proposal = propose(world, "hanna")
    world.session.commit()
    before = count()
    assert "Vervoer naar school" in school_topics()
    withdraw(world, "hanna", proposal)
    world.session.commit()
    assert count() == before - 1
    assert "Vervoer naar school" not in school_topics()


def test_no_review_reminder_for_an_ended_agreement(world: World) -> None:
    agreement = agreed(world)
    agreement.review_on = date(2026, 11, 21)
    world.session.add(agreement)
    end(world, "anna", agreement)
    world.session.flush()
    now = utcnow().replace(year=2026, month=11, day=21, hour=9)
    scan_reviews(world.session, now)
    sent = world.session.exec(
        select(Notification).where(Notification.kind == "agreement.review")
    ).all()
    assert sent == []


# --------------------------------------------------------------------------------------
# A change that waits for confirmation
# --------------------------------------------------------------------------------------


def test_a_change_waits_as_changed_and_only_a_passed_date_is_opnieuw_bekijken(
    world: World,
) -> None:
    agreement = agreed(world)
    assert display_status(agreement, TODAY) == AgreementStatus.AGREED
    change_agreement(
        world.session,
        world.actor("hanna"),
        agreement_id=agreement.id,
        expected_version=agreement.version,
        draft=draft(world, responsible=mid(world, "hanna"), backup=mid(world, "hugo")),
        today=TODAY,
    )
    assert display_status(agreement, TODAY) == CHANGED
    later = IN_A_MONTH + timedelta(days=1)  # the review date has passed
    assert display_status(agreement, later) == AgreementStatus.NEEDS_REVIEW


def test_what_changed_since_it_was_agreed_folds_several_changes(world: World) -> None:
    agreement = agreed(world)
    for who, changes in (
        ("anna", {"responsible": mid(world, "hanna"), "backup": mid(world, "hugo")}),
        (
            "bram",
            {
                "responsible": mid(world, "hanna"),
                "backup": mid(world, "hugo"),
                "review_on": IN_A_MONTH + timedelta(days=7),
            },
        ),
        (
            "anna",
            {
                "responsible": mid(world, "hanna"),
                "backup": None,
                "review_on": IN_A_MONTH + timedelta(days=7),
            },
        ),
    ):
        change_agreement(
            world.session,
            world.actor(who),
            agreement_id=agreement.id,
            expected_version=agreement.version,
            draft=draft(world, **changes),
            today=TODAY,
        )
    history = agreement_history(world.session, world.actor("anna"), agreement.id)
    assert pending_changes(history) == {
        "responsible": [mid(world, "hugo"), mid(world, "hanna")],
        "backup": [mid(world, "hanna"), None],
        "review_on": [IN_A_MONTH.isoformat(), (IN_A_MONTH + timedelta(days=7)).isoformat()],
    }


def test_a_field_changed_back_is_not_named(world: World) -> None:
    agreement = agreed(world)
    for topic in ("Vervoer", "Vervoer naar school"):
        change_agreement(
            world.session,
            world.actor("anna"),
            agreement_id=agreement.id,
            expected_version=agreement.version,
            draft=draft(world, topic=topic),
            today=TODAY,
        )
    history = agreement_history(world.session, world.actor("anna"), agreement.id)
    assert pending_changes(history) == {}
