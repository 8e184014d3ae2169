"""`make run`: the web server, a Celery worker and Celery beat, kept running together.

A worker or beat that dies (killed, out of memory, a crash) is started again after a short
pause that grows while it keeps dying; the web server stays up meanwhile, and beat sends
again the job the dead worker was running (claims.jobs.jobs_reap_stale). If the web server
itself stops there is nothing left to serve: everything stops. Ctrl-C or SIGTERM stops all.
"""

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("claims.run_workbench")

# Seconds before starting a dead process again: doubled each time it dies soon after a
# start, back to the first step once it has stayed up for STABLE_SECONDS.
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
STABLE_SECONDS = 60.0


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "factcheck", *args, "--loglevel", "INFO"]


@dataclass
class Supervised:
    name: str
    argv: list[str]
    proc: subprocess.Popen | None = None
    started: float = 0.0
    backoff: float = FIRST_BACKOFF
    restart_at: float | None = None
    restarts: int = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(self.argv)
        self.started = time.monotonic()
        self.restart_at = None

    def check(self, now: float) -> None:
        """Schedule a restart when the process died; start it when its pause is over."""
        if self.restart_at is None and self.proc is not None and self.proc.poll() is not None:
            if now - self.started >= STABLE_SECONDS:
                self.backoff = FIRST_BACKOFF
            logger.warning(
                "the %s stopped (exit code %s); starting it again in %.0f s",
                self.name,
                self.proc.returncode,
                self.backoff,
            )
            self.restart_at = now + self.backoff
            self.backoff = min(self.backoff * 2, MAX_BACKOFF)
        elif self.restart_at is not None and now >= self.restart_at:
            self.restarts += 1
            self.start()
            logger.warning("the %s started again (pid %s)", self.name, self.proc.pid)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()

    def wait(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker and Celery beat together; a worker or beat "
        "that dies is started again. Ctrl-C stops all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, host: str, port: str, **options):
        broker = "Redis" if settings.REDIS_URL else "the embedded filesystem broker (var/broker)"
        web = Supervised(
            "web server",
            [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        )
        helpers = [
            Supervised("worker", _celery("worker", "--concurrency", "1")),
            # Beat polls the source feeds on their intervals and recovers dead or unsent jobs.
            Supervised("beat", _celery("beat", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME)),
        ]
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        everything = [*helpers, web]
        try:
            for proc in everything:
                proc.start()
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nWorkbench: http://{host}:{port}/  (worker and beat on {broker})\n"
                ),
            )
            while not stopping and web.proc.poll() is None:
                now = time.monotonic()
                for helper in helpers:
                    helper.check(now)
                time.sleep(0.5)
        finally:
            for proc in everything:
                proc.stop()
            for proc in everything:
                proc.wait()
        if not stopping:
            raise CommandError(f"the web server stopped (exit code {web.proc.returncode})")
