#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine with Node 20, then runs every test.
# Usage: bash scripts/test-all.sh        (the README's test command; .ci/run calls it)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# System packages some tests use (audio tools, browser, PHP for the FreePBX module tests).
# Installed only when missing, and only when we can (root or passwordless sudo).
APT_PACKAGES=(ffmpeg espeak-ng sox openssl ${SALEHI_APT_PACKAGES:-})
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PostgreSQL for the store contract tests (the machines run it; start it when it is not running).
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

log "installing npm packages"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

log "building (tsc)"
npm run build

log "linting (eslint)"
npm run lint

log "testing (mocha)"
npx mocha
