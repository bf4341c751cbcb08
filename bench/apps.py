from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark tools (seed_scale, bench_pages): installed with DEBUG on, never in production."""

    name = "bench"
    label = "bench"
    verbose_name = "Benchmarks"
