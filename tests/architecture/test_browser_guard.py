"""Under CI=true, a machine without Chromium (or axe-core) fails the suite instead of skipping."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_BROWSER_TEST = "tests/e2e/test_accounts.py"


def _collect(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            ONE_BROWSER_TEST,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_hidden_chromium_fails_collection_under_ci():
    run = _collect(CI="true", ATTUNE_CHROMIUM="/nonexistent/chromium")
    assert run.returncode != 0
    assert "Browser tests cannot be skipped in CI" in run.stdout + run.stderr
    assert "chromium is not installed" in run.stdout + run.stderr


def test_a_hidden_chromium_only_skips_outside_ci():
    run = _collect(CI="false", ATTUNE_CHROMIUM="/nonexistent/chromium")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Browser tests cannot be skipped" not in run.stdout + run.stderr
