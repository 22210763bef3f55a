"""Delivering notifications: the outbox and web push. Who hears what is decided in
domain/notifications.py; the scheduler and the push worker loop are jobs (dossier.jobs)."""
