#!/usr/bin/env bash
# install-deps.sh - install the Debian 12 packages otasuke needs to build, test and demo.
# Fast when everything is present: only calls apt-get for what is missing.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config clang-14 libclang-rt-14-dev clang-format
  libcmocka-dev libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  libjansson-dev libsodium-dev libcurl4-openssl-dev zlib1g-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libxlsxwriter-dev libqrencode-dev
  libpcap-dev gettext python3 python3-scapy tcpdump libndpi-bin
  chromium nodejs npm wrk nginx hyperfine poppler-utils zbar-tools librsvg2-bin
)
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere on the machine; accept a working binary.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# PostgreSQL's Debian package starts a cluster on 5432; tests run their own, so stop it.
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_lsclusters -h | awk '$4=="online"{print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop || true; done
fi
