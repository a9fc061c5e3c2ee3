from django.core.management.base import BaseCommand, CommandError

from training.core.published_passwords import refuse_under_production
from training.scale.generate import PASSWORD, generate, scale_data_exists


class Command(BaseCommand):
    help = "Build a believable Attune world at scale (deterministic for a seed; bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--trainees", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, trainees, seed, **options):
        refuse_under_production("a scale world of accounts")
        if trainees < 10:
            raise CommandError("Ask for at least 10 trainees.")
        if scale_data_exists():
            raise CommandError("Scale data is already here; run this on a fresh database.")
        self.stdout.write(f"Generating a world of {trainees:,} trainees (seed {seed})…")
        counts = generate(trainees=trainees, seed=seed, report=self.stdout.write)
        for name, count in counts.items():
            self.stdout.write(f"  {count:>10,} {name}")
        self.stdout.write(self.style.SUCCESS(f"Done. Every account's password is {PASSWORD}."))
