"""A document kept on a case, its malware scan, and its history (docs/architecture.md)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse

from cases.models import CaseEvent
from documents.configuration import DocumentSettings
from documents.errors import DocumentError
from vig_service.core.models import Event, Timestamped, actions_check
from vig_service.core.transitions import StatusMachine

__all__ = ["Document", "DocumentEvent", "DocumentSettings", "LetterTemplate"]


class DocumentKind(models.TextChoices):
    """What a document is."""

    ASSESSMENT = "assessment", "Assessment or plan (EHA, CMD, FFL)"
    CONTRACT = "contract", "Signed written contract"
    CONSENT = "consent", "Signed consent form"
    LETTER_RECEIVED = "letter_received", "Letter received"
    CERTIFICATE_RECEIVED = "certificate_received", "Certificate or accreditation"
    OTHER = "other", "Something else"
    # Written by the service from a letter template (documents/letters/).
    LETTER = "letter", "Letter or summary written by the service"


class ScanStatus(models.TextChoices):
    """Where the malware scan has got to; only a clean file is ever served."""

    PENDING = "pending", "Waiting for the virus check"
    CLEAN = "clean", "Checked: no virus found"
    INFECTED = "infected", "Virus found: quarantined"
    FAILED = "failed", "The virus check failed"
    NOT_SCANNED = "not_scanned", "Not checked for viruses (no scanner set up)"


def documents_storage():
    """The private store (settings.STORAGES["documents"]): never under a public URL."""
    return storages["documents"]


RECORDS = ("case", "referral", "course", "trainee")


def _on_one_record() -> models.Q:
    """Exactly one of the records a document can be on is set."""
    condition = models.Q()
    for record in RECORDS:
        only = models.Q(**{f"{record}__isnull": False})
        for other in RECORDS:
            if other != record:
                only &= models.Q(**{f"{other}__isnull": True})
        condition |= only
    return condition


class Document(Timestamped, StatusMachine):
    """One file on a case: what it is, who added it, and whether it may be downloaded."""

    Kind = DocumentKind
    Status = ScanStatus

    TRANSITIONS = {
        ScanStatus.PENDING: {ScanStatus.CLEAN, ScanStatus.INFECTED, ScanStatus.FAILED},
        # A failed check, or one made before a scanner was set up, is tried again.
        ScanStatus.FAILED: {ScanStatus.PENDING},
        ScanStatus.NOT_SCANNED: {ScanStatus.PENDING},
        ScanStatus.CLEAN: set(),
        ScanStatus.INFECTED: set(),
    }

    # On a case, or on a referral (the referrer's assessment or plan, attached while drafting).
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    # On a course (the certificates written for it) or on a trainee (their certificates).
    course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    trainee = models.ForeignKey(
        "training.Trainee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    # The participant a course's certificate is for.
    enrolment = models.ForeignKey(
        "training.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=120)
    # The template version a letter written by the service used; none for an upload.
    letter = models.ForeignKey(
        "documents.LetterTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The file's name in the private store, read through documents_storage() each time (a
    # FileField would fix the store when the models load).
    stored_name = models.CharField(max_length=200, unique=True)
    filename = models.CharField("File name", max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    status = models.CharField(
        max_length=20, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    scan_detail = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="documents_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ScanStatus.values), name="documents_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="documents_not_empty"),
            models.CheckConstraint(condition=_on_one_record(), name="documents_on_one_record"),
            models.CheckConstraint(
                condition=models.Q(kind="letter") | models.Q(letter__isnull=True),
                name="documents_letter_is_written",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def record(self) -> tuple[str, int]:
        """Which kind of record the document is on, and the record's key."""
        for record in RECORDS:
            if getattr(self, f"{record}_id"):
                return record, getattr(self, f"{record}_id")
        raise ValueError("A document is always on a record")

    def get_absolute_url(self):
        record, pk = self.record
        return reverse(f"documents:{record}_list", args=[pk])

    def open(self):
        """The stored file, for reading."""
        return documents_storage().open(self.stored_name, "rb")

    def get_download_url(self):
        record, pk = self.record
        return reverse(f"documents:{record}_download", args=[pk, self.pk])

    def transition_refused(self, to: str) -> DocumentError:
        return DocumentError(
            f"This document is “{self.get_status_display()}”, so it cannot become "
            f"“{self.status_label(to)}”"
        )

    def transition_event(self, *, by, action: str, from_status: str, note: str, **fields):
        """The document's own history, and a line on its case's timeline."""
        return record_event(self, by=by, action=action, from_status=from_status, note=note)


class DocumentEventAction(models.TextChoices):
    """What a line of a document's history records (the case timeline's words)."""

    ADDED = "document_added", "Document added"
    CHECKED = "document_checked", "Document checked: no virus"
    QUARANTINED = "document_quarantined", "Document quarantined: virus found"
    CHECK_FAILED = "document_check_failed", "Document's virus check failed"
    CHECK_AGAIN = "document_check_again", "Document's virus check started again"
    WRITTEN = "document_written", "Letter written"


class DocumentEvent(Event):
    """One line of a document's history."""

    Action = DocumentEventAction

    action = models.CharField(max_length=60, choices=DocumentEventAction.choices)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(DocumentEventAction)]


def record_event(document, *, by, action: str, note: str, from_status: str = ""):
    """Write the document's history line and, for a case's document, its timeline line."""
    fields = {
        "actor": by,
        "action": action,
        "from_status": from_status,
        "to_status": document.status,
        "note": note,
    }
    if document.case_id:
        CaseEvent.objects.create(case_id=document.case_id, **fields)
    return document.events.create(**fields)


class LetterKind(models.TextChoices):
    """The letters and summaries the service writes (their wording in documents/letters/)."""

    CONTRACT = "contract", "Written contract"
    ACCEPTANCE = "acceptance", "Acceptance letter"
    DECLINE = "decline", "Decline letter"
    CLOSURE_FAMILY = "closure_family", "Closure summary for the family"
    CLOSURE_REFERRER = "closure_referrer", "Closure summary for the referrer"
    CERTIFICATE = "certificate", "Course certificate"


class LetterTemplate(models.Model):
    """One saved version of a letter's wording; the newest of a kind is the one used."""

    Kind = LetterKind

    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField("Title", max_length=120)
    body = models.TextField("Text", max_length=20_000)
    # None for version 1, the wording the service starts with.
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="documents_letter_version"),
            models.CheckConstraint(
                condition=models.Q(kind__in=LetterKind.values), name="documents_letter_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"
