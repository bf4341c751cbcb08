"""Report summaries: per-day counts the database keeps current (docs/architecture.md)."""
