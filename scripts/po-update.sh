#!/usr/bin/env bash
# po-update.sh - regenerates po/otasuke.pot and lists Japanese translations still missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/po_extract.py > po/otasuke.pot
for f in po/*/*.po; do msgfmt --check -o /dev/null "$f"; done
if ! scripts/po_extract.py --conflicts ja; then
  echo "the same msgid is translated differently in two po/ja files (one would win silently)"
  exit 1
fi
if ! scripts/po_extract.py --missing ja > po/ja-missing.txt; then
  echo "untranslated msgids written to po/ja-missing.txt; add them to a po/ja/*.po file"
  exit 1
fi
rm -f po/ja-missing.txt
echo "po: every msgid has a Japanese translation"
