#!/usr/bin/env bash
# Run the daemon on config/homeslm.yaml; start a local mosquitto on localhost:1883 if nothing listens there.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${HOMESLM_CONFIG:-config/homeslm.yaml}"
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  if command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ]; then
    log="${TMPDIR:-/tmp}/homeslm-run-local-mosquitto.log"
    # In the background (not -d) so that its pid is known; it keeps running after homeslm stops.
    "$(command -v mosquitto || echo /usr/sbin/mosquitto)" -p 1883 >"$log" 2>&1 &
    echo "run-local: no broker on localhost:1883, started mosquitto (pid $!, log $log);" \
      "it keeps running after homeslm stops: stop it with: kill $!" >&2
  fi
fi
exec .venv/bin/homeslm -v run --config "$config" "$@"
