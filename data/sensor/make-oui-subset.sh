#!/usr/bin/env bash
# make-oui-subset.sh - regenerate oui-subset.csv, the fallback vendor table used when the
# Debian ieee-data registry is not installed: vendors common in small Japanese offices only.
set -euo pipefail
src=${1:-/usr/share/ieee-data/oui.csv}
out=$(dirname "$0")/oui-subset.csv
pat='Apple, Inc|Samsung Electronics|Intel Corporate|Dell Inc|Hewlett Packard|HP Inc|LCFC|Lenovo|BUFFALO|NEC Platforms|Fujitsu|FUJITSU|Yamaha|YAMAHA|Sharp|SHARP|Canon|Brother Industries|Seiko Epson|Ricoh|RICOH|KYOCERA|Cisco Systems|Raspberry Pi|VMware|Microsoft|ASUSTek|TP-LINK|Sony|SONY|Panasonic|I-O DATA|ELECOM|Allied Telesis|FURUNO|Xiaomi|Google|Amazon Technologies|HUAWEI|Synology|QNAP|Fortinet|Juniper|Palo Alto|Ubiquiti|NETGEAR|Nintendo|Murata|Toshiba|TOSHIBA|Dynabook|Hon Hai|Realtek|Sagemcom|Aruba|Kyocera'
{
  echo "Registry,Assignment,Organization Name"
  grep -E "^MA-L," "$src" | grep -E "$pat" | python3 -c '
import csv, sys
for row in csv.reader(sys.stdin):
    if len(row) >= 3:
        name = row[2].replace("\"", "\"\"")
        print(f"{row[0]},{row[1]},\"{name}\"")'
} >"$out"
echo "wrote $(($(wc -l <"$out") - 1)) prefixes to $out"
