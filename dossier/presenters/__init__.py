"""Row builders that states and HTTP routes share (no Reflex, no Starlette): task and
history rows, the access log as sentences, the caseload's family cards and the
check-in CSV."""
