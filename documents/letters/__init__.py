"""Letters and summaries the service writes as PDFs (docs/architecture.md, "Letters")."""
