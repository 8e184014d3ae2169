"""fetch(): GET one URL safely. Each hop is checked by the guard and connected to the
addresses the guard checked; redirects, retries, size and time are ours to decide."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from . import guard, politeness
from .body import read_body
from .deadline import Deadline
from .errors import (
    BadContentType,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
)
from .result import HTML_TYPES, FetchResult, split_content_type
from .transport import make_client

REDIRECTS = (301, 302, 303, 307, 308)
ROBOTS_MAX_BYTES = 500 * 1024
# Tests replace it to record the pauses between attempts instead of sleeping.
sleep = time.sleep


@dataclass(frozen=True)
class _Request:
    url: str  # the URL asked for, before redirects
    accept: tuple[str, ...]
    headers: dict[str, str]
    max_bytes: int
    retries: int
    respect_robots: bool
    deadline: Deadline


def _accepts(mime: str, accept: tuple[str, ...]) -> bool:
    if not accept:
        return True
    return any(
        mime == pattern or (pattern.endswith("/*") and mime.startswith(pattern[:-1]))
        for pattern in accept
    )


def _status_error(response: httpx.Response, url: str) -> HTTPStatusError:
    status = response.status_code
    return HTTPStatusError(
        _("The site answered %(status)s %(reason)s for %(url)s.")
        % {"status": status, "reason": response.reason_phrase, "url": url},
        status=status,
        retry_after=politeness.retry_after_seconds(response.headers.get("retry-after")),
    )


def _result(request: _Request, url: str, response: httpx.Response, body: bytes) -> FetchResult:
    headers = {name.lower(): value for name, value in response.headers.items()}
    mime, charset = split_content_type(headers.get("content-type", ""))
    return FetchResult(
        url=request.url,
        final_url=url,
        status=response.status_code,
        headers=headers,
        content=body,
        content_type=mime,
        encoding=charset,
        etag=headers.get("etag", ""),
        last_modified=headers.get("last-modified", ""),
        not_modified=response.status_code == 304,
    )


def _attempt(target: guard.Target, url: str, request: _Request) -> FetchResult | str:
    """One GET: a result, or the next URL when redirected."""
    with (
        make_client(target, request.deadline) as client,
        client.stream("GET", url, headers=request.headers) as response,
    ):
        status = response.status_code
        location = response.headers.get("location")
        if status in REDIRECTS and location:
            return urljoin(url, location.strip())
        if status == 304:
            return _result(request, url, response, b"")
        if not 200 <= status < 300:
            raise _status_error(response, url)
        mime, _charset = split_content_type(response.headers.get("content-type", ""))
        if not _accepts(mime, request.accept):
            raise BadContentType(
                _("The address gives %(type)s, not a page of the expected kind.")
                % {"type": mime or _("content of no stated type")}
            )
        body = read_body(response, max_bytes=request.max_bytes, deadline=request.deadline)
        return _result(request, url, response, body)


def _connection_error(target: guard.Target, exc: Exception) -> FetchError:
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(_("%(host)s did not answer in time.") % {"host": target.host})
    return FetchError(_("Could not connect to %(host)s.") % {"host": target.host})


def _hop(target: guard.Target, url: str, request: _Request) -> FetchResult | str:
    """One hop, retried on 5xx, 429 and connection errors; never on other 4xx."""
    for attempt in range(request.retries + 1):
        politeness.wait_for_turn(target.key, request.deadline)
        try:
            return _attempt(target, url, request)
        except HTTPStatusError as exc:
            error: FetchError = exc
            if not exc.retryable:
                raise
            pause = exc.retry_after
        except httpx.TransportError as exc:
            request.deadline.check()
            error = _connection_error(target, exc)
            error.__cause__ = exc
            pause = None
        if pause is None:
            pause = politeness.backoff(attempt)
        if attempt == request.retries or pause >= request.deadline.remaining():
            raise error
        sleep(pause)
    raise AssertionError("unreachable")


def _robots_fetcher(request: _Request) -> Callable[[str], tuple[str, bool]]:
    def fetch_robots(robots_url: str) -> tuple[str, bool]:
        """robots.txt as (text, cacheable), read as RFC 9309 says."""
        conditional = ("If-None-Match", "If-Modified-Since")
        headers = {k: v for k, v in request.headers.items() if k not in conditional}
        robots = _Request(
            url=robots_url,
            accept=(),
            headers={**headers, "Accept": "text/plain, */*;q=0.5"},
            max_bytes=ROBOTS_MAX_BYTES,
            retries=0,
            respect_robots=False,
            deadline=request.deadline,
        )
        try:
            return _follow(robots).text(), True
        except HTTPStatusError as exc:
            if exc.status == 429 or exc.status >= 500:
                return politeness.DISALLOW_ALL, False  # unreachable: assume disallowed
            return "", True  # no robots.txt: no rules
        except DeadlineExceeded:
            raise
        except FetchError:  # unreachable, blocked, too large: assume disallowed
            return politeness.DISALLOW_ALL, False

    return fetch_robots


def _check_robots(target: guard.Target, url: str, request: _Request) -> None:
    robots_url = f"{target.origin}/robots.txt"
    if not politeness.robots_allow(target.key, robots_url, url, _robots_fetcher(request)):
        raise RobotsDisallowed(
            _("The site's robots.txt does not let us fetch %(url)s.") % {"url": url}
        )


def _follow(request: _Request) -> FetchResult:
    url = request.url
    for _hop_number in range(settings.FETCH_MAX_REDIRECTS + 1):
        target = guard.check_url(url)
        if request.respect_robots:
            _check_robots(target, url, request)
        outcome = _hop(target, url, request)
        if isinstance(outcome, FetchResult):
            return outcome
        url = outcome
    raise FetchError(
        _("Too many redirects (more than %(count)s).") % {"count": settings.FETCH_MAX_REDIRECTS}
    )


def fetch(
    url: str,
    *,
    accept: Iterable[str] = HTML_TYPES,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    deadline: float | None = None,
    retries: int | None = None,
    respect_robots: bool = True,
) -> FetchResult:
    """GET `url` through the guard, politely, within size and time caps.

    `deadline` (seconds) covers everything: robots.txt, waits for the host, connects,
    redirects, retries and the body. Raises a FetchError subclass on any failure.
    """
    accept = tuple(a.lower() for a in accept)
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": ", ".join((*accept, "*/*;q=0.1")) if accept else "*/*",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = _Request(
        url=url,
        accept=accept,
        headers=headers,
        max_bytes=settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes,
        retries=settings.FETCH_RETRIES if retries is None else retries,
        respect_robots=respect_robots,
        deadline=Deadline(settings.FETCH_DEADLINE_SECONDS if deadline is None else deadline),
    )
    return _follow(request)
