#!/usr/bin/env bash
# Makes sure a system Chromium exists at /usr/bin/chromium (Playwright's own browser download
# does not work here, so the e2e tests and the browser benchmark launch this one), and a Chinese
# font: without one Chinese renders as boxes of one fixed width, so the e2e checks of the Chinese
# UI's layout (and its screenshots) would measure boxes, not the text users see.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PACKAGES=()
[[ -x "$CHROMIUM" ]] || PACKAGES+=(chromium)
command -v fc-list >/dev/null 2>&1 && [[ -n "$(fc-list :lang=zh family)" ]] || PACKAGES+=(fonts-wqy-microhei)

if [[ ${#PACKAGES[@]} -gt 0 ]]; then
  echo "Installing with apt-get: ${PACKAGES[*]}"
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo -n)   # -n: never prompt (CI has no stdin); fails clearly instead of hanging
    else
      echo "error: not root and no sudo; install them yourself (apt-get install ${PACKAGES[*]})" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
fi

# --version starts no browser window; it proves the binary and its libraries load. The grep
# drops a harmless complaint of Debian's launcher script (its /dev/shm size test breaks when
# findmnt prints two lines; Playwright passes --disable-dev-shm-usage anyway).
"$CHROMIUM" --version 2> >(grep -v 'unexpected operator' >&2)
