"""The PostgreSQL trigger that makes audit tables append-only, except for a legal purge."""

import pgtrigger

# Years kept when the settings row does not exist yet; the same default as AuditSettings.
DEFAULT_RETENTION_YEARS = 7


def append_only(*, timestamp: str) -> pgtrigger.Trigger:
    """Refuse every UPDATE, and any DELETE of a row younger than the audit retention period.

    Enforced in the database, not the app: the application connects as a superuser on the
    embedded server, so neither GRANTs nor Django code could stop a stray UPDATE. A later
    retention job may still purge rows older than the period set in AuditSettings.
    """
    return pgtrigger.Trigger(
        name="audit_append_only",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION 'Audit rows cannot be changed (%)', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF OLD.{timestamp} > now() - make_interval(years => COALESCE(
                (SELECT retention_years FROM audit_auditsettings LIMIT 1),
                {DEFAULT_RETENTION_YEARS}
            )) THEN
                RAISE EXCEPTION 'Audit rows within the retention period cannot be deleted (%)',
                    TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN OLD;
        """,
    )
