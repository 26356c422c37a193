"""The PostgreSQL client programs (pg_dump, pg_restore) run against the configured database."""

from __future__ import annotations

import os
import shutil
import subprocess  # pg_dump and pg_restore, with fixed arguments  # nosec B404
from pathlib import Path

from django.db import connection

from .manifest import BackupError


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / name).is_file():
            return str(directory / name)
    raise BackupError(f"{name} was not found: install the PostgreSQL client (put it on PATH).")


def pg_command(tool: str) -> tuple[list[str], dict[str, str]]:
    """A PostgreSQL client command for the configured database, password in the env."""
    settings_dict = connection.settings_dict
    _, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    args = [_pg_tool(tool)]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    args.append(f"--dbname={settings_dict['NAME']}")
    return args, {**os.environ, **(extra or {})}


def pg_run(args: list[str], env: dict[str, str], what: str, hint: str = "") -> None:
    """Run a client command; a failure is a BackupError with its own message."""
    # The arguments are the tool, options and the settings' names, never user input.
    done = subprocess.run(  # noqa: S603  # nosec B603
        args, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        summary = f"{what} failed. {hint}" if hint else f"{what} failed."
        raise BackupError(f"{summary}\n{done.stderr.strip()}")
