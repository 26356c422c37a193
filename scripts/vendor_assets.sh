#!/usr/bin/env bash
# Vendor front-end assets into static/vendor/ straight from the npm registry (no CDN).
#
# For every pinned package this script runs `npm pack <name>@<version>` in a temporary
# directory, checks the tarball's integrity against the pinned value below, extracts the
# files we serve, copies them byte-for-byte into static/vendor/<dir>/, and finally writes
# static/vendor/MANIFEST.json (name, version, SPDX licence, sha256 of every file) and
# static/vendor/README.md.
#
# The whole of static/vendor/ is regenerated on every run: never edit its files by hand.
# To upgrade a package, change its version AND its integrity below (take the value from
# `npm view <name>@<version> dist.integrity`), then rerun this script.
#
# Requires: npm, tar, python3 (plus coreutils).
set -euo pipefail

# name|version|integrity (sha512 of the tarball, as published on the registry)|target dir
PACKAGES=(
    "bootstrap|5.3.9|sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w==|bootstrap"
    "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==|htmx"
    "echarts|6.1.0|sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==|echarts"
)

# Files to ship, as paths inside the tarball's package/ directory. Each is copied flat into
# the target dir. Optional files (shipped only if present) are prefixed with "?".
files_for() {
    case "$1" in
        bootstrap)
            echo "dist/css/bootstrap.min.css dist/css/bootstrap.min.css.map"
            echo "dist/js/bootstrap.bundle.min.js dist/js/bootstrap.bundle.min.js.map LICENSE"
            ;;
        htmx.org) echo "dist/htmx.min.js LICENSE" ;;
        echarts) echo "dist/echarts.min.js LICENSE ?NOTICE" ;;
        *)
            echo "no file list for package $1" >&2
            return 1
            ;;
    esac
}

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor_assets.XXXXXX")"
trap 'rm -rf -- "$WORK"' EXIT
STAGE="$WORK/vendor"
mkdir -p -- "$STAGE"

# Maps a shipped file back to its path inside the package (recorded while copying).
declare -A ORIGIN=()
relpath_of() { echo "${ORIGIN[$1]}"; }

# Ship the source map a minified file points to (//# sourceMappingURL=x.map or
# /*# sourceMappingURL=x.map */), if we don't ship it already. Django's manifest storage
# (WhiteNoise's CompressedManifestStaticFilesStorage) rewrites that reference and fails at
# collectstatic when the map is missing.
ship_referenced_maps() {
    local src_dir="$1" dest_dir="$2" file ref
    for file in "$dest_dir"/*.js "$dest_dir"/*.css; do
        [[ -f "$file" ]] || continue
        ref="$(python3 - "$file" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
refs = re.findall(r"^(?://|/\*)# sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", data, re.M)
print(refs[-1] if refs else "")
PY
)"
        [[ -z "$ref" || "$ref" == data:* ]] && continue
        if [[ "$ref" == */* || "$ref" == *:* ]]; then
            echo "error: $(basename -- "$file") references unsupported source map '$ref'" >&2
            return 1
        fi
        [[ -f "$dest_dir/$ref" ]] && continue
        if [[ ! -f "$src_dir/$(dirname -- "$(relpath_of "$file")")/$ref" ]]; then
            echo "error: $(basename -- "$file") references $ref, not in the package" >&2
            return 1
        fi
        cp -- "$src_dir/$(dirname -- "$(relpath_of "$file")")/$ref" "$dest_dir/$ref"
        echo "  + $ref (referenced by $(basename -- "$file"))"
    done
}

for spec in "${PACKAGES[@]}"; do
    IFS='|' read -r name version integrity dir <<<"$spec"
    echo "==> $name@$version -> static/vendor/$dir/"

    pack_dir="$WORK/pack/$dir"
    mkdir -p -- "$pack_dir"
    pack_json="$(cd -- "$pack_dir" && npm pack --ignore-scripts --json "$name@$version")"
    read -r tarball got_integrity < <(
        python3 -c 'import json,sys; e=json.load(sys.stdin)[0]; print(e["filename"], e["integrity"])' \
            <<<"$pack_json"
    )
    if [[ "$got_integrity" != "$integrity" ]]; then
        echo "error: integrity mismatch for $name@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $got_integrity" >&2
        exit 1
    fi

    src="$pack_dir/src"
    mkdir -p -- "$src"
    tar -xzf "$pack_dir/$tarball" -C "$src" --no-same-owner --no-same-permissions
    src="$src/package"

    pkg_version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$src/package.json")"
    if [[ "$pkg_version" != "$version" ]]; then
        echo "error: $name tarball has version $pkg_version, expected $version" >&2
        exit 1
    fi

    dest="$STAGE/$dir"
    mkdir -p -- "$dest"
    for rel in $(files_for "$name"); do
        optional=0
        if [[ "$rel" == \?* ]]; then
            optional=1
            rel="${rel#\?}"
        fi
        if [[ ! -f "$src/$rel" ]]; then
            if ((optional)); then
                continue
            fi
            echo "error: $name@$version has no $rel" >&2
            exit 1
        fi
        base="$(basename -- "$rel")"
        if [[ -e "$dest/$base" ]]; then
            echo "error: two files named $base for $name" >&2
            exit 1
        fi
        cp -- "$src/$rel" "$dest/$base"
        ORIGIN["$dest/$base"]="$rel"
        echo "  $rel -> $base"
    done
    ship_referenced_maps "$src" "$dest"
    chmod 0644 -- "$dest"/*
    cp -- "$src/package.json" "$WORK/pack/$dir.package.json"
done

# MANIFEST.json: one entry per package; file paths are relative to static/vendor/.
python3 - "$STAGE" "$WORK/pack" "${PACKAGES[@]}" <<'PY'
import hashlib
import json
import sys
from pathlib import Path

stage, pack, specs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
packages = []
for spec in specs:
    name, version, _integrity, directory = spec.split("|")
    meta = json.loads((pack / f"{directory}.package.json").read_text(encoding="utf-8"))
    licence = meta.get("license")
    if not isinstance(licence, str) or not licence:
        sys.exit(f"error: {name}@{version} has no SPDX licence string in package.json")
    files = {
        path.relative_to(stage).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((stage / directory).iterdir())
        if path.is_file()
    }
    packages.append({"name": name, "version": version, "license": licence, "files": files})

manifest = {"generated_by": "scripts/vendor_assets.sh", "packages": packages}
(stage / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
PY

# README.md, regenerated together with the assets so the versions can never drift.
python3 - "$STAGE" <<'PY'
import json
import sys
from pathlib import Path

stage = Path(sys.argv[1])
manifest = json.loads((stage / "MANIFEST.json").read_text(encoding="utf-8"))
rows = []
for pkg in manifest["packages"]:
    directory = next(iter(pkg["files"])).split("/")[0]
    files = ", ".join(f"`{p.split('/', 1)[1]}`" for p in pkg["files"])
    rows.append(f"| {pkg['name']} | {pkg['version']} | {pkg['license']} | `{directory}/` | {files} |")
table = "\n".join(rows)
text = f"""# Vendored front-end assets

Third-party CSS and JavaScript served by the portal itself, so that no page loads
anything from a CDN. Every file is copied byte-for-byte from the package tarball
published on the npm registry.

| Package | Version | Licence (SPDX) | Directory | Files |
| --- | --- | --- | --- | --- |
{table}

Each directory also holds the package's licence text (`LICENSE`, plus `NOTICE`
where the package ships one, as the Apache-2.0 licence of ECharts requires).
`MANIFEST.json` records, for each package, its name, version, licence and the
SHA-256 of every file (paths relative to this directory);
`tests/test_vendor_assets.py` checks the files against it.

**Do not edit anything in this directory by hand.** It is produced, and wiped and
rebuilt on every run, by `scripts/vendor_assets.sh`. To upgrade a package, change
its pinned version and tarball integrity in that script and run it again.
"""
(stage / "README.md").write_text(text, encoding="utf-8")
PY

# Swap the freshly built tree in only now, so a failed run leaves the old one intact.
# Only static/vendor/ itself is replaced; nothing else under static/ is touched.
mkdir -p -- "$ROOT/static"
rm -rf -- "$VENDOR"
cp -R -- "$STAGE" "$VENDOR"
echo "==> wrote $(find "$VENDOR" -type f | wc -l) files to static/vendor/"
