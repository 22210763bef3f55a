"""Business rules. No Reflex here: every function takes (session, actor, ...) and goes
through dossier.permissions, leaving an audit row."""
