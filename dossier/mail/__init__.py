"""Outgoing e-mail: the texts (`message`), the way out (`transport`: SMTP, or files in
development) and the outbox the worker sends from (`outbox`).

Delivery, like dossier/notify: no Reflex, no Starlette, no business rules. The domain
decides *that* a mail goes out (dossier/domain/email_confirmation.py, password_reset.py)
and queues it in its own transaction.
"""
