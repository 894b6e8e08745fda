#!/usr/bin/env bash
# Makes sure a system Chromium exists at /usr/bin/chromium (Playwright's own browser download
# does not work here, so the e2e tests and the browser benchmark launch this one).
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [[ ! -x "$CHROMIUM" ]]; then
  echo "Chromium not found at $CHROMIUM: installing it with apt-get"
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo -n)   # -n: never prompt (CI has no stdin); fails clearly instead of hanging
    else
      echo "error: not root and no sudo; install Chromium yourself (apt-get install chromium)" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

# --version starts no browser window; it proves the binary and its libraries load. The grep
# drops a harmless complaint of Debian's launcher script (its /dev/shm size test breaks when
# findmnt prints two lines; Playwright passes --disable-dev-shm-usage anyway).
"$CHROMIUM" --version 2> >(grep -v 'unexpected operator' >&2)
