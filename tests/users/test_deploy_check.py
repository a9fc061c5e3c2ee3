import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production_env import PRODUCTION_ENV, REQUIRED

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    # The browser tests allow async-unsafe ORM use in this process; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in inherited.items() if k not in PRODUCTION_ENV}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_naming_each_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0, missing
    assert missing in result.stderr


def test_single_host_storage_needs_its_folders_named():
    env = {**PRODUCTION_ENV, "ATTUNE_STORAGE": "filesystem"}
    env.pop("AWS_STORAGE_BUCKET_NAME")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0 and "MEDIA_ROOT must be set" in result.stderr
    result = run_manage(
        "check",
        env_overrides={**env, "MEDIA_ROOT": "/srv/attune/media", "PRIVATE_MEDIA_ROOT": "/srv/p"},
    )
    assert result.returncode == 0, result.stderr


def test_email_links_must_be_https_in_production():
    env = {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "http://attune.example.org"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0 and "https" in result.stderr


def test_production_never_installs_the_scale_world():
    """Its accounts share a known password and TOTP secret: the app is absent, not refused,
    and so is the bench's reference route."""
    result = run_manage("generate_scale_data", "--trainees", "1", env_overrides=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Unknown command" in result.stderr
    probe = "from django.urls import resolve; print(resolve('/_bench/reference/').url_name)"
    routed = run_manage("shell", "-c", probe, env_overrides=PRODUCTION_ENV)
    assert routed.stdout.split()[-1:] == ["wagtail_serve"], routed.stdout + routed.stderr


def test_production_collects_and_fingerprints_every_static_file(tmp_path):
    """WhiteNoise's manifest storage fails on any broken reference (a missing source map, say)."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        env_overrides={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
