import json

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from training.scale.bench import PROBES, measure, time_background_work


class Command(BaseCommand):
    help = "Time the pages that must stay fast on generated data; print (and save) the figures."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--label", default="")
        parser.add_argument("--json", dest="json_path", help="Also write the results here.")

    def handle(self, *args, requests, label, json_path, **options):
        results = []
        # The test client's host; no debug toolbar-like work, as in production.
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            for probe in PROBES:
                result = measure(probe, repeat=requests)
                results.append(result)
                peak = f"{result.peak_mib:8.1f}" if result.peak_mib is not None else "       –"
                self.stdout.write(
                    f"{label:>6} {result.name:<28} median {result.median_ms:8.1f} ms  "
                    f"p95 {result.p95_ms:8.1f} ms  queries {result.queries:4d}  "
                    f"peak MiB {peak}  status {result.status}"
                )
            background = time_background_work()
        for name, seconds in background:
            self.stdout.write(f"{label:>6} {name:<36} {seconds:8.3f}")
        if json_path:
            with open(json_path, "w") as handle:
                json.dump(
                    {
                        "label": label,
                        "results": [r.__dict__ for r in results],
                        "background": background,
                    },
                    handle,
                )
