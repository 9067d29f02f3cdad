#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages voice-coach needs, when this user may;
# otherwise prints the exact command and fails, so `make` stops with a clear reason.
set -euo pipefail

packages=("$@")
missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "voice-coach: not a Debian/Ubuntu system; install these yourself: ${missing[*]} (see README: macOS and Windows)" >&2
    exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
else
    echo "voice-coach needs system packages; run this, then 'make' again:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "Installing system packages: ${missing[*]}"
# Retries: one dropped download should not fail a fresh machine's set-up.
"${sudo_cmd[@]}" apt-get -o Acquire::Retries=3 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o Acquire::Retries=3 install -y -qq "${missing[@]}"
