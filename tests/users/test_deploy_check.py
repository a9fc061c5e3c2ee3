import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "training.settings.production",
    "SECRET_KEY": "k3v9-Jq2_x8Lr5tZp0W7nB4mC6yH1sD9fG2hJ5kL8zX3cV6bN0mQ4wE7rT1yU5iO9",
    "DATABASE_URL": "postgres://attune@db.internal:5432/attune",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ALLOWED_HOSTS": "attune.example.org",
}


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


def test_production_refuses_to_start_without_its_secrets():
    for missing in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = run_manage("check", env_overrides=env)
        assert result.returncode != 0, missing
        assert missing in result.stderr


def test_production_collects_and_fingerprints_every_static_file(tmp_path):
    """WhiteNoise's manifest storage fails on any broken reference (a missing source map, say)."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        env_overrides={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
