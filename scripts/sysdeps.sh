#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages.txt that are
# missing (fonts for the sample PDFs and test pages, ...). A machine that has
# them all pays one dpkg-query.  Needs root or passwordless sudo for apt-get.
#
#   bash scripts/sysdeps.sh          install what is missing
#   bash scripts/sysdeps.sh --check  list what is missing; exit 1 if anything is
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIST=${NOTICES_SYSTEM_PACKAGES:-$ROOT/scripts/system-packages.txt}
say() { printf 'sysdeps.sh: %s\n' "$*" >&2; }

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' "$LIST" | awk '{print $1}')
missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ "${1:-}" = "--check" ]; then
    [ ${#missing[@]} -eq 0 ] && exit 0
    printf '%s\n' "${missing[@]}"
    exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${missing[*]}; this is not a Debian-like system: install them by hand"
    exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        say "missing: ${missing[*]}; run as root (or with passwordless sudo): apt-get install -y ${missing[*]}"
        exit 1
    fi
fi
say "installing ${missing[*]} (apt-get install -y)"
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    "${SUDO[@]}" apt-get update -q >&2
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
