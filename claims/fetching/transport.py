"""The connection layer under httpx: sockets go only to the addresses the guard checked,
and every socket operation ends by the fetch's deadline."""

import functools
import ssl
import time

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from .deadline import Deadline
from .errors import BlockedURL
from .guard import Target


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline):
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout=self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout=self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        inner = self._inner.start_tls(
            ssl_context, server_hostname=server_hostname, timeout=self._deadline.clamp(timeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the addresses the guard checked, whatever name the URL holds:
    no second DNS lookup happens, so a rebinding answer cannot slip in."""

    def __init__(self, target: Target, deadline: Deadline):
        self._target, self._deadline = target, deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        error: Exception | None = None
        for address in self._target.addresses:
            try:
                stream = self._inner.connect_tcp(
                    address,
                    self._target.port,
                    timeout=self._deadline.clamp(timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
            else:
                return _DeadlineStream(stream, self._deadline)
        raise error or httpcore.ConnectError("no address")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise BlockedURL(_("Only http and https web addresses can be fetched."))

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds of CPU; one context serves all.
    return httpx.create_ssl_context(trust_env=False)


def make_client(target: Target, deadline: Deadline) -> httpx.Client:
    # trust_env=False: a proxy from the environment would do its own DNS lookup.
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public hook for the network backend; its pool is rebuilt with ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_ssl_context(),
        network_backend=_PinnedBackend(target, deadline),
        max_connections=1,
    )
    return httpx.Client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(settings.FETCH_CONNECT_TIMEOUT),
    )
