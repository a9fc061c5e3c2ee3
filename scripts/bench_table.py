"""Print two `manage.py bench --json` results side by side: full data first, a tenth second."""

import json
import sys


def main(full_path: str, tenth_path: str) -> None:
    full, tenth = (json.load(open(path)) for path in (full_path, tenth_path))  # noqa: SIM115
    smaller = {row["name"]: row for row in tenth["results"]}
    print(f"\nAttune bench — {full['label']} trainees vs {tenth['label']} (server time, ms)")
    header = f"{'page':<30}{'median':>9}{'p95':>9}{'queries':>9}{'peak MiB':>10}"
    print(f"{'':<30}{'— full —':^37}{'— a tenth —':^37}")
    print(header + header[30:])
    for row in full["results"]:
        other = smaller.get(row["name"], {})
        cells = [row["name"][:29].ljust(30)]
        for r in (row, other):
            peak = f"{r['peak_mib']:.1f}" if r.get("peak_mib") is not None else "–"
            cells.append(
                f"{r.get('median_ms', 0):9.1f}{r.get('p95_ms', 0):9.1f}"
                f"{r.get('queries', 0):9d}{peak:>10}"
            )
        print("".join(cells))
    print()
    _ratios(full)
    print()
    for (name, seconds), (_name, small) in zip(
        full.get("background", []), tenth.get("background", []), strict=False
    ):
        print(f"{name:<40}{seconds:9.3f}{small:9.3f}")


def _ratios(run: dict) -> None:
    """Each page's median as a multiple of the two reference requests of the same run."""
    by_name = {row["name"]: row for row in run["results"]}
    anonymous = by_name.get("reference (anonymous)", {}).get("median_ms")
    signed_in = by_name.get("reference (signed in)", {}).get("median_ms")
    if not anonymous or not signed_in:
        return
    print(f"{run['label']} trainees, as multiples of the reference requests of this run")
    print(f"{'page':<30}{'× anonymous':>13}{'× signed in':>13}")
    for row in run["results"]:
        print(
            f"{row['name'][:29]:<30}{row['median_ms'] / anonymous:13.1f}"
            f"{row['median_ms'] / signed_in:13.1f}"
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])
