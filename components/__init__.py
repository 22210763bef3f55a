"""Reusable, state-free UI pieces: they take Vars and event handlers as arguments."""
