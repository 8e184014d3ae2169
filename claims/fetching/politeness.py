"""Being a good guest: robots.txt, one request at a time per host, backing off when asked.

The per-host delay is shared by every worker: Redis reserves each host's next request slot
when REDIS_URL is set, the FetchHost row (locked with select_for_update) otherwise.
"""

import email.utils
import functools
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from protego import Protego

from claims.models import FetchHost

from .deadline import Deadline

# Retry-After values beyond this are cut down: a fetch waits at most this long per attempt.
MAX_RETRY_AFTER = 120.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"

# Reserves the next request slot for a host on Redis's own clock (no skew between
# workers) and answers the slot and Redis's time, in milliseconds since the epoch.
_RESERVE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or now))
redis.call('SET', KEYS[1], slot + delay, 'PX', slot - now + delay + 1000)
return {slot, now}
"""


@functools.cache
def _redis_script(url: str):
    import redis

    return redis.Redis.from_url(url).register_script(_RESERVE_SLOT)


def _reserve_redis(key: str, delay: float) -> tuple[float, float]:
    script = _redis_script(settings.REDIS_URL)
    slot_ms, now_ms = script(keys=[f"fetch:next:{key}"], args=[round(delay * 1000)])
    return int(slot_ms) / 1000, (int(slot_ms) - int(now_ms)) / 1000


def _reserve_db(key: str, delay: float) -> tuple[float, float]:
    with transaction.atomic():
        row, _created = FetchHost.objects.select_for_update().get_or_create(host=key)
        now = timezone.now()
        slot = max(now, row.next_request_at or now)
        row.next_request_at = slot + timedelta(seconds=delay)
        row.save(update_fields=["next_request_at"])
    # Measured after the commit, which may itself take a while.
    return slot.timestamp(), (slot - timezone.now()).total_seconds()


def reserve_slot(key: str, delay: float) -> tuple[float, float]:
    """Reserve the host's next request slot: (the slot as a Unix time, seconds to wait)."""
    return _reserve_redis(key, delay) if settings.REDIS_URL else _reserve_db(key, delay)


def wait_for_turn(key: str, deadline: Deadline) -> None:
    """Sleep until this worker's reserved slot for the host comes."""
    delay = settings.FETCH_HOST_DELAY_SECONDS
    if delay <= 0:
        return
    _slot, wait = reserve_slot(key, delay)
    if wait > 0:
        time.sleep(min(wait, deadline.check()))
        deadline.check()


def robots_allow(
    key: str, robots_url: str, url: str, fetch_robots: Callable[[str], tuple[str, bool]]
) -> bool:
    """Whether robots.txt lets us fetch `url`; robots.txt is cached on the FetchHost row.

    `fetch_robots(robots_url)` answers (text, cacheable).
    """
    ttl = timedelta(seconds=settings.FETCH_ROBOTS_TTL_SECONDS)
    row = FetchHost.objects.filter(host=key).first()
    if row and row.robots_fetched_at and timezone.now() - row.robots_fetched_at < ttl:
        text = row.robots_txt
    else:
        text, cacheable = fetch_robots(robots_url)
        if cacheable:
            FetchHost.objects.update_or_create(
                host=key, defaults={"robots_txt": text, "robots_fetched_at": timezone.now()}
            )
    agent = settings.FETCH_USER_AGENT.split("/", 1)[0]
    return Protego.parse(text).can_fetch(url, agent)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds to wait (delta-seconds or an HTTP date), capped."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def backoff(attempt: int) -> float:
    """Exponential backoff with full jitter (attempt 0 is the first retry)."""
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt))
