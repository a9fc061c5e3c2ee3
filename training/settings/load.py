"""`make load` only: production settings plus the scale world its accounts come from.

The load test must measure the production stack, but its generated accounts share a known
password and TOTP secret, so they live in an app (`training.scale`) production never installs.
"""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "training.scale"]
