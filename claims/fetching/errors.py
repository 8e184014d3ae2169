"""What can go wrong with a fetch. Messages are shown to users as they are."""


class FetchError(Exception):
    """A URL could not be fetched; the message is shown to the user as is."""


class BlockedURL(FetchError):
    """The scheme or the address is refused by the guard against server-side requests."""


class RobotsDisallowed(FetchError):
    pass


class TooLarge(FetchError):
    pass


class DeadlineExceeded(FetchError):
    pass


class BadContentType(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, *, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """Worth trying again later: too many requests, or a server error; never another 4xx."""
        return self.status == 429 or self.status >= 500
