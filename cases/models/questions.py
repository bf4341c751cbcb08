"""The family's helping questions."""

from django.db import models

from cases.models.lifecycle import Case


class QuestionOwner(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "Child or young person"
    PROFESSIONAL = "professional", "Social worker or other professional"


class HelpingQuestion(models.Model):
    """A question the family wants VIG to help answer, rated 0–10 over time."""

    Owner = QuestionOwner

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="helping_questions")
    owner = models.CharField("Whose question", max_length=20, choices=QuestionOwner.choices)
    wording = models.CharField("The question", max_length=300)
    set_on = models.DateField("Date set")

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self):
        return self.wording
