"""Business rules. No Reflex here: every function takes (session, actor, ...) and goes
through dossier.permissions, leaving an audit row."""

from dossier.domain import pulse  # noqa: F401  (registers the automatic pulse bump)
