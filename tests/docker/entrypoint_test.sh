#!/bin/sh
# Tests docker/entrypoint.sh (frpc configuration for HaRP) and docker/healthcheck.sh without
# Docker: a fake frpc and a fake curl on PATH record what they were given.
# Usage: entrypoint_test.sh REPO_ROOT [REGISTRE_SERVER]
# With REGISTRE_SERVER, also starts the real service through the entrypoint under HaRP settings
# and checks that it listens on loopback and that the health check passes (with the real curl).
set -eu
root="${1:?usage: entrypoint_test.sh REPO_ROOT [REGISTRE_SERVER]}"
server="${2:-}"
entrypoint="$root/docker/entrypoint.sh"
healthcheck="$root/docker/healthcheck.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

mkdir -p "$work/bin"
cat > "$work/bin/frpc" <<'FAKE'
#!/bin/sh
# Fake frpc: records its arguments, then stays up a while like the real one.
printf '%s\n' "$@" > "$FAKE_FRPC_ARGS"
exec sleep 30
FAKE
cat > "$work/bin/curl" <<'FAKE'
#!/bin/sh
printf '%s\n' "$@" > "$FAKE_CURL_ARGS"
exit "${FAKE_CURL_EXIT:-0}"
FAKE
chmod +x "$work/bin/frpc" "$work/bin/curl"
export PATH="$work/bin:$PATH"
export REGISTRE_FRPC_CONFIG="$work/frpc.toml"
export REGISTRE_FRP_CERTS_DIR="$work/certs"
export FAKE_FRPC_ARGS="$work/frpc.args"
export FAKE_CURL_ARGS="$work/curl.args"

check() {  # check NAME CONDITION...
  check_name="$1"; shift
  if "$@"; then echo "ok   $check_name"; else echo "FAIL $check_name" >&2; failures=$((failures + 1)); fi
}
same_file() { diff -u "$1" "$2" >&2; }
stop_frpc() {
  if [ -f "$work/frpc.pid" ]; then kill "$(cat "$work/frpc.pid")" 2>/dev/null || true; fi
  rm -f "$work/frpc.pid" "$work/frpc.toml" "$work/frpc.args"
}
wait_for() { i=0; while [ ! -s "$1" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; [ -s "$1" ]; }

# 1. Without HaRP: the command runs as given, nothing else.
out="$(env -u HP_SHARED_KEY "$entrypoint" printf '%s|' one 'two words')"
check "no HaRP: the command runs with its arguments" [ "$out" = "one|two words|" ]
check "no HaRP: no frpc configuration" [ ! -e "$work/frpc.toml" ]
check "no HaRP: frpc not started" [ ! -e "$work/frpc.args" ]

# 2. HaRP without certificates: plain connection.
cat > "$work/expected-plain.toml" <<'TOML'
# Written by docker/entrypoint.sh at container start.
serverAddr = "appapi-harp"
serverPort = 8782
loginFailExit = false

transport.tls.enable = false

metadatas.token = "s3cret key+/="

[[proxies]]
name = "registre"
type = "tcp"
localIP = "127.0.0.1"
localPort = 23000
remotePort = 23000
TOML
# (Output to a file: frpc keeps the entrypoint's stdout open, as it should in a container.)
HP_SHARED_KEY='s3cret key+/=' HP_FRP_ADDRESS=appapi-harp HP_FRP_PORT=8782 APP_ID=registre \
  APP_PORT=23000 "$entrypoint" echo started > "$work/out" 2>/dev/null
check "HaRP: the command still runs" [ "$(cat "$work/out")" = "started" ]
check "HaRP: configuration as expected" same_file "$work/expected-plain.toml" "$work/frpc.toml"
check "HaRP: configuration readable by its owner only" [ "$(stat -c %a "$work/frpc.toml")" = 600 ]
check "HaRP: frpc started with the configuration" wait_for "$work/frpc.args"
check "HaRP: frpc arguments" [ "$(tr '\n' ' ' < "$work/frpc.args")" = "-c $work/frpc.toml " ]

# 3. Health check under HaRP: healthy while frpc runs and /heartbeat answers; not when frpc is
# gone or the service does not answer.
check "health: frpc up and heartbeat ok" env HP_SHARED_KEY=k APP_PORT=23000 "$healthcheck"
check "health: asks /heartbeat on loopback" grep -qx 'http://127.0.0.1:23000/heartbeat' "$work/curl.args"
# shellcheck disable=SC2016  # $1 is expanded by the inner shell
check "health: heartbeat failing" sh -c '! env FAKE_CURL_EXIT=22 HP_SHARED_KEY=k APP_PORT=23000 "$1"' _ "$healthcheck"
kill "$(cat "$work/frpc.pid")"
sleep 0.2
# shellcheck disable=SC2016
check "health: frpc gone" sh -c '! env HP_SHARED_KEY=k APP_PORT=23000 "$1"' _ "$healthcheck"
stop_frpc
check "health: no HaRP, Docker binding all addresses" env -u HP_SHARED_KEY APP_HOST=0.0.0.0 APP_PORT=9000 "$healthcheck"
check "health: no HaRP asks loopback" grep -qx 'http://127.0.0.1:9000/heartbeat' "$work/curl.args"

# 4. HaRP with its client certificates mounted: TLS, and the address may carry the port.
mkdir -p "$work/certs"
touch "$work/certs/client.crt" "$work/certs/client.key" "$work/certs/ca.crt"
HP_SHARED_KEY=k HP_FRP_ADDRESS=harp.example:8782 APP_ID=registre APP_PORT=23000 \
  "$entrypoint" true 2>/dev/null
check "TLS: enabled with the mounted certificates" grep -qx 'transport.tls.enable = true' "$work/frpc.toml"
check "TLS: client certificate" grep -qx "transport.tls.certFile = \"$work/certs/client.crt\"" "$work/frpc.toml"
check "TLS: CA" grep -qx "transport.tls.trustedCaFile = \"$work/certs/ca.crt\"" "$work/frpc.toml"
check "TLS: HaRP's server name" grep -qx 'transport.tls.serverName = "harp.nc"' "$work/frpc.toml"
check "address:port split" grep -qx 'serverAddr = "harp.example"' "$work/frpc.toml"
check "address:port split (port)" grep -qx 'serverPort = 8782' "$work/frpc.toml"
stop_frpc

# 5. Bad settings: refused before anything starts (exit 64), the command never runs.
refused() {  # refused NAME ENV...
  refused_name="$1"; shift
  set +e
  env "$@" "$entrypoint" touch "$work/ran" 2>/dev/null
  status=$?
  set -e
  check "refused: $refused_name (exit 64)" [ "$status" -eq 64 ]
  check "refused: $refused_name (command not run)" [ ! -e "$work/ran" ]
  check "refused: $refused_name (frpc not started)" [ ! -e "$work/frpc.args" ]
}
stop_frpc
refused "quote in the key" HP_SHARED_KEY='a"b' HP_FRP_ADDRESS=h HP_FRP_PORT=1 APP_ID=registre APP_PORT=2
refused "backslash in the key" HP_SHARED_KEY='a\b' HP_FRP_ADDRESS=h HP_FRP_PORT=1 APP_ID=registre APP_PORT=2
refused "newline in the address" HP_SHARED_KEY=k HP_FRP_ADDRESS="$(printf 'h\nx')" HP_FRP_PORT=1 APP_ID=registre APP_PORT=2
refused "port not a number" HP_SHARED_KEY=k HP_FRP_ADDRESS=h HP_FRP_PORT=80a APP_ID=registre APP_PORT=2
refused "port out of range" HP_SHARED_KEY=k HP_FRP_ADDRESS=h HP_FRP_PORT=1 APP_ID=registre APP_PORT=70000
refused "no address" HP_SHARED_KEY=k HP_FRP_PORT=1 APP_ID=registre APP_PORT=2
refused "no app id" HP_SHARED_KEY=k HP_FRP_ADDRESS=h HP_FRP_PORT=1 APP_PORT=2

# 6. The real service behind the entrypoint, under HaRP: loopback whatever APP_HOST says.
if [ -n "$server" ] && command -v curl > /dev/null; then
  real_curl="$(PATH="$(printf '%s' "$PATH" | sed "s#^$work/bin:##")" command -v curl)"
  ln -sf "$real_curl" "$work/bin/curl"
  port=$((20000 + $$ % 20000))
  mkdir -p "$work/storage"
  HP_SHARED_KEY=k HP_FRP_ADDRESS=h HP_FRP_PORT=1 APP_ID=registre APP_VERSION=0.1.0 APP_SECRET=0123456789abcdef-test \
    APP_HOST=0.0.0.0 APP_PORT="$port" NEXTCLOUD_URL=http://127.0.0.1:9 \
    APP_PERSISTENT_STORAGE="$work/storage" REGISTRE_STATIC_DIR="$root/tests/fixtures/static-assets" \
    "$entrypoint" "$server" > "$work/server.out" 2> "$work/server.log" &
  server_pid=$!
  i=0
  while ! grep -q '"msg":"listening"' "$work/server.log" 2>/dev/null && [ "$i" -lt 100 ]; do
    sleep 0.1; i=$((i + 1))
  done
  check "service: listens on loopback under HaRP" grep -q '"host":"127.0.0.1"' "$work/server.log"
  check "service: healthy (heartbeat and frpc)" env HP_SHARED_KEY=k APP_HOST=0.0.0.0 APP_PORT="$port" "$healthcheck"
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  stop_frpc
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all entrypoint checks passed"
