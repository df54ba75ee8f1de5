#!/usr/bin/env bash
# demo.sh - `make demo`: demo accounts and data in var/demo.db (SQLite), then serve on :8080.
set -euo pipefail
cd "$(dirname "$0")/.."
LISTEN=${LISTEN:-127.0.0.1:8080}
mkdir -p var
# A demo database from before the guidance program lacks its accounts: keep it aside and
# start a fresh one (demo-data only fills an empty database).
if [ -f var/demo.db ] && [ -z "$(sqlite3 var/demo.db "SELECT 1 FROM users WHERE email = 'expert@demo.otasuke.jp'" 2>/dev/null)" ]; then
  mv var/demo.db "var/demo.db.old-$(date +%Y%m%d%H%M%S)"
  rm -f var/demo.db-wal var/demo.db-shm
fi
echo
build/otasuke demo-data --db var/demo.db --listen "$LISTEN" 2>/dev/null
echo
echo "Open http://$LISTEN/ in your browser. Stop with Ctrl-C."
echo "Mail (password reset, invitations) is logged, not sent, unless you pass an SMTP server:"
echo "  OTASUKE_SMTP=smtp://127.0.0.1:25 make demo"
exec build/otasuke serve --db var/demo.db --listen "$LISTEN" --var var
