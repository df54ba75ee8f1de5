#!/usr/bin/env bash
# check_pcaps.sh - the committed scenario captures are exactly what gen.py writes
# (skipped, exit 77, when python3-scapy is not installed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 -c "import scapy" 2>/dev/null || { echo "SKIP: python3-scapy not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/gen.py" "$tmp" >/dev/null
for f in "$here"/pcap/*.pcap; do
  cmp -s "$f" "$tmp/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs from gen.py output"; exit 1; }
done
n_gen=$(ls "$tmp" | wc -l); n_have=$(ls "$here"/pcap/*.pcap | wc -l)
[ "$n_gen" -eq "$n_have" ] || { echo "FAIL: gen.py writes $n_gen captures, $n_have committed"; exit 1; }
echo "PASS: $n_have captures match gen.py"
