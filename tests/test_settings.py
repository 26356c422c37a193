"""Configuration: bad values stop start-up with a clear message; production is hardened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "LAOSHAN_ENV": "production",
    "SECRET_KEY": "k7#Rq2!vLp9@Zx4$Tm8^Wn3&Hs6*Jd1(Fb5)Gc0-Yu2+Ea7=Oi9",
    "ALLOWED_HOSTS": "portal.example.org",
    "FIELD_ENCRYPTION_KEY": "bXktdGVzdC1rZXktb2YtdGhpcnR5LXR3by1ieXRlcyE=",
}


def _manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "LAOSHAN_ENV",
            "FIELD_ENCRYPTION_KEY",
        }
    }
    env.update(environ)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe'"),
        ({"DATABASE_URL": "mysql://db/laoshan"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL"),
        ({"SESSION_IDLE_MINUTES": "half an hour"}, "SESSION_IDLE_MINUTES"),
        ({"LAOSHAN_ENV": "staging"}, "LAOSHAN_ENV"),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({**PRODUCTION, "DEBUG": "1"}, "DEBUG must be off"),
        ({**PRODUCTION, "FIELD_ENCRYPTION_KEY": ""}, "FIELD_ENCRYPTION_KEY"),
        ({"FIELD_ENCRYPTION_KEY": "not-a-key"}, "FIELD_ENCRYPTION_KEY"),
    ],
)
def test_it_refuses_a_bad_value(variables: dict[str, str], message: str) -> None:
    result = _manage("check", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_it_passes_the_deployment_checks_in_production() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_reads_secrets_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION["SECRET_KEY"])
    variables = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", "--deploy", SECRET_KEY_FILE=str(secret), **variables)
    assert result.returncode == 0, result.stderr


def test_development_shows_the_portals_own_chinese_404_not_djangos_debug_page() -> None:
    """What `make run` serves: no DEBUG unless asked for, and static files still served."""
    probe = (
        "from django.conf import settings; from django.test import Client; "
        "client = Client(HTTP_HOST='127.0.0.1'); "
        "page = client.get('/no-such-page/'); "
        "css = client.get('/static/css/portal.css'); "
        "print(settings.DEBUG, page.status_code, '页面不存在' in page.content.decode(), "
        "b'URLconf' in page.content, css.status_code)"
    )
    result = _manage("shell", "-c", probe)
    assert result.stdout.split()[-5:] == ["False", "404", "True", "False", "200"], result.stderr
