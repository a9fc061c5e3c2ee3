"""Print Locust's CSV stats as a short table: requests/s, p50 and p95 by page, errors."""

import csv
import sys


def main(path: str) -> None:
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'page':<34}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}")
    for row in rows:
        name = "ALL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"{name[:33]:<34}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{float(row['Requests/s']):>8.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
