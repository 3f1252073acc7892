#!/bin/sh
# Entrypoint of the Registre container: `entrypoint.sh COMMAND [ARGS...]`.
#
# Without HaRP (Docker Socket Proxy daemon, or `docker run` by hand) it only runs COMMAND.
# Under HaRP (HP_SHARED_KEY set by AppAPI) it first writes the frpc configuration and starts
# frpc, which connects to HaRP's FRP server (HP_FRP_ADDRESS:HP_FRP_PORT) and exposes the service
# under the proxy name APP_ID, remote port APP_PORT. registre-server then listens on
# 127.0.0.1:APP_PORT (its configuration forces loopback when HP_SHARED_KEY is set): cpp-httplib
# has no unix sockets, so frpc forwards to that loopback TCP port instead of /tmp/exapp.sock.
# TLS towards HaRP is used when its client certificates are mounted in $REGISTRE_FRP_CERTS_DIR
# (HaRP mounts /certs/frp with client.crt, client.key and ca.crt).
#
# Settings (for tests and unusual layouts): REGISTRE_FRPC_CONFIG (default /tmp/frpc.toml),
# REGISTRE_FRP_CERTS_DIR (default /certs/frp), REGISTRE_FRPC (default frpc).
set -eu

frpc_config="${REGISTRE_FRPC_CONFIG:-/tmp/frpc.toml}"
certs_dir="${REGISTRE_FRP_CERTS_DIR:-/certs/frp}"
frpc_bin="${REGISTRE_FRPC:-frpc}"

fail() {
  echo "entrypoint: $*" >&2
  exit 64
}

# A value written between double quotes in TOML: refuse what would end the string or the line.
check_quotable() {
  case "$2" in
    *'"'* | *\\* ) fail "$1 must not contain a double quote or a backslash" ;;
  esac
  if [ "$(printf '%s' "$2" | wc -l)" -ne 0 ]; then fail "$1 must be a single line"; fi
}

check_port() {
  case "$2" in
    '' | *[!0-9]*) fail "$1 must be a port number, got '$2'" ;;
  esac
  if [ "$2" -lt 1 ] || [ "$2" -gt 65535 ]; then fail "$1 must be from 1 to 65535, got '$2'"; fi
}

write_frpc_config() {
  frp_address="${HP_FRP_ADDRESS:-}"
  frp_port="${HP_FRP_PORT:-}"
  # HP_FRP_ADDRESS may carry the port ("harp:8782") when HP_FRP_PORT is not given.
  if [ -z "$frp_port" ]; then
    case "$frp_address" in
      *:*) frp_port="${frp_address##*:}"; frp_address="${frp_address%:*}" ;;
    esac
  fi
  [ -n "$frp_address" ] || fail "HP_FRP_ADDRESS is required when HP_SHARED_KEY is set"
  [ -n "${APP_ID:-}" ] || fail "APP_ID is required when HP_SHARED_KEY is set"
  check_port HP_FRP_PORT "$frp_port"
  check_port APP_PORT "${APP_PORT:-}"
  check_quotable HP_FRP_ADDRESS "$frp_address"
  check_quotable HP_SHARED_KEY "$HP_SHARED_KEY"
  check_quotable APP_ID "$APP_ID"

  # The file holds the shared key: readable by this user only.
  old_umask="$(umask)"
  umask 077
  {
    echo "# Written by docker/entrypoint.sh at container start."
    echo "serverAddr = \"$frp_address\""
    echo "serverPort = $frp_port"
    echo "loginFailExit = false"
    echo
    if [ -f "$certs_dir/client.crt" ] && [ -f "$certs_dir/client.key" ] && [ -f "$certs_dir/ca.crt" ]; then
      echo "transport.tls.enable = true"
      echo "transport.tls.certFile = \"$certs_dir/client.crt\""
      echo "transport.tls.keyFile = \"$certs_dir/client.key\""
      echo "transport.tls.trustedCaFile = \"$certs_dir/ca.crt\""
      echo "transport.tls.serverName = \"harp.nc\""
    else
      echo "transport.tls.enable = false"
    fi
    echo
    echo "metadatas.token = \"$HP_SHARED_KEY\""
    echo
    echo "[[proxies]]"
    echo "name = \"$APP_ID\""
    echo "type = \"tcp\""
    echo "localIP = \"127.0.0.1\""
    echo "localPort = $APP_PORT"
    echo "remotePort = $APP_PORT"
  } > "$frpc_config"
  umask "$old_umask"
}

[ "$#" -gt 0 ] || fail "usage: entrypoint.sh COMMAND [ARGS...]"

if [ -n "${HP_SHARED_KEY:-}" ]; then
  write_frpc_config
  echo "entrypoint: HaRP: starting frpc (proxy $APP_ID, 127.0.0.1:$APP_PORT)" >&2
  # Started from a subshell that exits at once: frpc is re-parented to PID 1 (tini in the image),
  # which reaps it if it dies, so the health check sees it gone rather than a zombie.
  ("$frpc_bin" -c "$frpc_config" & echo "$!" > "${frpc_config%.toml}.pid")
fi

exec "$@"
