import time

from django.utils.translation import gettext as _

from .errors import DeadlineExceeded


class Deadline:
    """One time budget for a whole fetch: robots, waits, connects, redirects and bodies."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check(self) -> float:
        """The time left; DeadlineExceeded when there is none."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(
                _("The site took longer than %(seconds)s seconds to answer.")
                % {"seconds": f"{self.seconds:g}"}
            )
        return left

    def clamp(self, timeout: float | None) -> float:
        """A socket timeout that ends no later than the deadline."""
        left = self.check()
        return left if timeout is None else min(timeout, left)
