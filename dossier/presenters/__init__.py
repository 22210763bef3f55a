"""Row builders that states and HTTP routes share (no Reflex, no Starlette): task and
history rows, and the access log as sentences."""
