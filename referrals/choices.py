"""The vocabulary of a referral, shared by models, forms and rules."""

from django.db import models


class PlanStatus(models.TextChoices):
    """The child's legal or plan status, which decides priority and eligibility."""

    LAC = "lac", "Looked after child (LAC)"
    ADOPTED = "adopted", "Adopted"
    CP = "cp", "Child protection plan (CP)"
    CIN = "cin", "Child in need plan (CIN)"
    EHA = "eha", "Early help assessment or early help plan (EHA)"
    NONE = "none", "None of these"


class RouteIn(models.TextChoices):
    """How the request reached the service."""

    EARLY_HELP_HUB = "early_help_hub", "Early Help Hub request for help"
    CMD = "cmd", "Case management decision (CMD)"
    FFL = "ffl", "Foundations for Life (FFL) plan"
    TAF = "taf", "Team Around the Family meeting"
    DIRECT = "direct", "Direct professional request"


class Concern(models.TextChoices):
    """What the family needs help with (multi-select)."""

    EARLY_ATTACHMENT = "early_attachment", "Early infant attachment"
    ATTACHMENT = "attachment", "Attachment and relationship difficulties or breakdown"
    SEMH = "semh", "Social, emotional and behavioural difficulties"
    PARENTING = "parenting", "Challenges in parenting"
    PERINATAL_MH = "perinatal_mh", "Parental mental health during or after pregnancy"
    BONDING = "bonding", "Difficulty bonding (including after separation)"
    EXPECTATIONS = "expectations", "Relationship not developing as the parent expected"
    WARMTH = "warmth", "Lack of emotional warmth"
    NEGATIVE = "negative", "Predominance of negative responses to the child"
    CHILD_VIEW = "child_view", "Difficulty seeing the world from the child's point of view"
    NEW_RELATIONSHIP = (
        "new_relationship",
        "Early stages of a new relationship (e.g. new foster or adoptive placement)",
    )  # noqa: E501
    OTHER_INTERVENTION = (
        "other_intervention",
        "Applying learning from another intervention (Incredible Years, Triple P, …)",
    )  # noqa: E501
    EMOTIONS = "emotions", "Difficulty expressing emotions or helping the child manage emotions"
    SEND_CUES = "send_cues", "SEND – complex cues and communication"
    AUTISM = "autism", "Autism"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Gender(models.TextChoices):
    GIRL = "girl", "Girl"
    BOY = "boy", "Boy"
    OTHER = "other", "In another way"
    NOT_KNOWN = "not_known", "Not known"


class Relationship(models.TextChoices):
    """A parent or carer's relationship to the child."""

    BIRTH_PARENT = "birth_parent", "Birth parent"
    STEP_PARENT = "step_parent", "Step-parent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    ADOPTIVE_PARENT = "adoptive_parent", "Adoptive parent"
    KINSHIP = "kinship", "Kinship carer or special guardian"
    OTHER = "other", "Other"


class PrfqVersion(models.TextChoices):
    """PRFQ versions, chosen by the age of the focus child."""

    INFANT = "infant", "PRFQ for parents of children aged 0 to 5"
    CHILD = "child", "PRFQ for parents of children aged 6 to 11 (PRFQ-C)"
    ADOLESCENT = "adolescent", "PRFQ for parents of adolescents (PRFQ-A)"


class SchoolYear(models.TextChoices):
    """School years in England, from not yet at school to sixth form."""

    NOT_AT_SCHOOL = "not_at_school", "Not at school or nursery"
    NURSERY = "nursery", "Nursery"
    RECEPTION = "reception", "Reception"
    Y1 = "y1", "Year 1"
    Y2 = "y2", "Year 2"
    Y3 = "y3", "Year 3"
    Y4 = "y4", "Year 4"
    Y5 = "y5", "Year 5"
    Y6 = "y6", "Year 6"
    Y7 = "y7", "Year 7"
    Y8 = "y8", "Year 8"
    Y9 = "y9", "Year 9"
    Y10 = "y10", "Year 10"
    Y11 = "y11", "Year 11"
    SIXTH_FORM = "sixth_form", "Year 12 or above"
