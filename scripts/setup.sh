#!/usr/bin/env bash
# Installs and starts what redcheck needs on a fresh Debian machine (as root): Docker engine,
# debootstrap (offline images), iptables, redis tools, Chromium (report tests), npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v iptables >/dev/null || need+=(iptables)
command -v ip >/dev/null || need+=(iproute2)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v redis-server >/dev/null || need+=(redis-server)
# The node images' power-loss tools (docker/*.c) are compiled by the host's C compiler.
command -v cc >/dev/null || need+=(gcc libc6-dev)
command -v chromium >/dev/null || need+=(chromium)
if ((${#need[@]})); then
  echo "[setup] installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian redis-server package starts a service; redcheck starts its own servers.
systemctl disable --now redis-server >/dev/null 2>&1 || true

if ! docker info >/dev/null 2>&1; then
  echo "[setup] starting dockerd"
  (nohup dockerd >/var/log/redcheck-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "[setup] dockerd did not start; see /var/log/redcheck-dockerd.log" >&2; exit 1; }
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
fi
# The CLI runs the compiled dist/ while it is newer than every source (bin/redcheck.js), and
# starts in a fraction of the time the sources take through tsx.
if ! REDCHECK_DEBUG=1 node bin/redcheck.js --help 2>&1 >/dev/null | grep -q 'running dist/'; then
  echo "[setup] npm run build"
  npm run build
fi
# The Redis 7.0 node image every @docker test uses: built once (debootstrap + docker import,
# about 1 min; the root file system is cached under /var/cache/redcheck), a no-op afterwards.
# --bare: also redcheck/redis-bare:7.0, the server binary and its libraries only (a multi-stage
# build from the first image, seconds; a no-op when present): the tool-free image the
# faults-from-outside tests run against.
echo "[setup] node images redcheck/redis:7.0 and redcheck/redis-bare:7.0"
node bin/redcheck.js image build --redis 7.0 --offline --bare | { grep -vE '^\[image\]   I:' || true; } || {
  echo "[setup] image build failed; run: node bin/redcheck.js image build --redis 7.0" >&2
  exit 1
}
echo "[setup] ready"
