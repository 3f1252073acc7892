#!/bin/sh
# Docker HEALTHCHECK: the service answers GET /heartbeat with 200 and, under HaRP, frpc (the only
# way in) is still running. Exit 0 healthy, 1 not.
set -eu
host="${APP_HOST:-127.0.0.1}"
case "$host" in
  '' | 0.0.0.0 | '::' | '[::]') host=127.0.0.1 ;;
esac
if [ -n "${HP_SHARED_KEY:-}" ]; then
  host=127.0.0.1  # registre-server listens on loopback under HaRP
  pid_file="${REGISTRE_FRPC_CONFIG:-/tmp/frpc.toml}"
  pid_file="${pid_file%.toml}.pid"
  [ -f "$pid_file" ] || exit 1
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || exit 1
  if grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then exit 1; fi
fi
case "$host" in
  *:*) host="[$host]" ;;  # IPv6 literal
esac
curl -fsS --max-time 3 -o /dev/null "http://$host:${APP_PORT:-23000}/heartbeat" || exit 1
