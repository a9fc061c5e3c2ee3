"""/healthz for load balancers: the database, the cache, both file stores and the broker.

django-health-check runs each check; a failing one turns the answer into a 500 naming it.
"""

from django.conf import settings
from health_check import checks
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView


def _broker():
    from redis.asyncio import Redis as RedisClient

    return RedisClient.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def health_checks() -> list:
    found = [
        checks.Database,
        checks.Cache,
        (checks.Storage, {"alias": "default"}),
        (checks.Storage, {"alias": "private"}),
    ]
    if settings.REDIS_URL:  # the embedded default has no broker: tasks run in-process
        found.append((Redis, {"client_factory": _broker}))
    return found


healthz = HealthCheckView.as_view(checks=health_checks())
