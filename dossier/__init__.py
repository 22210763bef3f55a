"""Gezinsdossier: a shared family dossier for paediatric palliative care."""
