import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def _celery(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", *args, "--loglevel", "INFO"]
    )


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, host: str, port: str, **options):
        broker = "Redis" if settings.REDIS_URL else "the embedded filesystem broker (var/broker)"
        if not settings.REDIS_URL:
            for folder in ("queue", "processed"):
                (settings.VAR_DIR / "broker" / folder).mkdir(parents=True, exist_ok=True)
        python = sys.executable
        worker = _celery("worker", "--concurrency", "1")
        # Beat polls the source feeds on their intervals and reaps stale jobs.
        beat = _celery("beat", "--schedule", str(settings.VAR_DIR / "celerybeat-schedule"))
        web = subprocess.Popen([python, "manage.py", "runserver", f"{host}:{port}", "--noreload"])
        self.stdout.write(
            self.style.SUCCESS(
                f"\nWorkbench: http://{host}:{port}/  (worker and beat on {broker})\n"
            )
        )
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            procs = (web, worker, beat)
            while not stopping and all(proc.poll() is None for proc in procs):
                time.sleep(0.5)
        finally:
            for proc in (web, worker, beat):
                if proc.poll() is None:
                    proc.terminate()
            for proc in (web, worker, beat):
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if not stopping:
            raise SystemExit("the web server, the worker or beat stopped unexpectedly")
