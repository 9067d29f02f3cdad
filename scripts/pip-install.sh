#!/usr/bin/env bash
# pip install with retries: a package download cut off mid-read by the network
# (pip's "IncompleteRead") is not retried by pip itself, and one such blip
# should not fail a fresh machine's set-up. Usage: pip-install.sh PIP ARGS...
set -uo pipefail

pip=$1
shift
attempts=4
for attempt in $(seq 1 "$attempts"); do
    "$pip" install "$@" && exit 0
    status=$?
    [[ $attempt -eq $attempts ]] && break
    echo "voice-coach: pip install failed (exit $status), retrying in $((attempt * 10)) s ($attempt/$attempts)" >&2
    sleep $((attempt * 10))
done
echo "voice-coach: pip install failed $attempts times; check the network or the package index" >&2
exit "$status"
