"""The child as a record of its own, across referrals (docs/architecture.md, "One child
across referrals")."""

from django.db import models
from django.utils import timezone


class Child(models.Model):
    """One child, once: each submitted referral (and so each case) belongs to a child.

    It holds no details of its own: the child's name, birth date and NHS number stay on each
    referral as the referrer gave them, so anonymising a referral needs nothing here.
    """

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "children"

    def __str__(self):
        return f"Child {self.pk}"
