"""A document kept on a case, its malware scan, and its history (docs/architecture.md)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse

from cases.models import CaseEvent
from documents.errors import DocumentError
from vig_service.core.models import Event, Timestamped, actions_check
from vig_service.core.transitions import StatusMachine


class DocumentKind(models.TextChoices):
    """What a document is."""

    ASSESSMENT = "assessment", "Assessment or plan (EHA, CMD, FFL)"
    CONTRACT = "contract", "Signed written contract"
    CONSENT = "consent", "Signed consent form"
    LETTER_RECEIVED = "letter_received", "Letter received"
    OTHER = "other", "Something else"


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
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=120)
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
            models.CheckConstraint(
                condition=models.Q(case__isnull=True) ^ models.Q(referral__isnull=True),
                name="documents_on_a_case_or_a_referral",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.referral_id:
            return reverse("documents:referral_list", args=[self.referral_id])
        return reverse("documents:case_list", args=[self.case_id])

    def open(self):
        """The stored file, for reading."""
        return documents_storage().open(self.stored_name, "rb")

    def get_download_url(self):
        if self.referral_id:
            return reverse("documents:referral_download", args=[self.referral_id, self.pk])
        return reverse("documents:case_download", args=[self.case_id, self.pk])

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
