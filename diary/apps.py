from django.apps import AppConfig


class DiaryConfig(AppConfig):
    """The diary: appointments planned for cases, cycles, courses and supervision."""

    name = "diary"
    verbose_name = "Diary"
