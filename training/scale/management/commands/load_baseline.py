import json

from django.core.management.base import BaseCommand

from .load_integrity import BASELINE_COUNTS


class Command(BaseCommand):
    help = "Before a load run: save the counts the integrity check compares against."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)

    def handle(self, *args, out, **options):
        counts = {name: count() for name, count in BASELINE_COUNTS.items()}
        with open(out, "w") as handle:
            json.dump(counts, handle)
        self.stdout.write(f"Baseline: {counts}")
