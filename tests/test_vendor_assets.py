"""Checks on the vendored front-end assets in static/vendor/.

static/vendor/ is produced by scripts/vendor_assets.sh from npm tarballs; MANIFEST.json records
the SHA-256 of every file it wrote. These tests catch hand edits, missing licence texts, and
templates or scripts under static/ that pull assets from a CDN instead of the vendored copies.
No database or Django settings are needed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"

SCANNED_SUFFIXES = {".css", ".js", ".html"}
# An absolute http(s) URL used as a src=, href= or url( reference, quoted or not.
REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*|\burl\(\s*)["']?\s*https?://""",
    re.IGNORECASE,
)


def _packages() -> list[dict]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    packages = manifest["packages"]
    assert packages, "MANIFEST.json lists no packages"
    return packages


def _package_dirs() -> set[Path]:
    return {VENDOR / path.split("/", 1)[0] for pkg in _packages() for path in pkg["files"]}


def test_it_records_name_version_and_licence_for_each_package() -> None:
    for pkg in _packages():
        assert pkg["name"], pkg
        assert pkg["version"], pkg
        assert pkg["license"], pkg
        assert pkg["files"], pkg


def test_it_matches_every_listed_file_to_its_recorded_sha256() -> None:
    for pkg in _packages():
        for rel_path, expected in pkg["files"].items():
            path = VENDOR / rel_path
            assert path.is_file(), f"{pkg['name']}: {rel_path} is missing"
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
            assert actual == expected, f"{pkg['name']}: {rel_path} differs from MANIFEST.json"


def test_it_lists_every_vendored_file_in_the_manifest() -> None:
    listed = {rel_path for pkg in _packages() for rel_path in pkg["files"]}
    on_disk = {
        path.relative_to(VENDOR).as_posix()
        for directory in _package_dirs()
        for path in directory.rglob("*")
        if path.is_file()
    }
    assert on_disk - listed == set(), "files not produced by scripts/vendor_assets.sh"


def test_it_has_a_licence_file_in_every_package_directory() -> None:
    directories = _package_dirs() | {path for path in VENDOR.iterdir() if path.is_dir()}
    for directory in sorted(directories):
        assert (directory / "LICENSE").is_file(), f"{directory.name} has no LICENSE"


def test_it_loads_nothing_from_remote_urls_outside_vendor() -> None:
    offenders = []
    for path in sorted(STATIC.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SCANNED_SUFFIXES:
            continue
        if path.is_relative_to(VENDOR):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in REMOTE_REFERENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert offenders == [], "remote URLs in static files:\n" + "\n".join(offenders)
