"""claims.fetching: the guard, the caps, politeness and feeds, against loopback servers only."""

import gzip
import ipaddress
import socket
import threading
import time
import zlib

import pytest
from django.utils import translation
from pytest_httpserver import HTTPServer
from werkzeug import Response

from claims import fetching
from claims.fetching import client, guard, politeness
from claims.models import FetchHost

pytestmark = pytest.mark.django_db

HTML = "text/html; charset=utf-8"
PAGE = "<html><body><p>Bonjour.</p></body></html>"
_real_create_connection = socket.create_connection


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every address the code connects to; anything outside loopback fails the test."""
    seen: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        host, port = address[0], address[1]
        if not ipaddress.ip_address(host).is_loopback:
            pytest.fail(f"connection to {host} outside loopback")
        seen.append((host, port))
        return _real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fetch_settings(settings, httpserver):
    settings.FETCH_ALLOW = [f"localhost:{httpserver.port}", f"127.0.0.1:{httpserver.port}"]
    settings.FETCH_HOST_DELAY_SECONDS = 0
    settings.FETCH_RETRIES = 3
    settings.REDIS_URL = ""
    return settings


@pytest.fixture
def pauses(monkeypatch):
    """The pauses between attempts, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(client, "sleep", recorded.append)
    return recorded


@pytest.fixture
def other_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def get(url, **kwargs):
    kwargs.setdefault("respect_robots", False)
    return fetching.fetch(url, **kwargs)


def test_fetches_a_page(httpserver):
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type=HTML)
    result = get(httpserver.url_for("/page"))
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.encoding == "utf-8"
    assert "Bonjour" in result.text()
    assert result.final_url == result.url == httpserver.url_for("/page")
    assert httpserver.log[0][0].headers["User-Agent"].startswith("FactCheckWorkbench/")


# The guard ------------------------------------------------------------------------------

SSRF_URLS = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::1]/",
    "http://[::]/",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://[64:ff9b::808:808]/",
    "http://[2002:808:808::1]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "https://[::ffff:8.8.8.8]/",
    "file:///etc/passwd",
    "ftp://example.com/file",
    "gopher://127.0.0.1:70/_stats",
    "data:text/html,<p>hi</p>",
    "javascript:alert(1)",
    "http:///nohost",
]


@pytest.mark.parametrize("url", SSRF_URLS)
def test_refuses_private_addresses_and_other_schemes_before_connecting(url, connections):
    with pytest.raises(fetching.BlockedURL):
        fetching.fetch(url)
    assert connections == []


def test_a_port_that_is_not_allowlisted_is_refused(other_server, connections):
    other_server.expect_request("/").respond_with_data(PAGE, content_type=HTML)
    with pytest.raises(fetching.BlockedURL):
        get(other_server.url_for("/"))
    assert other_server.log == []
    assert connections == []


@pytest.mark.parametrize(
    "answers",
    [["10.0.0.5"], ["93.184.216.34", "127.0.0.1"], ["::1"], ["100.100.1.1"]],
    ids=["private", "one-public-one-loopback", "ipv6-loopback", "cgnat"],
)
def test_every_address_a_name_resolves_to_is_checked(monkeypatch, answers, connections):
    def getaddrinfo(host, port, *args, **kwargs):
        assert host == "news.example"
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[ipaddress.ip_address(a).version], socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(fetching.BlockedURL):
        fetching.fetch("https://news.example/article")
    assert connections == []


def test_the_checked_address_is_pinned_without_a_second_lookup(monkeypatch, httpserver, settings):
    """A rebinding resolver answers loopback first, then a private address: the
    connection goes to the first, checked answer, and the Host header keeps the name."""
    settings.FETCH_ALLOW = [f"rebind.test:{httpserver.port}"]
    answers = iter(["127.0.0.1", "10.0.0.1"])
    lookups = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.test":  # socket.create_connection's numeric lookup
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    httpserver.expect_request("/").respond_with_data(PAGE, content_type=HTML)
    result = get(f"http://rebind.test:{httpserver.port}/")
    assert result.status == 200
    assert lookups == ["rebind.test"]
    assert httpserver.log[0][0].headers["Host"] == f"rebind.test:{httpserver.port}"


def test_a_redirect_to_a_loopback_port_not_allowlisted_is_refused(httpserver, other_server):
    other_server.expect_request("/secret").respond_with_data("secret", content_type=HTML)
    httpserver.expect_request("/go").respond_with_data(
        "", status=302, headers={"Location": other_server.url_for("/secret")}
    )
    with pytest.raises(fetching.BlockedURL):
        get(httpserver.url_for("/go"))
    assert other_server.log == []


def test_a_redirect_to_a_private_address_is_refused_before_connecting(httpserver, connections):
    httpserver.expect_request("/go").respond_with_data(
        "", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(fetching.BlockedURL):
        get(httpserver.url_for("/go"))
    assert {port for _host, port in connections} == {httpserver.port}


def test_redirects_are_followed_and_relative_locations_resolved(httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=307, headers={"Location": "c"})
    httpserver.expect_request("/c").respond_with_data(PAGE, content_type=HTML)
    result = get(httpserver.url_for("/a"))
    assert result.final_url == httpserver.url_for("/c")
    assert result.url == httpserver.url_for("/a")


def test_more_than_five_redirects_are_refused(httpserver):
    for hop in range(7):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/r{hop + 1}"}
        )
    with pytest.raises(fetching.FetchError, match="Too many redirects"):
        get(httpserver.url_for("/r0"))
    assert len(httpserver.log) == 6


def test_a_proxy_from_the_environment_is_not_used(monkeypatch, httpserver):
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.9.9.9:3128")
    httpserver.expect_request("/").respond_with_data(PAGE, content_type=HTML)
    assert get(httpserver.url_for("/")).status == 200


# Caps -----------------------------------------------------------------------------------


def test_a_50_mb_streamed_body_is_cut_at_the_cap(httpserver):
    sent = []

    def body():
        for _ in range(800):  # 800 × 64 KiB = 50 MiB, never built in memory
            sent.append(1)
            yield b"a" * 65536

    httpserver.expect_request("/big").respond_with_response(
        Response(body(), content_type="text/html")
    )
    with pytest.raises(fetching.TooLarge):
        get(httpserver.url_for("/big"), max_bytes=1024 * 1024)
    assert len(sent) < 800


def test_a_declared_length_over_the_cap_is_refused_before_reading(httpserver):
    httpserver.expect_request("/big").respond_with_data("a" * 5000, content_type="text/html")
    with pytest.raises(fetching.TooLarge, match="larger than"):
        get(httpserver.url_for("/big"), max_bytes=1000)


def _gzip_bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def test_a_gzip_bomb_is_stopped_at_the_cap(httpserver):
    bomb = _gzip_bomb(200)
    assert len(bomb) < 1024 * 1024
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(fetching.TooLarge):
        get(httpserver.url_for("/bomb"), max_bytes=2 * 1024 * 1024)


def test_a_gzipped_page_is_decompressed(httpserver):
    httpserver.expect_request("/z").respond_with_data(
        gzip.compress(PAGE.encode()), content_type=HTML, headers={"Content-Encoding": "gzip"}
    )
    assert get(httpserver.url_for("/z")).content == PAGE.encode()


class TrickleServer:
    """Answers every connection one byte at a time, one byte per 0.2 s."""

    def __init__(self, *, in_headers: bool):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.in_headers = in_headers
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
            if not self.in_headers:
                conn.sendall(head)
                head = b""
            for byte in head + b"a" * 1000:
                if self.stop.wait(0.2):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_cut_at_the_deadline(settings, in_headers):
    server = TrickleServer(in_headers=in_headers)
    settings.FETCH_ALLOW = [f"127.0.0.1:{server.port}"]
    try:
        with pytest.raises(fetching.DeadlineExceeded):
            get(f"http://127.0.0.1:{server.port}/", deadline=1.0)
    finally:
        server.close()


def test_a_content_type_not_accepted_is_refused(httpserver):
    httpserver.expect_request("/x").respond_with_data(b"\x89PNG", content_type="image/png")
    with pytest.raises(fetching.BadContentType, match="image/png"):
        get(httpserver.url_for("/x"))
    httpserver.expect_request("/feed").respond_with_data("<rss/>", content_type="text/xml")
    assert get(httpserver.url_for("/feed"), accept=fetching.FEED_TYPES).status == 200


# Charsets -------------------------------------------------------------------------------

FRENCH = (
    "Le ministère a précisé mercredi que les élèves étaient déjà rentrés chez eux. "
    "« Nous avons été très surpris », a déclaré à l'AFP un porte-parole, évoquant "
    "une décision prise à la hâte après des réunions à huis clos. "
)


def test_a_latin1_page_with_a_meta_charset_is_decoded(httpserver):
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{FRENCH}</body></html>'
    httpserver.expect_request("/p").respond_with_data(
        page.encode("latin-1"), content_type="text/html"
    )
    assert FRENCH in get(httpserver.url_for("/p")).text()


def test_the_header_charset_overrides_the_meta_charset(httpserver):
    page = f'<html><head><meta charset="utf-8"></head><body>{FRENCH}</body></html>'
    httpserver.expect_request("/p").respond_with_data(
        page.encode("latin-1"), content_type="text/html; charset=ISO-8859-1"
    )
    result = get(httpserver.url_for("/p"))
    assert result.encoding == "iso-8859-1"
    assert FRENCH in result.text()


def test_a_page_without_any_charset_is_detected(httpserver):
    page = f"<html><body><p>{FRENCH * 3}</p></body></html>"
    httpserver.expect_request("/p").respond_with_data(
        page.encode("cp1252"), content_type="text/html"
    )
    result = get(httpserver.url_for("/p"))
    assert result.encoding is None
    assert FRENCH in result.text()


# Robots ---------------------------------------------------------------------------------


def test_robots_disallow_is_honoured_and_robots_fetched_once(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n", content_type="text/plain"
    )
    httpserver.expect_request("/private/a").respond_with_data(PAGE, content_type=HTML)
    httpserver.expect_request("/public").respond_with_data(PAGE, content_type=HTML)
    for _ in range(3):
        assert fetching.fetch(httpserver.url_for("/public")).status == 200
    with pytest.raises(fetching.RobotsDisallowed):
        fetching.fetch(httpserver.url_for("/private/a"))
    paths = [request.path for request, _response in httpserver.log]
    assert paths.count("/robots.txt") == 1
    assert "/private/a" not in paths
    assert FetchHost.objects.get(host=f"localhost:{httpserver.port}").robots_fetched_at


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (503, False)])
def test_a_missing_robots_allows_all_and_a_failing_one_allows_nothing(httpserver, status, allowed):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=status)
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type=HTML)
    if allowed:
        assert fetching.fetch(httpserver.url_for("/page")).status == 200
    else:
        with pytest.raises(fetching.RobotsDisallowed):
            fetching.fetch(httpserver.url_for("/page"))


def test_a_stale_robots_is_fetched_again(httpserver, settings):
    settings.FETCH_ROBOTS_TTL_SECONDS = 0
    httpserver.expect_request("/robots.txt").respond_with_data("", content_type="text/plain")
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type=HTML)
    fetching.fetch(httpserver.url_for("/page"))
    fetching.fetch(httpserver.url_for("/page"))
    paths = [request.path for request, _response in httpserver.log]
    assert paths.count("/robots.txt") == 2


# Retries --------------------------------------------------------------------------------


def test_503_twice_then_200_takes_three_attempts(httpserver, pauses):
    httpserver.expect_ordered_request("/p").respond_with_data("", status=503)
    httpserver.expect_ordered_request("/p").respond_with_data("", status=503)
    httpserver.expect_ordered_request("/p").respond_with_data(PAGE, content_type=HTML)
    assert get(httpserver.url_for("/p")).status == 200
    assert len(httpserver.log) == 3
    assert len(pauses) == 2
    assert all(0 <= pause <= politeness.BACKOFF_CAP for pause in pauses)


def test_retry_after_is_honoured_on_429(httpserver, pauses):
    httpserver.expect_ordered_request("/p").respond_with_data(
        "", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/p").respond_with_data(PAGE, content_type=HTML)
    assert get(httpserver.url_for("/p")).status == 200
    assert pauses == [7.0]


def test_a_retry_after_beyond_the_deadline_gives_up_with_the_delay(httpserver, pauses):
    httpserver.expect_request("/p").respond_with_data(
        "", status=503, headers={"Retry-After": "100"}
    )
    with pytest.raises(fetching.HTTPStatusError) as caught:
        get(httpserver.url_for("/p"), deadline=5)
    assert (caught.value.status, caught.value.retry_after, caught.value.retryable) == (
        503,
        100.0,
        True,
    )
    assert pauses == []


def test_exhausted_retries_raise_the_last_status(httpserver, pauses):
    httpserver.expect_request("/p").respond_with_data("", status=500)
    with pytest.raises(fetching.HTTPStatusError) as caught:
        get(httpserver.url_for("/p"), retries=2)
    assert caught.value.status == 500
    assert len(httpserver.log) == 3


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_never_retried(httpserver, pauses, status):
    httpserver.expect_request("/p").respond_with_data("", status=status)
    with pytest.raises(fetching.HTTPStatusError) as caught:
        get(httpserver.url_for("/p"))
    assert caught.value.status == status
    assert not caught.value.retryable
    assert len(httpserver.log) == 1
    assert pauses == []


def test_a_refused_connection_is_retried_then_reported(settings, pauses):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once it is closed
    settings.FETCH_ALLOW = [f"127.0.0.1:{port}"]
    with pytest.raises(fetching.FetchError, match="Could not connect"):
        get(f"http://127.0.0.1:{port}/", retries=2)
    assert len(pauses) == 2


def test_retry_after_as_an_http_date():
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= politeness.retry_after_seconds(later) <= 30
    assert politeness.retry_after_seconds("86400") == politeness.MAX_RETRY_AFTER
    assert politeness.retry_after_seconds("soon") is None


def test_a_conditional_get_answers_not_modified(httpserver):
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304, headers={"ETag": '"v1"'}
    )
    result = get(httpserver.url_for("/feed"), etag='"v1"', last_modified="Tue, 01 Dec 2026")
    assert result.not_modified
    assert (result.status, result.content, result.etag) == (304, b"", '"v1"')
    assert httpserver.log[0][0].headers["If-Modified-Since"] == "Tue, 01 Dec 2026"


# The delay per host ---------------------------------------------------------------------


def _timed_handler(stamps: list[float]):
    def handler(request):
        stamps.append(time.time())  # wall clock: the slots are Unix times
        return Response(PAGE, content_type=HTML)

    return handler


def _recorded_slots(monkeypatch) -> dict[str, list[float]]:
    """Record every slot the politeness layer reserves, by host key."""
    slots: dict[str, list[float]] = {}
    reserve = politeness.reserve_slot

    def recording(key, delay):
        slot, wait = reserve(key, delay)
        slots.setdefault(key, []).append(slot)
        return slot, wait

    monkeypatch.setattr(politeness, "reserve_slot", recording)
    return slots


def _run_two_hosts(httpserver, other_server, settings, monkeypatch, count=20):
    from django.db import connection

    delay = 0.25
    settings.FETCH_HOST_DELAY_SECONDS = delay
    settings.FETCH_ALLOW = [
        f"localhost:{httpserver.port}",
        f"127.0.0.1:{other_server.port}",
    ]
    slots = _recorded_slots(monkeypatch)
    stamps_a: list[float] = []
    stamps_b: list[float] = []
    httpserver.expect_request("/a").respond_with_handler(_timed_handler(stamps_a))
    other_server.expect_request("/b").respond_with_handler(_timed_handler(stamps_b))
    errors = []

    def worker(url):
        try:
            for _ in range(count // 4):
                get(url)
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    urls = [httpserver.url_for("/a"), other_server.url_for("/b")] * 4
    threads = [threading.Thread(target=worker, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(stamps_a) == len(stamps_b) == count
    hosts = {f"localhost:{httpserver.port}": stamps_a, f"127.0.0.1:{other_server.port}": stamps_b}
    assert sorted(slots) == sorted(hosts)
    for key, stamps in hosts.items():
        # The shared store hands each request of a host its own slot, `delay` apart …
        reserved = sorted(slots[key])
        assert min(b - a for a, b in zip(reserved, reserved[1:], strict=False)) >= delay - 0.002
        # … and no request reaches the host before its slot (it may come later: a loaded
        # machine only delays it). The k-th arrival is never before the k-th slot.
        for arrived, slot in zip(sorted(stamps), reserved, strict=True):
            assert arrived >= slot - 0.002
    # The two hosts went side by side, not one after the other.
    assert stamps_b[0] < stamps_a[-1] and stamps_a[0] < stamps_b[-1]


@pytest.mark.django_db(transaction=True)
def test_requests_to_one_host_are_spaced_through_the_database(
    httpserver, other_server, settings, monkeypatch
):
    _run_two_hosts(httpserver, other_server, settings, monkeypatch)
    assert FetchHost.objects.get(host=f"localhost:{httpserver.port}").next_request_at


@pytest.mark.django_db(transaction=True)
def test_requests_to_one_host_are_spaced_through_redis(
    httpserver, other_server, settings, redis_url, monkeypatch
):
    settings.REDIS_URL = redis_url
    _run_two_hosts(httpserver, other_server, settings, monkeypatch)
    assert not FetchHost.objects.exists()


# Feeds ----------------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><language>fr</language>
<item><title>Premier</title><link>/a/1</link><description>Un r\xc3\xa9sum\xc3\xa9</description>
<pubDate>Tue, 01 Dec 2026 10:00:00 +0100</pubDate></item>
<item><title>Second</title><link>https://wire.example/a/2</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>News</title>
<entry><title>One</title><link href="https://news.example/1"/><id>1</id>
<updated>2026-12-01T09:00:00Z</updated><summary>Short</summary>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"""


def test_parses_rss():
    feed = fetching.parse_feed(RSS, base_url="https://wire.example/feed.xml")
    assert feed.error == ""
    first, second = feed.entries
    assert first.url == "https://wire.example/a/1"
    assert (first.title, first.summary, first.language) == ("Premier", "Un résumé", "fr")
    assert first.published_at.isoformat() == "2026-12-01T09:00:00+00:00"
    assert second.published_at is None


def test_parses_atom():
    (entry,) = fetching.parse_feed(ATOM).entries
    assert (entry.url, entry.title, entry.summary) == ("https://news.example/1", "One", "Short")
    assert entry.content_html == "<p>Body</p>"
    assert entry.published_at.isoformat() == "2026-12-01T09:00:00+00:00"


def test_a_malformed_feed_keeps_its_good_entries_and_reports_an_error():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Broken & <b></item>")
    feed = fetching.parse_feed(broken)
    assert feed.error
    assert [e.title for e in feed.entries][:2] == ["Premier", "Second"]


def test_a_billion_laughs_feed_does_not_expand():
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(levels) + "]>"
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>&lol9;</title><link>https://a.example/1</link></item></channel></rss>"
    ).encode()
    feed = fetching.parse_feed(bomb)
    assert all(len(e.title) < 1000 and "lollol" not in e.title for e in feed.entries)


def test_an_external_entity_feed_does_not_read_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>x&xxe;</title><description>&xxe;</description>"
        "<link>https://a.example/1</link></item></channel></rss>"
    ).encode()
    feed = fetching.parse_feed(xxe)
    assert "TOP-SECRET" not in repr(feed)


# URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.COM:443/a?b=2&a=1#top", "https://example.com/a?a=1&b=2"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        (
            "https://example.com/a?utm_source=x&UTM_medium=y&fbclid=1&gclid=2&id=7",
            "https://example.com/a?id=7",
        ),
        ("https://[2001:DB8::1]:443/", "https://[2001:db8::1]/"),
    ],
)
def test_canonical_url(url, canonical):
    assert fetching.canonical_url(url) == canonical


def test_numeric_spellings_are_read_as_addresses():
    for spelling in ("2130706433", "0x7f.1", "127.1", "0177.0.0.1", "0x7f000001"):
        assert str(guard.literal_address(spelling)) == "127.0.0.1"
    assert guard.literal_address("news.example") is None
