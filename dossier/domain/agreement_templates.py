"""The starter set: agreements that families and case managers often make, from the research.

Offered while a family has not yet adopted or skipped them ("Om mee te beginnen").
Adopting one proposes an agreement, filled in with the template's topic and "how" in the
adopter's language and, when the family has exactly one member in the role that usually
does it, that person as the one responsible (who still has to confirm it themselves).
Afterwards it is an ordinary agreement: change it, or leave it as it is.

Texts live in the catalogue: ``template.<key>.topic`` and ``template.<key>.how``.
A template whose topic the family already has (in either language) is not offered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from dossier import audit, permissions
from dossier.domain.agreements import AgreementDraft, propose_agreement
from dossier.domain.errors import InvalidInput, NotFound
from dossier.domain.membership import is_active_member
from dossier.i18n import LOCALES, translate
from dossier.models import (
    Agreement,
    AgreementTemplateChoice,
    CareDomain,
    Membership,
    Role,
)
from dossier.permissions import Action, Actor

ADOPTED, SKIPPED = "adopted", "skipped"
FIRST_REVIEW_DAYS = 91  # look again after about three months, as the guideline suggests


@dataclass(frozen=True, slots=True)
class AgreementTemplate:
    key: str
    domain: CareDomain
    usually: Role | None  # the role that usually takes it on; None: the parents keep it

    @property
    def topic_key(self) -> str:
        return f"template.{self.key}.topic"

    @property
    def how_key(self) -> str:
        return f"template.{self.key}.how"

    def topic(self, lang: str) -> str:
        return translate(lang, self.topic_key)

    def how(self, lang: str) -> str:
        return translate(lang, self.how_key)


TEMPLATES: tuple[AgreementTemplate, ...] = (
    AgreementTemplate("coordination", CareDomain.CARE, Role.CM_HOSPITAL),
    AgreementTemplate("care_plan", CareDomain.CARE, Role.CM_HOSPITAL),
    AgreementTemplate("mdo", CareDomain.CARE, Role.CM_HOSPITAL),
    AgreementTemplate("gp", CareDomain.CARE, Role.CM_HOSPITAL),
    AgreementTemplate("school", CareDomain.SCHOOL, None),
    AgreementTemplate("aids_indications", CareDomain.MONEY, Role.CM_HOME),
    AgreementTemplate("pgb", CareDomain.MONEY, None),
    AgreementTemplate("home_adaptation", CareDomain.HOME, Role.CM_HOME),
    AgreementTemplate("siblings_admission", CareDomain.FAMILY, Role.CM_HOME),
    AgreementTemplate("wishes_acp", CareDomain.WISHES, Role.CM_HOSPITAL),
    AgreementTemplate("aftercare", CareDomain.AFTERCARE, Role.CM_HOSPITAL),
)
BY_KEY = {t.key: t for t in TEMPLATES}


def template(key: str) -> AgreementTemplate:
    found = BY_KEY.get(key)
    if found is None:
        raise NotFound()
    return found


def open_templates(session: Session, actor: Actor) -> list[AgreementTemplate]:
    """The starter agreements this family has not adopted, skipped or made already."""
    permissions.require(actor, Action.AGREEMENT_PROPOSE)
    chosen = set(
        session.exec(
            select(AgreementTemplateChoice.template_key).where(
                AgreementTemplateChoice.family_id == actor.family_id
            )
        ).all()
    )
    topics = {
        topic.casefold()
        for topic in session.exec(
            select(Agreement.topic).where(Agreement.family_id == actor.family_id)
        ).all()
    }
    return [
        t
        for t in TEMPLATES
        if t.key not in chosen and not {t.topic(lang).casefold() for lang in LOCALES} & topics
    ]


def _choose(session: Session, actor: Actor, key: str, choice: str) -> None:
    taken = session.exec(
        select(AgreementTemplateChoice.id).where(
            AgreementTemplateChoice.family_id == actor.family_id,
            AgreementTemplateChoice.template_key == key,
        )
    ).first()
    if taken is not None:
        raise InvalidInput("agreement.template.already_chosen")
    session.add(
        AgreementTemplateChoice(
            family_id=actor.family_id,
            template_key=key,
            choice=choice,
            membership_id=actor.membership_id,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:  # someone else chose at the same moment
        raise InvalidInput("agreement.template.already_chosen") from exc


def _usual_person(session: Session, actor: Actor, role: Role) -> int | None:
    """The family's only active member in this role, else nobody (a gap to fill)."""
    ids = session.exec(
        select(Membership.id).where(is_active_member(family_id=actor.family_id, role=role))
    ).all()
    return ids[0] if len(ids) == 1 else None


def adopt_template(
    session: Session, actor: Actor, *, key: str, lang: str, today: date
) -> Agreement:
    """Propose the starter agreement for this family; it can be adapted afterwards."""
    permissions.require(actor, Action.AGREEMENT_PROPOSE)
    chosen = template(key)
    _choose(session, actor, key, ADOPTED)
    audit.record(session, actor, "agreement.adopt", detail=key)
    draft = AgreementDraft(
        topic=chosen.topic(lang),
        domain=chosen.domain,
        responsible=_usual_person(session, actor, chosen.usually) if chosen.usually else None,
        parents_keep=chosen.usually is None,
        how=chosen.how(lang),
        review_on=today + timedelta(days=FIRST_REVIEW_DAYS),
    )
    return propose_agreement(session, actor, draft, today=today, template=key)


def skip_template(session: Session, actor: Actor, *, key: str) -> None:
    """This family does not need this one (it is no longer offered)."""
    permissions.require(actor, Action.AGREEMENT_PROPOSE)
    template(key)
    _choose(session, actor, key, SKIPPED)
    audit.record(session, actor, "agreement.skip", detail=key)
