"""What the operator runs or reads: backups, icons, migrations, and what reaches the log
(secrets redacted, browser error reports escaped and limited)."""
