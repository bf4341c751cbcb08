"""The people around the focus child: the parents and carers who would take part, and the
other children in the household; each can be the same person across referrals."""

from django.db import models

from referrals.children import Carer, Child
from referrals.choices import Relationship


class ParentCarer(models.Model):
    """A parent or carer who would take part."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="parents"
    )
    # The same person across referrals (docs/architecture.md, "One child across referrals").
    carer = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.SET_NULL, related_name="parents"
    )
    name = models.CharField("Full name", max_length=150)
    relationship = models.CharField(
        "Relationship to the child", max_length=20, choices=Relationship.choices
    )
    phone = models.CharField("Phone number", max_length=30, blank=True)
    email = models.EmailField("Email address", blank=True)
    motivated = models.BooleanField("Motivated to take part")
    agreed_to_referral = models.BooleanField("Has agreed to this referral")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def motivation_and_agreement(self) -> str:
        """Both answers in words, e.g. "Motivated to take part; has agreed to the referral"."""
        motivated = "Motivated to take part" if self.motivated else "Not motivated to take part"
        agreed = "has agreed" if self.agreed_to_referral else "has not agreed"
        return f"{motivated}; {agreed} to the referral"


class HouseholdChild(models.Model):
    """Another child living in the household."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="household_children"
    )
    # The same child as a record: referred themselves, or in another referral's household.
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="in_households"
    )
    first_name = models.CharField("First name", max_length=100)
    date_of_birth = models.DateField("Date of birth")

    class Meta:
        ordering = ["date_of_birth", "pk"]
        verbose_name_plural = "household children"

    def __str__(self):
        return self.first_name
