#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing:
# the PostgreSQL server (binaries under /usr/lib/postgresql/<ver>/bin) with its contrib
# extensions (pg_trgm: pixsim7's trigram index, which the search tests build), and Chromium
# with the libatomic1 that Playwright's node driver needs.
#   scripts/system-deps.sh        what the test suite needs
#   scripts/system-deps.sh venv   only what `python3 -m venv` needs (Debian splits it out)
set -euo pipefail
need=()
python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
if [ "${1:-}" != "venv" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1 || need+=(postgresql-contrib)
  [ -x /usr/lib/chromium/chromium ] || need+=(chromium)
  # Playwright's own node driver (in the venv) links libatomic.so.1; chromium does not pull it in.
  ls /usr/lib/*/libatomic.so.1 >/dev/null 2>&1 || need+=(libatomic1)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "missing system packages: ${need[*]} (no apt-get here; install them by hand)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
