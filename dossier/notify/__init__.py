"""Notifications: the outbox, web push delivery and the reminder scheduler."""
