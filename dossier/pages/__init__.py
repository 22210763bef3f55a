"""One page per file; each is registered in dossier.dossier."""
