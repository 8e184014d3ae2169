"""docker-compose.yml cannot run here (no Docker engine), so check what it refers to."""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_stack_has_the_expected_services():
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(SERVICES)


def test_web_worker_beat_and_migrate_share_one_image():
    images = {SERVICES[name].get("image") for name in ("web", "worker", "beat", "migrate")}
    assert len(images) == 1 and None not in images
    assert "build" in SERVICES["web"]
    assert (
        ROOT
        / SERVICES["web"]["build"]["context"]
        / SERVICES["web"]["build"].get("dockerfile", "Dockerfile")
    ).exists()


def commands(name: str) -> list[list[str]]:
    """The service's command lines; `sh -c "a && b"` is two of them."""
    command = SERVICES[name]["command"]
    argv = shlex.split(command) if isinstance(command, str) else command
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in argv[2].split("&&")]
    return [argv]


@pytest.mark.parametrize("name", ["web", "worker", "beat", "migrate"])
def test_service_commands_refer_to_things_that_exist(name):
    for argv in commands(name):
        check_command(argv)


def check_command(argv: list[str]) -> None:
    if argv[0] == "gunicorn":
        module, _, attr = argv[-1].partition(":")
        assert hasattr(importlib.import_module(module), attr)
    elif argv[0] == "celery":
        app = argv[argv.index("-A") + 1]
        assert importlib.import_module(app).celery_app is not None
        assert argv[argv.index("-A") + 2] in {"worker", "beat"}
    elif argv[:2] == ["python", "manage.py"]:
        from django.core.management import get_commands

        assert argv[2] in get_commands()
    else:
        pytest.fail(f"unexpected command {argv}")


@pytest.mark.parametrize("name", ["web", "worker", "beat", "migrate"])
def test_app_services_get_settings_from_the_environment(name):
    env = SERVICES[name].get("environment") or {}
    env_files = SERVICES[name].get("env_file")
    keys = set(env) if isinstance(env, dict) else {item.split("=")[0] for item in env}
    assert {"DATABASE_URL", "REDIS_URL"} <= keys or env_files
    assert "depends_on" in SERVICES[name]


def test_servers_have_healthchecks():
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in SERVICES[name], name


def test_stack_has_no_published_secrets():
    text = (ROOT / "docker-compose.yml").read_text()
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "RUNTIME_DB_PASSWORD"):
        assert f"${{{name}:?" in text, f"{name} must be required, not defaulted"
    assert "change-me" not in text
    assert SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


def test_stack_defaults_to_secure_cookies():
    env = SERVICES["web"]["environment"]
    assert env["SECURE_COOKIES"] == "${SECURE_COOKIES:-true}"


def test_runtime_services_connect_without_owning_the_schema():
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["environment"]["DATABASE_URL"].startswith("postgres://factcheck_app:")
    owner = SERVICES["migrate"]["environment"]["DATABASE_URL"]
    assert owner.startswith("postgres://factcheck:")
    assert ["python", "manage.py", "grant_runtime_role", "factcheck_app", "--create"] in (
        commands("migrate")
    )
