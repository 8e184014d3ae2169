"""Reading a response body within the size cap, decompressing it ourselves."""

import zlib
from collections.abc import Iterator

import httpx
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .deadline import Deadline
from .errors import FetchError, TooLarge

CHUNK = 64 * 1024


def _inflated(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """The body decompressed a bounded piece at a time, so that a compression bomb is
    stopped by the size cap before it fills memory."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        yield from chunks
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(_("The site sent its page in an unsupported encoding."))
    wbits = 32 + zlib.MAX_WBITS  # gzip or zlib header, detected
    inflater = zlib.decompressobj(wbits)
    try:
        for data in chunks:
            while True:
                out = inflater.decompress(data, CHUNK)
                if out:
                    yield out
                data = inflater.unconsumed_tail
                if inflater.eof and inflater.unused_data:  # another gzip member
                    data, inflater = inflater.unused_data, zlib.decompressobj(wbits)
                if not data and len(out) < CHUNK:
                    break
        yield inflater.flush()
    except zlib.error as exc:
        raise FetchError(_("The site sent a damaged compressed page.")) from exc


def _too_large(limit: int) -> TooLarge:
    return TooLarge(_("The page is larger than %(limit)s.") % {"limit": filesizeformat(limit)})


def read_body(response: httpx.Response, *, max_bytes: int, deadline: Deadline) -> bytes:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    encoding = response.headers.get("content-encoding", "")
    for piece in _inflated(response.iter_raw(CHUNK), encoding):
        body += piece
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
        deadline.check()
    return bytes(body)
