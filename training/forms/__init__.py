"""Forms for training pages: field validation only; the services check the rules again."""

from training.forms.attendance import AttendanceForm, MakeUpForm
from training.forms.courses import MAX_DAYS, CourseForm
from training.forms.enrolment import EnrolmentForm, WithdrawForm
from training.forms.settings import TrainingSettingsForm
from training.forms.trainees import CountsForm, SignOffForm, SupervisionSessionForm, TraineeForm

__all__ = [
    "MAX_DAYS",
    "AttendanceForm",
    "CountsForm",
    "CourseForm",
    "EnrolmentForm",
    "MakeUpForm",
    "SignOffForm",
    "SupervisionSessionForm",
    "TraineeForm",
    "TrainingSettingsForm",
    "WithdrawForm",
]
