#!/usr/bin/env python3
"""po_extract.py - lists every UI msgid: {{t "..."}} in templates and the C calls that take a
msgid (xgettext with our keywords). Prints a .pot on stdout, or with --missing LANG the msgids
that po/LANG/*.po does not translate (exit 1 if any)."""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
KEYWORDS = ["tr:2", "form_error:4", "flash_set:3", "resp_json_error:5", "N_"]


def c_msgids():
    srcs = sorted(glob.glob(os.path.join(ROOT, "src", "web", "*.c")))
    if not srcs:
        return []
    args = ["xgettext", "--from-code=UTF-8", "-L", "C", "-o", "-", "--omit-header"]
    args += [f"--keyword={k}" for k in KEYWORDS] + srcs
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return parse_po(out, want_str=False)


def template_msgids():
    ids = []
    for path in sorted(glob.glob(os.path.join(ROOT, "templates", "**", "*.html"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r'\{\{\s*t\s+"((?:[^"\\]|\\.)*)"\s*\}\}', f.read()):
                ids.append(m.group(1))
    return ids


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def parse_po(text, want_str=True):
    """Returns msgids (want_str False) or {msgid: msgstr} of translated, non-fuzzy entries."""
    entries, cur, mid, mstr, fuzzy = [], None, [], [], False
    def flush():
        if mid is not None and "".join(mid):
            entries.append(("".join(mid), "".join(mstr), fuzzy))
    mid = None
    pending_fuzzy = False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            pending_fuzzy = True
        elif line.startswith("msgid "):
            flush()
            mid, mstr, cur, fuzzy = [unquote(line[7:-1])], [], "id", pending_fuzzy
            pending_fuzzy = False
        elif line.startswith("msgstr "):
            mstr, cur = [unquote(line[8:-1])], "str"
        elif line.startswith('"') and cur:
            (mid if cur == "id" else mstr).append(unquote(line[1:-1]))
    flush()
    if not want_str:
        return [e[0] for e in entries]
    return {e[0]: e[1] for e in entries if e[1] and not e[2]}


def catalog(lang):
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "po", lang, "*.po"))):
        with open(path, encoding="utf-8") as f:
            out.update(parse_po(f.read()))
    return out


def conflicts(lang):
    """msgids translated differently in two files of one language."""
    seen, out = {}, []
    for path in sorted(glob.glob(os.path.join(ROOT, "po", lang, "*.po"))):
        with open(path, encoding="utf-8") as f:
            for mid, mstr in parse_po(f.read()).items():
                if mid in seen and seen[mid][1] != mstr:
                    out.append(f"{mid!r}: {seen[mid][0]} says {seen[mid][1]!r}, "
                               f"{os.path.basename(path)} says {mstr!r}")
                seen.setdefault(mid, (os.path.basename(path), mstr))
    return out


def all_msgids():
    seen, out = set(), []
    for m in template_msgids() + c_msgids():
        if m not in seen:
            seen.add(m)
            out.append(m)
    return out


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--conflicts":
        found = conflicts(sys.argv[2])
        print("\n".join(found))
        return 1 if found else 0
    if len(sys.argv) == 3 and sys.argv[1] == "--missing":
        have = catalog(sys.argv[2])
        missing = [m for m in all_msgids() if m not in have]
        for m in missing:
            print(f'msgid "{esc(m)}"\nmsgstr ""\n')
        return 1 if missing else 0
    print('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for m in all_msgids():
        print(f'msgid "{esc(m)}"\nmsgstr ""\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
