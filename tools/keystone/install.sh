#!/usr/bin/env bash
# Installs a real Keystone (OpenStack Identity) 30.0.0 from PyPI into a Python virtual
# environment in a cache outside the checkout:
#
#   ${SLIPWAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway}/keystone/<key>/venv
#
# <key> hashes everything that decides the result (the pinned requirement, the Python
# version, and serve-keystone.py, which is copied into the venv), so changing an input
# installs a new directory and an unchanged one is reused in well under a second. A venv
# cannot be moved after it is made (its scripts name their own path), so the install
# happens in place and a `.complete` marker is written last: a killed install is redone.
#
# stdout: only the venv path (last line). Progress goes to stderr.
# Env: SLIPWAY_KEYSTONE_PYTHON picks the interpreter (default python3, 3.10 or newer).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf 'keystone/install.sh: %s\n' "$*" >&2; }

python=${SLIPWAY_KEYSTONE_PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  log "error: '$python' is not on PATH; Keystone needs Python 3.10 or newer (set SLIPWAY_KEYSTONE_PYTHON to one)."
  exit 127
fi
if ! "$python" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
  log "error: $("$python" --version 2>&1) cannot run Keystone 30 (needs 3.10 or newer with the venv module)."
  exit 1
fi

requirement='keystone==30.0.0'
python_identity=$("$python" -c 'import sys, platform; print(sys.version.split()[0], platform.machine())')
key=$(
  {
    printf 'layout=1\n'
    printf 'python=%s\n' "$python_identity"
    printf 'requirement=%s\n' "$requirement"
    cat "$script_dir/serve-keystone.py"
  } | sha256sum | cut -c1-16
)

cache_root=${SLIPWAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway}/keystone
final_dir=$cache_root/$key
venv=$final_dir/venv

if [[ -f $final_dir/.complete ]]; then
  log "reusing the cached Keystone ($key): $venv"
  printf '%s\n' "$venv"
  exit 0
fi

mkdir -p "$final_dir"
# One install per key at a time: a second caller waits for the first (flock is in util-linux).
exec 9>"$final_dir/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [[ -f $final_dir/.complete ]]; then
  printf '%s\n' "$venv"
  exit 0
fi

rm -rf "$venv"
log "installing $requirement into $venv (about 30 s)"
started=$(date +%s)
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input "$requirement" >&2
cp "$script_dir/serve-keystone.py" "$venv/bin/serve-keystone.py"
# Importing the app itself needs a configuration; finding it proves the install.
"$venv/bin/python" -c 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("keystone.wsgi.api") else 1)' || { log "error: keystone installed but has no keystone.wsgi.api"; exit 1; }
touch "$final_dir/.complete"
log "installed in $(( $(date +%s) - started )) s"
printf '%s\n' "$venv"
